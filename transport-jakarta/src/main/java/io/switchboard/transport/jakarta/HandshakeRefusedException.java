package io.switchboard.transport.jakarta;

/**
 * Thrown from the configurator's {@code modifyHandshake} when the application's authenticator
 * refused an upgrade request, to abort the handshake before the upgrade.
 *
 * <p>Jakarta WebSocket gives {@code modifyHandshake} no way to set the HTTP status of the
 * response, and {@code checkOrigin} (the only standard refusal, answered with 403) cannot see the
 * request's headers. Throwing is the one refusal every container honours before the upgrade: the
 * request never becomes a WebSocket and the endpoint never opens. Which HTTP response the client
 * then sees is the container's behaviour (Tyrus on Grizzly closes the connection without a
 * response; servlet containers answer 500) unless the application maps this exception to
 * {@link #httpStatus()}, for example in a servlet filter placed before the container's WebSocket
 * filter, or a Grizzly filter. The module's README shows both.
 *
 * <p>Carries no stack trace: it is an expected outcome, not a failure, and is thrown once per
 * refused request.
 *
 * <p>Thrown on the container's handshake thread, before any upgrade.
 */
public final class HandshakeRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String reason;

    HandshakeRefusedException(int httpStatus, String reason) {
        super("WebSocket handshake refused with HTTP " + httpStatus + ": " + reason, null, false,
                false);
        this.httpStatus = httpStatus;
        this.reason = reason;
    }

    /**
     * The HTTP status the refusal calls for.
     *
     * @return 401 (no or bad credentials) or 403 (credentials that may not connect)
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The authenticator's short reason, fit for a response body: it never holds credentials.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
