package io.switchboard.transport.jakarta;

import java.util.Map;

/**
 * Thrown from the configurator's {@code modifyHandshake} when an upgrade request is refused (by
 * the RFC 6455 rules core applies to every transport, the origin policy, or the application's
 * authenticator), to abort the handshake before the upgrade.
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

    /** The HTTP status the refusal calls for. */
    private final int httpStatus;
    /** Why the handshake was refused; safe to send to the client. */
    private final String reason;
    /** Headers the refusal's response must carry, such as {@code WWW-Authenticate}. */
    private final Map<String, String> headers;

    HandshakeRefusedException(int httpStatus, String reason, Map<String, String> headers) {
        super("WebSocket handshake refused with HTTP " + httpStatus + ": " + reason, null, false,
                false);
        this.httpStatus = httpStatus;
        this.reason = reason;
        this.headers = Map.copyOf(headers);
    }

    /**
     * The HTTP status the refusal calls for.
     *
     * @return 401 (no or bad credentials), 403 (credentials or an origin that may not connect,
     *     or more than one {@code Origin}), 400 (no valid {@code Sec-WebSocket-Key}) or 426
     *     (another WebSocket version)
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Headers the status calls for ({@code Sec-WebSocket-Version: 13} with 426).
     *
     * @return the headers, possibly empty; immutable
     */
    public Map<String, String> headers() {
        return headers;
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
