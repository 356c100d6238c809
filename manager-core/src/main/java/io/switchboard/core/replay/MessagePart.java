package io.switchboard.core.replay;

import java.util.Objects;

/**
 * What the log is told about an event of a streamed message or tool call, beyond what
 * {@link ReplayLog#append(StreamId, String, java.util.Optional, boolean, EventEncoder) append}
 * says of every event: which message it belongs to and, for a delta, its text. With it a log keeps
 * a message compactly (its text once, not one frame per delta), never lets deltas use up its count
 * bound, and can tell a client which message it could not recover.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param kind which event of the message this is
 * @param id the message id, or the tool call id for {@link Kind#TOOL_CALL_DELTA}
 * @param toolName the tool, for {@link Kind#TOOL_CALL_DELTA}; null otherwise
 * @param text the delta's text for the two delta kinds (never empty); null otherwise
 */
public record MessagePart(Kind kind, String id, String toolName, String text) {

    /** The events of a streamed message or tool call. */
    public enum Kind {
        /** {@code message_started}: the message opens. */
        MESSAGE_STARTED("message_started"),
        /** {@code message_delta}: the next characters of the message. */
        MESSAGE_DELTA("message_delta"),
        /** {@code message_completed}: the message is complete. */
        MESSAGE_COMPLETED("message_completed"),
        /** {@code tool_call_delta}: the next characters of a tool call's arguments. */
        TOOL_CALL_DELTA("tool_call_delta");

        private final String type;

        Kind(String type) {
            this.type = type;
        }

        /**
         * The event's wire type.
         *
         * @return for example {@code message_delta}
         */
        public String type() {
            return type;
        }

        /**
         * Whether events of this kind carry text and may be merged.
         *
         * @return {@code true} for the two delta kinds
         */
        public boolean isDelta() {
            return this == MESSAGE_DELTA || this == TOOL_CALL_DELTA;
        }
    }

    /**
     * Checks the parts.
     *
     * @param kind which event of the message this is
     * @param id the message id, or the tool call id for {@link Kind#TOOL_CALL_DELTA}
     * @param toolName the tool, for {@link Kind#TOOL_CALL_DELTA}; null otherwise
     * @param text the delta's text for the two delta kinds (never empty); null otherwise
     * @throws IllegalArgumentException if a delta has no text or another kind has one
     */
    public MessagePart {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (kind.isDelta() != (text != null) || (text != null && text.isEmpty())) {
            throw new IllegalArgumentException("a delta carries non-empty text, other parts none");
        }
        if ((kind == Kind.TOOL_CALL_DELTA) != (toolName != null)) {
            throw new IllegalArgumentException("only a tool call delta names its tool");
        }
    }

    /** Describes the part by size only: text never reaches logs. */
    @Override
    public String toString() {
        return "MessagePart[" + kind + ", " + id + (text == null ? "" : ", " + text.length() + " chars")
                + "]";
    }
}
