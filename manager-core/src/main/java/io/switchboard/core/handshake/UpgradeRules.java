package io.switchboard.core.handshake;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 6455 section 4.2.1, checked the same way by every transport before anything else looks at
 * an upgrade request: the method is {@code GET}; {@code Upgrade} and {@code Connection} name the
 * upgrade; {@code Sec-WebSocket-Version} is exactly {@code 13} (426 otherwise, naming 13);
 * {@code Sec-WebSocket-Key} appears once and is the base64 form of 16 bytes; and {@code Origin},
 * which RFC 6454 gives one value, appears at most once, so that an allow-list can never be passed
 * by an allowed origin followed by another. Stateless; thread-safe.
 *
 * <p>{@link TransportSettings#decide} applies these rules before the authenticator, and that is
 * what transports call. This class is public for the layer in front of a container that runs its
 * own handshake (a Grizzly filter before Tyrus, a servlet filter before a container's upgrade
 * filter), which must refuse a broken request before the container sees it but leaves
 * authentication to the adapter.
 */
public final class UpgradeRules {

    private static final int KEY_BYTES = 16;

    private UpgradeRules() {
    }

    /**
     * The first rule {@code request} breaks.
     *
     * @param request the upgrade request
     * @return the refusal, or empty if the request is a valid upgrade
     */
    public static Optional<UpgradeDecision.Refuse> check(HandshakeRequest request) {
        if (request.method().filter(method -> !method.equals("GET")).isPresent()) {
            return refuse(405, "use GET", Map.of("Allow", "GET"));
        }
        if (!hasToken(request.headers("Upgrade"), "websocket")
                || !hasToken(request.headers("Connection"), "upgrade")) {
            return refuse(400, "not a WebSocket upgrade", Map.of());
        }
        List<String> versions = request.headers("Sec-WebSocket-Version");
        if (versions.size() != 1 || !versions.get(0).trim().equals("13")) {
            return refuse(426, "WebSocket version 13 only", Map.of("Sec-WebSocket-Version", "13"));
        }
        List<String> keys = request.headers("Sec-WebSocket-Key");
        if (keys.size() != 1 || !isNonce(keys.get(0).trim())) {
            return refuse(400, "invalid Sec-WebSocket-Key", Map.of());
        }
        if (request.headers("Origin").size() > 1) {
            return refuse(403, "more than one Origin header", Map.of());
        }
        return Optional.empty();
    }

    private static boolean isNonce(String key) {
        // 16 bytes are 24 base64 characters ending in "=="; the decoder rejects anything else.
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static boolean hasToken(List<String> values, String token) {
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<UpgradeDecision.Refuse> refuse(int status, String reason,
            Map<String, String> headers) {
        return Optional.of(new UpgradeDecision.Refuse(status, reason, headers));
    }
}
