package io.switchboard.core.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Thrown by an {@link InboundMessageHandler} to refuse a message; the client receives an
 * {@code error} frame with this code and message, and the connection stays open.
 *
 * <p>The message is sent to the client as is: it must not contain secrets.
 *
 * <p>Thrown on the handler's thread (the transport thread that received the frame).
 */
public final class InboundRejection extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern CODE_SYNTAX = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** The machine-readable code sent to the client (part of the serialized form). */
    private final String code;

    /**
     * Creates a rejection.
     *
     * @param code a machine-readable code such as {@code "forbidden"}, matching
     *     {@code [a-z][a-z0-9_]{0,63}}
     * @param message a human-readable explanation, sent to the client
     * @throws IllegalArgumentException if {@code code} is malformed
     */
    public InboundRejection(String code, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (!CODE_SYNTAX.matcher(Objects.requireNonNull(code, "code")).matches()) {
            throw new IllegalArgumentException("error code '" + code + "' is malformed");
        }
        this.code = code;
    }

    /**
     * The code sent to the client.
     *
     * @return the machine-readable code
     */
    public String code() {
        return code;
    }
}
