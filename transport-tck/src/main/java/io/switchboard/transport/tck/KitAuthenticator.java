package io.switchboard.transport.tck;

import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.Authenticator;
import io.switchboard.core.handshake.HandshakeRequest;
import io.switchboard.core.id.UserId;
import java.util.Map;
import java.util.Optional;

/**
 * The authenticator every kit case runs with: {@code Authorization: Bearer <userId>} or the cookie
 * {@code session=<userId>} names the user; {@code Bearer banned} is refused with 403; no credential,
 * another scheme or a malformed user id with 401. A user id in the query string is ignored, as it
 * must be by every real authenticator.
 *
 * <p>The authenticated connection carries the attribute {@value #CREDENTIAL_ATTRIBUTE}, whose value
 * is {@code "bearer"} or {@code "cookie"}, so the kit can check that transports attach the
 * authenticator's attributes. Stateless and thread-safe.
 */
public final class KitAuthenticator implements Authenticator {

    /** The connection attribute naming where the credential came from. */
    public static final String CREDENTIAL_ATTRIBUTE = "kit.credential";

    /** The user id that is authenticated but forbidden (403). */
    public static final String BANNED = "banned";

    private static final String BEARER = "Bearer ";

    /** Creates the authenticator. */
    public KitAuthenticator() {
    }

    @Override
    public AuthenticationResult authenticate(HandshakeRequest request) {
        Optional<String> authorization = request.header("Authorization");
        if (authorization.isPresent()) {
            String value = authorization.get();
            if (!value.startsWith(BEARER)) {
                return AuthenticationResult.unauthorized("unsupported authorization scheme");
            }
            return resolve(value.substring(BEARER.length()).trim(), "bearer");
        }
        return request.cookie("session")
                .map(session -> resolve(session, "cookie"))
                .orElseGet(() -> AuthenticationResult.unauthorized("no credentials"));
    }

    private static AuthenticationResult resolve(String credential, String source) {
        if (BANNED.equals(credential)) {
            return AuthenticationResult.forbidden("user is banned");
        }
        UserId user;
        try {
            user = UserId.of(credential);
        } catch (IllegalArgumentException e) {
            return AuthenticationResult.unauthorized("malformed credential");
        }
        return AuthenticationResult.authenticated(user, Map.of(CREDENTIAL_ATTRIBUTE, source));
    }
}
