package io.switchboard.spring.boot;

import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.HandshakeRequest;
import io.switchboard.core.id.UserId;
import java.security.Principal;
import java.util.Optional;

/**
 * Resolves the user of a WebSocket upgrade request. Declare a bean of this type to decide who may
 * connect; without one, the starter uses {@link #principalName()}.
 *
 * <p>On the embedded server the upgrade request has passed the application's servlet filters,
 * Spring Security's included, so {@code principal} is the request's authenticated principal
 * ({@code HttpServletRequest.getUserPrincipal()}, which Spring Security fills from its security
 * context; an anonymous request has none). Standalone (Undertow, Netty) servers have no filter
 * chain: {@code principal} is then always empty, and the hook decides from the request's headers
 * and cookies alone.
 *
 * <h2>Threading</h2>
 * Called once per upgrade, on the server's request thread, before the upgrade; must be
 * thread-safe and quick. A {@link AuthenticationResult.Rejected} answer, or an exception (answered
 * with 401), ends the request with no upgrade.
 */
@FunctionalInterface
public interface SwitchboardAuthenticator {

    /**
     * Authenticates one upgrade request.
     *
     * @param request the request's URI, headers and cookies
     * @param principal the request's authenticated principal, if the server's filters set one
     * @return the user, or a rejection with its HTTP status
     */
    AuthenticationResult authenticate(HandshakeRequest request, Optional<Principal> principal);

    /**
     * The default: the authenticated principal's name is the user id; a request without one is
     * refused with 401. Never trusts anything the client sends in the request itself.
     *
     * @return the authenticator
     */
    static SwitchboardAuthenticator principalName() {
        return (request, principal) -> principal
                .map(authenticated -> AuthenticationResult.authenticated(
                        UserId.of(authenticated.getName())))
                .orElseGet(() -> AuthenticationResult.unauthorized("not authenticated"));
    }
}
