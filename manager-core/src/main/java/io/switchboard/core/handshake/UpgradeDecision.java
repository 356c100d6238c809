package io.switchboard.core.handshake;

import java.util.Map;
import java.util.Objects;

/**
 * What {@link TransportSettings#decide} made of an upgrade request: upgrade it for a user, or
 * answer it with a plain HTTP status and no upgrade. Every transport acts on this one decision, so
 * every transport refuses the same requests with the same status. Immutable records; safe to share.
 */
public sealed interface UpgradeDecision {

    /**
     * Upgrade the request: it is a valid RFC 6455 upgrade, its origin is allowed and the
     * authenticator accepted it.
     *
     * @param user the authenticated user and the attributes to attach to the connection
     */
    record Upgrade(AuthenticationResult.Authenticated user) implements UpgradeDecision {
        /**
         * Validates the decision.
         *
         * @param user the authenticated user and the attributes to attach to the connection
         */
        public Upgrade {
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * Answer with {@code httpStatus} and close; nothing is upgraded.
     *
     * @param httpStatus 400 (not a valid upgrade), 401/403 (authentication, origin), 405 (not
     *     {@code GET}) or 426 (another WebSocket version)
     * @param reason a short reason for the response body; never a credential
     * @param headers headers the status calls for ({@code Allow} with 405,
     *     {@code Sec-WebSocket-Version} with 426); copied
     */
    record Refuse(int httpStatus, String reason, Map<String, String> headers)
            implements UpgradeDecision {
        /**
         * Validates and copies.
         *
         * @param httpStatus 400 (not a valid upgrade), 401/403 (authentication, origin), 405 (not
         *     {@code GET}) or 426 (another WebSocket version)
         * @param reason a short reason for the response body; never a credential
         * @param headers headers the status calls for ({@code Allow} with 405,
         *     {@code Sec-WebSocket-Version} with 426); copied
         */
        public Refuse {
            if (httpStatus < 400 || httpStatus > 499) {
                throw new IllegalArgumentException("httpStatus must be 4xx, was " + httpStatus);
            }
            Objects.requireNonNull(reason, "reason");
            headers = Map.copyOf(headers);
        }
    }
}
