package io.switchboard.core.handshake;

/**
 * Resolves the user of a WebSocket upgrade request, from whatever the application trusts: a
 * session cookie, a bearer token, a header set by a gateway. Switchboard ships no authenticator
 * that trusts a user id in the query string.
 *
 * <p>Called once per upgrade, on the transport's thread, before the upgrade is accepted; it must
 * be thread-safe and should be quick (verify a signature, look up a cache). A
 * {@link AuthenticationResult.Rejected} answer, or an exception, ends the request with HTTP 401 or
 * 403 and no upgrade.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * Authenticates one upgrade request.
     *
     * @param request the request
     * @return the user, or a rejection with its HTTP status
     */
    AuthenticationResult authenticate(HandshakeRequest request);
}
