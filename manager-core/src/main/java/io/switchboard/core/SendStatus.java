package io.switchboard.core;

/**
 * The overall result of a send; see {@link SendOutcome}. Immutable. Later releases may add
 * statuses, so a {@code switch} over them should have a default branch (or use
 * {@link SendOutcome#transientFailure()} and its siblings, which account for new ones).
 */
public enum SendStatus {
    /** Queued for at least one local connection or forwarded to at least one other instance. */
    QUEUED,
    /**
     * No connection is listening now, but the event is stored in its stream's replay log: a
     * client that resumes receives it.
     */
    STORED,
    /** No connection matched the address (the room is empty...) and the event is not stored. */
    NO_TARGET,
    /** The run is not associated with a user (never associated, or its association expired). */
    UNKNOWN_RUN,
    /** Connections matched, but none could take the frame (all closed or overflowing). */
    FAILED,
    /** The replay log could not store the event, so it was not sent. Transient: retry. */
    STORE_FAILED,
    /**
     * The replay log stopped answering after the event was handed to it, so whether it stored
     * the event is not known: it may have, and then every client receives it (through the log,
     * exactly once), or it may not have. Transient: retry with the same emitter, whose attempts
     * carry one key, so that an event already stored is not stored twice (an emitter retries
     * itself, and reports this only when its attempts run out with the log still silent).
     */
    STORE_UNCONFIRMED,
    /** The event could not be serialized (an application payload Jackson cannot write). */
    ENCODING_FAILED,
    /** The manager is shutting down and accepts no new sends. */
    SHUT_DOWN
}
