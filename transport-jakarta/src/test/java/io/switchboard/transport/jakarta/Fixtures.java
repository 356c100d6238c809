package io.switchboard.transport.jakarta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.Authenticator;
import io.switchboard.core.id.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** What the focused tests share: a bearer-token authenticator and JSON reading. */
final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /**
     * {@code Authorization: Bearer <user>} authenticates {@code <user>}; a user starting with
     * {@code banned} is forbidden (403); anything else is unauthorized (401).
     */
    static Authenticator bearerTokens() {
        return request -> {
            Optional<String> token = request.header("Authorization")
                    .filter(value -> value.startsWith("Bearer "))
                    .map(value -> value.substring("Bearer ".length()));
            if (token.isEmpty()) {
                return AuthenticationResult.unauthorized("missing bearer token");
            }
            if (token.get().startsWith("banned")) {
                return AuthenticationResult.forbidden("user may not connect");
            }
            return AuthenticationResult.authenticated(UserId.of(token.get()));
        };
    }

    static JsonNode json(String frame) {
        try {
            return JSON.readTree(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
