package io.switchboard.core;

/** The overall result of a send; see {@link SendOutcome}. */
public enum SendStatus {
    /** Queued for at least one local connection or forwarded to at least one other instance. */
    QUEUED,
    /** No connection matched the address (the user is offline, the room is empty...). */
    NO_TARGET,
    /** The run is not associated with a user (never associated, or its association expired). */
    UNKNOWN_RUN,
    /** Connections matched, but none could take the frame (all closed or overflowing). */
    FAILED,
    /** The event could not be serialized (an application payload Jackson cannot write). */
    ENCODING_FAILED,
    /** The manager is shutting down and accepts no new sends. */
    SHUT_DOWN
}
