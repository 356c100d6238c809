package io.switchboard.core.internal;

import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.MessageDelta;
import io.switchboard.core.event.ToolCallDelta;
import io.switchboard.core.spi.EventTracing;
import java.util.concurrent.CompletableFuture;

/**
 * Deltas of one message (or tool call) that an emitter holds for the manager's delta window, to
 * send them as one. Guarded by its emitter's lock.
 */
final class DeltaWindow {

    private final boolean toolCall;
    private final String id;
    private final String toolName;
    private final StringBuilder text = new StringBuilder();
    private final long openedNanos;
    private final long generation;
    private final CompletableFuture<EmitOutcome> sent = new CompletableFuture<>();
    private final EventTracing.Emission emission;

    /**
     * @param emission the tracing of the first held delta's call, which the merged delta keeps
     */
    DeltaWindow(boolean toolCall, String id, String toolName, long openedNanos, long generation,
            EventTracing.Emission emission) {
        this.toolCall = toolCall;
        this.id = id;
        this.toolName = toolName;
        this.openedNanos = openedNanos;
        this.generation = generation;
        this.emission = emission;
    }

    EventTracing.Emission emission() {
        return emission;
    }

    boolean holds(boolean otherToolCall, String otherId, String otherToolName) {
        return toolCall == otherToolCall && id.equals(otherId)
                && (!toolCall || toolName.equals(otherToolName));
    }

    void add(String delta) {
        text.append(delta);
    }

    long openedNanos() {
        return openedNanos;
    }

    long generation() {
        return generation;
    }

    /** The future every held delta returned; completed once the merged delta is sent. */
    CompletableFuture<EmitOutcome> sent() {
        return sent;
    }

    /** The held deltas as one event. */
    AgentEvent event() {
        return toolCall ? new ToolCallDelta(id, toolName, text.toString())
                : new MessageDelta(id, text.toString());
    }
}
