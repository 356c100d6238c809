package io.switchboard.core.event;

/** What a streamed message holds; on the wire in lower case. Immutable. */
public enum MessageKind {
    /** The answer shown to the user. */
    TEXT,
    /** The model's reasoning, shown apart from the answer. */
    REASONING
}
