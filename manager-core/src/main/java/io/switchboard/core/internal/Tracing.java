package io.switchboard.core.internal;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.id.RunId;
import io.switchboard.core.spi.EventTracing;
import io.switchboard.core.spi.TextFrame;
import java.util.Optional;
import java.util.function.Function;

/** How the manager uses its {@link EventTracing}: around each send, and on each frame it encodes. */
final class Tracing {

    private final EventTracing tracing;

    Tracing(EventTracing tracing) {
        this.tracing = tracing;
    }

    EventTracing tracing() {
        return tracing;
    }

    /** Runs one send inside an emission, which ends with the send's outcome. */
    SendOutcome traced(AgentEvent event, Target target, RunId run,
            Function<EventTracing.Emission, SendOutcome> send) {
        EventTracing.Emission emission =
                tracing.emitting(event.type(), target, Optional.ofNullable(run));
        SendOutcome outcome = send.apply(emission);
        emission.ended(outcome);
        return outcome;
    }

    /** The frame, carrying the emission's context if it has one. */
    static TextFrame carrying(TextFrame frame, EventTracing.Emission emission) {
        String context = emission.context();
        return context == null ? frame : frame.withContext(context);
    }
}
