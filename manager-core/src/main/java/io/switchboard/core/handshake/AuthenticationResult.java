package io.switchboard.core.handshake;

import io.switchboard.core.id.UserId;
import java.util.Map;
import java.util.Objects;

/** What an {@link Authenticator} decided. Every result is an immutable record, safe to share. */
public sealed interface AuthenticationResult {

    /**
     * The request is from {@code user}.
     *
     * @param user the authenticated user
     * @param attributes values to attach to the connection (for example roles); copied
     * @return the result
     */
    static AuthenticationResult authenticated(UserId user, Map<String, Object> attributes) {
        return new Authenticated(user, attributes);
    }

    /**
     * The request is from {@code user}, with no attributes.
     *
     * @param user the authenticated user
     * @return the result
     */
    static AuthenticationResult authenticated(UserId user) {
        return new Authenticated(user, Map.of());
    }

    /**
     * No or bad credentials: HTTP 401.
     *
     * @param reason a short reason, sent in the response body; no secrets
     * @return the result
     */
    static AuthenticationResult unauthorized(String reason) {
        return new Rejected(401, reason);
    }

    /**
     * Valid credentials that may not connect: HTTP 403.
     *
     * @param reason a short reason, sent in the response body; no secrets
     * @return the result
     */
    static AuthenticationResult forbidden(String reason) {
        return new Rejected(403, reason);
    }

    /**
     * The request is authenticated.
     *
     * @param user the user
     * @param attributes attached to the connection
     */
    record Authenticated(UserId user, Map<String, Object> attributes)
            implements AuthenticationResult {
        /**
         * Copies the attributes.
         *
         * @param user the user
         * @param attributes attached to the connection
         */
        public Authenticated {
            Objects.requireNonNull(user, "user");
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * The request is refused before the upgrade.
     *
     * @param httpStatus 401 or 403
     * @param reason a short reason for the response body
     */
    record Rejected(int httpStatus, String reason) implements AuthenticationResult {
        /**
         * Validates the status.
         *
         * @param httpStatus 401 or 403
         * @param reason a short reason for the response body
         */
        public Rejected {
            if (httpStatus != 401 && httpStatus != 403) {
                throw new IllegalArgumentException("httpStatus must be 401 or 403, was " + httpStatus);
            }
            Objects.requireNonNull(reason, "reason");
        }
    }
}
