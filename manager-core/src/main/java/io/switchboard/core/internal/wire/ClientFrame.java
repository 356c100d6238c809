package io.switchboard.core.internal.wire;

import io.switchboard.core.event.ApprovalDecided;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import java.util.List;
import java.util.Optional;

/** A decoded, validated frame from a client. */
public sealed interface ClientFrame {

    /**
     * A position in a stream as a client states it.
     *
     * @param epoch the epoch the client saw, if any
     * @param seq the last seq it received
     */
    record Position(Optional<String> epoch, long seq) {
    }

    /**
     * Subscribe to one of the user's threads, resuming from a position if given.
     *
     * @param thread the thread
     * @param from the client's position in the thread's stream, if it resumes
     */
    record Subscribe(ThreadId thread, Optional<Position> from) implements ClientFrame {
    }

    /**
     * Resume streams ({@code hello} or {@code resume}); thread streams are subscribed as well.
     *
     * @param cursors one per stream; the streams' owners are checked by the dispatcher
     */
    record Resume(List<StreamCursor> cursors) implements ClientFrame {
    }

    /**
     * Acknowledge an event.
     *
     * @param stream the stream
     * @param seq the event's seq
     */
    record Ack(StreamId stream, long seq) implements ClientFrame {
    }

    /**
     * End a subscription.
     *
     * @param thread the thread
     */
    record Unsubscribe(ThreadId thread) implements ClientFrame {
    }

    /**
     * An application message.
     *
     * @param thread the thread it concerns, if named
     * @param payloadJson the payload as compact JSON
     */
    record Message(Optional<ThreadId> thread, String payloadJson) implements ClientFrame {
    }

    /** An application-level ping. */
    record Ping() implements ClientFrame {
    }

    /**
     * Ask to stop a run.
     *
     * @param run the run; its owner is checked by the dispatcher
     */
    record Cancel(RunId run) implements ClientFrame {
    }

    /**
     * Decide an approval request.
     *
     * @param requestId the request; its run's owner is checked by the dispatcher
     * @param decision the decision
     * @param comment what the user added, if anything
     */
    record Approval(String requestId, ApprovalDecided.Decision decision, Optional<String> comment)
            implements ClientFrame {
    }
}
