package io.switchboard.core.handshake;

import java.util.List;
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
        if (!hasToken(request.headers("upgrade"), "websocket")
                || !hasToken(request.headers("connection"), "upgrade")) {
            return refuse(400, "not a WebSocket upgrade", Map.of());
        }
        List<String> versions = request.headers("sec-websocket-version");
        if (versions.size() != 1 || !versions.get(0).trim().equals("13")) {
            return refuse(426, "WebSocket version 13 only", Map.of("Sec-WebSocket-Version", "13"));
        }
        List<String> keys = request.headers("sec-websocket-key");
        if (keys.size() != 1 || !isNonce(keys.get(0).trim())) {
            return refuse(400, "invalid Sec-WebSocket-Key", Map.of());
        }
        if (request.headers("origin").size() > 1) {
            return refuse(403, "more than one Origin header", Map.of());
        }
        return Optional.empty();
    }

    // 16 bytes are 22 base64 characters and "==": what Base64.getDecoder() decodes to exactly 16
    // bytes (it ignores the last character's 4 unused bits, so does this), without decoding.
    static boolean isNonce(String key) {
        if (key.length() != 24 || key.charAt(22) != '=' || key.charAt(23) != '=') {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+'
                    || c == '/')) {
                return false;
            }
        }
        return true;
    }

    // Whether a comma-separated value lists the (lower-case) token, ignoring ASCII case and the
    // blanks around it.
    static boolean hasToken(List<String> values, String token) {
        for (String value : values) {
            int start = 0;
            int length = value.length();
            while (start <= length) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? length : comma;
                int from = start;
                int to = end;
                while (from < to && isBlank(value.charAt(from))) {
                    from++;
                }
                while (to > from && isBlank(value.charAt(to - 1))) {
                    to--;
                }
                if (to - from == token.length() && equalsIgnoringAsciiCase(value, from, token)) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }

    // Header tokens are ASCII: only A-Z fold, so no other script's letter passes for one.
    private static boolean equalsIgnoringAsciiCase(String value, int from, String lowerToken) {
        for (int i = 0; i < lowerToken.length(); i++) {
            char c = value.charAt(from + i);
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (lower != lowerToken.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // What String.trim() removes: every character up to the space.
    private static boolean isBlank(char c) {
        return c <= ' ';
    }

    private static Optional<UpgradeDecision.Refuse> refuse(int status, String reason,
            Map<String, String> headers) {
        return Optional.of(new UpgradeDecision.Refuse(status, reason, headers));
    }
}
