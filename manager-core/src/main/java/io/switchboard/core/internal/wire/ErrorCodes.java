package io.switchboard.core.internal.wire;

/** The codes of the {@code error} frame that the core itself sends; see docs/protocol.md. */
public final class ErrorCodes {

    /** The frame is not JSON, not a JSON object, or repeats a key. */
    public static final String MALFORMED_JSON = "malformed_json";
    /** The frame has no string {@code type}, or a field is missing or invalid. */
    public static final String INVALID_FRAME = "invalid_frame";
    /** The frame's {@code type} is not a client frame type. */
    public static final String UNKNOWN_TYPE = "unknown_type";
    /** The frame is longer than {@code maxInboundChars}. */
    public static final String TOO_LARGE = "too_large";
    /** The frame is valid but this server does not handle it (no application handler). */
    public static final String UNSUPPORTED = "unsupported";
    /** The application's handler failed unexpectedly. */
    public static final String HANDLER_FAILED = "handler_failed";
    /** The client sends faster than the inbound rate limit; its frames are dropped. */
    public static final String RATE_LIMITED = "rate_limited";

    /** A {@code cancel} names a run that is unknown or not the user's. */
    public static final String UNKNOWN_RUN = "unknown_run";
    /** An {@code approval} names a request that is unknown or not the user's. */
    public static final String UNKNOWN_REQUEST = "unknown_request";
    /** An {@code approval} names a request that already has its decision. */
    public static final String ALREADY_DECIDED = "already_decided";
    /** A {@code cancel} or {@code approval} names a run of the user that has ended. */
    public static final String RUN_ENDED = "run_ended";

    private ErrorCodes() {
    }
}
