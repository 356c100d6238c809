package io.switchboard.core.spi;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.RunId;
import io.switchboard.core.internal.NoEventTracing;
import java.util.Optional;

/**
 * Follows events across instances: the context of the code that emits an event (for example the
 * span of the agent run) travels with the event's frame, through the cluster port, to the instance
 * that delivers it. The manager asks for an {@link Emission} when an event is sent, puts the
 * emission's {@link Emission#context() context} on the frame ({@link TextFrame#withContext}), and
 * on the receiving instance opens a {@link Delivery} with the context the frame arrived with. The
 * context is opaque to the manager and to cluster ports; the OpenTelemetry module puts a W3C
 * {@code traceparent} there. Install one with the manager builder's {@code tracing(..)}.
 *
 * <h2>Threading</h2>
 * {@link #emitting} is called on the thread that emits: the caller of a send method, or of an
 * emitter's method at the time of the call (an emit that is retried, or a delta held for the delta
 * window, keeps the context of that call). {@link Emission#ended} may run on another thread (the
 * manager's scheduler after a retry). {@link #delivering} and {@link Delivery#ended} run on the
 * cluster port's thread, one after the other, around the frame's local delivery. Every method must
 * be quick, must not block and must not throw.
 */
public interface EventTracing {

    /**
     * No tracing: frames carry no context and nothing is recorded. The manager's default.
     *
     * @return a tracing that does nothing
     */
    static EventTracing none() {
        return new NoEventTracing();
    }

    /**
     * An event is being sent.
     *
     * @param type the event's wire type, such as {@code agent_started}
     * @param target whom it is addressed to
     * @param run the run that emits it, if any
     * @return the emission; ended once, with the send's final outcome
     */
    Emission emitting(String type, Target target, Optional<RunId> run);

    /**
     * A frame another instance forwarded is about to be delivered to this instance's connections.
     *
     * @param context the context the frame arrived with, if any
     * @param target whom it is addressed to
     * @return the delivery; ended once, when the frame has been queued locally
     */
    Delivery delivering(Optional<String> context, Target target);

    /** One event being sent. */
    interface Emission {

        /**
         * The context to carry with the event's frame.
         *
         * @return the context (printable ASCII, see {@link TextFrame#withContext}), or null for none
         */
        String context();

        /**
         * The send is over (after any retries).
         *
         * @param outcome what it did
         */
        void ended(SendOutcome outcome);
    }

    /** One frame from another instance being delivered. */
    interface Delivery {

        /**
         * The frame has been queued for this instance's matching connections.
         *
         * @param queued how many connections it was queued for
         */
        void ended(int queued);
    }
}
