package io.switchboard.core.replay;

import io.switchboard.core.id.RunId;
import java.util.Objects;
import java.util.Optional;

/**
 * The last lifecycle event of a stream, so that a client that cannot recover still knows where a
 * run stands (for example that it already completed).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param type the event type, such as {@code agent_completed}
 * @param run the run that emitted it, if any
 * @param seq its position in the stream
 */
public record LifecycleMark(String type, Optional<RunId> run, long seq) {

    /**
     * Checks the parts.
     *
     * @param type the event type, such as {@code agent_completed}
     * @param run the run that emitted it, if any
     * @param seq its position in the stream
     */
    public LifecycleMark {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(run, "run");
    }
}
