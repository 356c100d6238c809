package io.switchboard.core.internal.wire;

import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import java.time.Instant;
import java.util.Objects;

/**
 * An event with its addressing and ordering, as it goes on the wire. Absent parts ({@code null})
 * are left out of the JSON.
 *
 * @param event the event; its type and payload
 * @param stream the stream the event belongs to, or null
 * @param seq the event's position in its stream, or null
 * @param epoch the stream's epoch, or null
 * @param run the run that emitted the event, or null
 * @param thread the thread the event belongs to, or null
 * @param ts when the event was sent
 */
public record Envelope(
        AgentEvent event, String stream, Long seq, String epoch, RunId run, ThreadId thread,
        Instant ts) {

    /** Checks the required parts. */
    public Envelope {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(ts, "ts");
    }
}
