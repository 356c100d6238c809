package io.switchboard.core.internal.wire;

/** A client frame could not be decoded; carries the error code and message sent back. */
public final class FrameRejected extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * Creates the rejection.
     *
     * @param code one of {@link ErrorCodes}
     * @param message what the client is told; never echoes the payload
     */
    public FrameRejected(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /**
     * The error code.
     *
     * @return the code sent to the client
     */
    public String code() {
        return code;
    }
}
