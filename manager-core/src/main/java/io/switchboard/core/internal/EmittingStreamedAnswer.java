package io.switchboard.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.StreamedAnswer;
import io.switchboard.core.event.MessageKind;
import java.util.Map;
import java.util.Objects;

/**
 * The streamed answer of one run: tracks the open message and the answer's text, and ends the run
 * once. Not public API: obtain it through {@link StreamedAnswer#of}.
 */
public final class EmittingStreamedAnswer implements StreamedAnswer {

    private static final String CANCELLED_BY_USER = "cancelled by the user";
    // Immutable and thread-safe: one reader for every run's tool arguments.
    private static final ObjectReader ARGUMENTS =
            new ObjectMapper().readerFor(new TypeReference<Map<String, Object>>() { });

    private final AgentEmitter emitter;
    // Guarded by this.
    private final StringBuilder answer = new StringBuilder();
    private String openMessage;
    private MessageKind openKind;
    private int messages;
    private boolean ended;

    /**
     * Creates the answer; use {@link StreamedAnswer#of}.
     *
     * @param emitter the run's emitter
     */
    public EmittingStreamedAnswer(AgentEmitter emitter) {
        this.emitter = Objects.requireNonNull(emitter, "emitter");
    }

    @Override
    public synchronized void reasoning(String delta) {
        delta(MessageKind.REASONING, delta);
    }

    @Override
    public synchronized void text(String delta) {
        if (delta(MessageKind.TEXT, delta)) {
            answer.append(delta);
        }
    }

    @Override
    public synchronized void toolCallDelta(String toolCallId, String toolName,
            String argumentsDelta) {
        if (ended || argumentsDelta == null || argumentsDelta.isEmpty()) {
            return;
        }
        closeMessage();
        emitter.toolCallDelta(toolCallId, toolName, argumentsDelta);
    }

    @Override
    public synchronized void toolExecuting(String toolCallId, String toolName,
            String argumentsJson) {
        if (ended) {
            return;
        }
        closeMessage();
        emitter.toolExecuting(toolCallId, toolName, arguments(argumentsJson));
    }

    @Override
    public synchronized void toolCompleted(String toolCallId, String toolName, boolean succeeded,
            Object result, long durationMillis) {
        if (ended) {
            return;
        }
        closeMessage();
        emitter.toolCompleted(toolCallId, toolName, succeeded, result, durationMillis);
    }

    @Override
    public synchronized boolean completed() {
        if (!end()) {
            return false;
        }
        emitter.completed(answer.toString());
        return true;
    }

    @Override
    public synchronized boolean failed(String error) {
        Objects.requireNonNull(error, "error");
        if (!end()) {
            return false;
        }
        emitter.failed(error);
        return true;
    }

    @Override
    public synchronized boolean cancelled(String reason) {
        if (!end()) {
            return false;
        }
        emitter.cancelled(reason);
        return true;
    }

    @Override
    public synchronized boolean isEnded() {
        return ended;
    }

    @Override
    public void onCancel(Runnable stopModel) {
        Objects.requireNonNull(stopModel, "stopModel");
        emitter.cancellation().thenAccept(request -> {
            if (cancelled(CANCELLED_BY_USER)) {
                stopModel.run();
            }
        });
    }

    // Under this. Returns whether the delta was emitted.
    private boolean delta(MessageKind kind, String delta) {
        if (ended || delta == null || delta.isEmpty()) {
            return false;
        }
        if (openKind != kind) {
            closeMessage();
            // Unique in the thread's stream, which holds many runs: clients key messages by it.
            openMessage = emitter.run().value() + ":m" + (++messages);
            openKind = kind;
            emitter.messageStarted(openMessage, kind);
        }
        emitter.messageDelta(openMessage, delta);
        return true;
    }

    // Under this.
    private void closeMessage() {
        if (openMessage != null) {
            emitter.messageCompleted(openMessage);
            openMessage = null;
            openKind = null;
        }
    }

    // Under this.
    private boolean end() {
        if (ended) {
            return false;
        }
        closeMessage();
        ended = true;
        return true;
    }

    private Map<String, Object> arguments(String argumentsJson) {
        if (argumentsJson == null || argumentsJson.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> parsed = ARGUMENTS.readValue(argumentsJson);
            return parsed == null ? Map.of() : parsed;
        } catch (JsonProcessingException notAnObject) {
            return Map.of("arguments", argumentsJson);
        }
    }

    @Override
    public String toString() {
        return "StreamedAnswer[" + emitter + "]";
    }
}
