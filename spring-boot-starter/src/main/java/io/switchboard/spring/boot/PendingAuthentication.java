package io.switchboard.spring.boot;

import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.Authenticator;
import io.switchboard.core.handshake.HandshakeRequest;

/**
 * Hands the upgrade filter's decision to the Jakarta adapter's authenticator. The servlet
 * container runs the filter chain and the WebSocket handshake (the adapter's
 * {@code modifyHandshake}) on the same request thread, one after the other, so the decision is
 * kept for that thread while the chain runs, and is gone when the request leaves the filter. A
 * handshake that did not pass the filter finds nothing and is refused.
 *
 * <p>Thread-safe: each request thread sees only its own decision.
 */
final class PendingAuthentication implements Authenticator {

    private final ThreadLocal<AuthenticationResult> current = new ThreadLocal<>();

    void set(AuthenticationResult result) {
        current.set(result);
    }

    void clear() {
        current.remove();
    }

    @Override
    public AuthenticationResult authenticate(HandshakeRequest request) {
        AuthenticationResult result = current.get();
        return result != null ? result
                : AuthenticationResult.unauthorized("not authenticated by the upgrade filter");
    }
}
