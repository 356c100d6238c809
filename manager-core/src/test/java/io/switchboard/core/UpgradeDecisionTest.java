package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.HandshakeRequest;
import io.switchboard.core.handshake.OriginPolicy;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.handshake.UpgradeDecision;
import io.switchboard.core.id.UserId;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The RFC 6455 upgrade rules every transport applies through {@code TransportSettings.decide}. */
@DisplayName("Upgrade decisions")
class UpgradeDecisionTest {

    private static final String ALLOWED = "https://chat.example.com";
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final AtomicInteger authenticatorCalls = new AtomicInteger();
    private final TransportSettings settings = TransportSettings.builder(request -> {
        authenticatorCalls.incrementAndGet();
        return AuthenticationResult.authenticated(UserId.of("alice"));
    }).originPolicy(OriginPolicy.allowOnly(ALLOWED)).build();

    private static Map<String, List<String>> validHeaders() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Upgrade", List.of("websocket"));
        headers.put("Connection", List.of("keep-alive, Upgrade"));
        headers.put("Sec-WebSocket-Version", List.of("13"));
        headers.put("Sec-WebSocket-Key", List.of(KEY));
        return headers;
    }

    private UpgradeDecision decide(String method, Map<String, List<String>> headers) {
        return settings.decide(HandshakeRequest.of(method, URI.create("/ws"), headers, null));
    }

    private void assertRefused(UpgradeDecision decision, int status, String reason) {
        assertThat(decision).isInstanceOf(UpgradeDecision.Refuse.class);
        UpgradeDecision.Refuse refusal = (UpgradeDecision.Refuse) decision;
        assertThat(refusal.httpStatus()).isEqualTo(status);
        assertThat(refusal.reason()).isEqualTo(reason);
        assertThat(authenticatorCalls).as("the authenticator never sees an invalid upgrade").hasValue(0);
    }

    @Test
    @DisplayName("a valid GET upgrade reaches the authenticator and is upgraded")
    void validUpgrade() {
        UpgradeDecision decision = decide("GET", validHeaders());

        assertThat(decision).isEqualTo(new UpgradeDecision.Upgrade(
                new AuthenticationResult.Authenticated(UserId.of("alice"), Map.of())));
        assertThat(authenticatorCalls).hasValue(1);
    }

    @Test
    @DisplayName("a POST upgrade is refused with 405 and Allow: GET")
    void postRefused() {
        UpgradeDecision decision = decide("POST", validHeaders());

        assertRefused(decision, 405, "use GET");
        assertThat(((UpgradeDecision.Refuse) decision).headers()).containsEntry("Allow", "GET");
    }

    @Test
    @DisplayName("an unknown method (a container that hides it) is not held against the request")
    void unknownMethod() {
        UpgradeDecision decision = settings.decide(
                HandshakeRequest.of(URI.create("/ws"), validHeaders(), null));

        assertThat(decision).isInstanceOf(UpgradeDecision.Upgrade.class);
    }

    @ParameterizedTest(name = "version ''{0}'' is refused with 426 naming 13")
    @ValueSource(strings = {"8", "7", "12", "14", "13, 8", ""})
    void otherVersions(String version) {
        Map<String, List<String>> headers = validHeaders();
        headers.put("Sec-WebSocket-Version", List.of(version));

        UpgradeDecision decision = decide("GET", headers);

        assertRefused(decision, 426, "WebSocket version 13 only");
        assertThat(((UpgradeDecision.Refuse) decision).headers())
                .containsEntry("Sec-WebSocket-Version", "13");
    }

    @Test
    @DisplayName("two version headers, or none, are refused with 426")
    void versionCount() {
        Map<String, List<String>> twice = validHeaders();
        twice.put("Sec-WebSocket-Version", List.of("13", "13"));
        Map<String, List<String>> none = validHeaders();
        none.remove("Sec-WebSocket-Version");

        assertRefused(decide("GET", twice), 426, "WebSocket version 13 only");
        assertRefused(decide("GET", none), 426, "WebSocket version 13 only");
    }

    @ParameterizedTest(name = "key ''{0}'' is refused with 400")
    @ValueSource(strings = {"abc", "", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZSE=",
        "!!!!!!!!!!!!!!!!!!!!!!==", "dGhlIHNhbXBsZSBub25jZQ==dGhl"})
    void invalidKeys(String key) {
        Map<String, List<String>> headers = validHeaders();
        headers.put("Sec-WebSocket-Key", List.of(key));

        assertRefused(decide("GET", headers), 400, "invalid Sec-WebSocket-Key");
    }

    @Test
    @DisplayName("two keys, or none, are refused with 400")
    void keyCount() {
        Map<String, List<String>> twice = validHeaders();
        twice.put("Sec-WebSocket-Key", List.of(KEY, "AQIDBAUGBwgJCgsMDQ4PEA=="));
        Map<String, List<String>> none = validHeaders();
        none.remove("Sec-WebSocket-Key");

        assertRefused(decide("GET", twice), 400, "invalid Sec-WebSocket-Key");
        assertRefused(decide("GET", none), 400, "invalid Sec-WebSocket-Key");
    }

    @Test
    @DisplayName("a request without the Upgrade or Connection token is refused with 400")
    void notAnUpgrade() {
        Map<String, List<String>> noUpgrade = validHeaders();
        noUpgrade.remove("Upgrade");
        Map<String, List<String>> noConnection = validHeaders();
        noConnection.put("Connection", List.of("keep-alive"));

        assertRefused(decide("GET", noUpgrade), 400, "not a WebSocket upgrade");
        assertRefused(decide("GET", noConnection), 400, "not a WebSocket upgrade");
    }

    @Test
    @DisplayName("two Origin headers are refused with 403 even when the first is allowed")
    void duplicateOrigin() {
        Map<String, List<String>> headers = validHeaders();
        headers.put("Origin", List.of(ALLOWED, "https://evil.example"));

        assertRefused(decide("GET", headers), 403, "more than one Origin header");
    }

    @Test
    @DisplayName("admit alone also refuses two Origin headers, whatever their letter case")
    void duplicateOriginThroughAdmit() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Origin", new ArrayList<>(List.of(ALLOWED)));
        headers.put("origin", List.of("https://evil.example"));

        assertThat(settings.admit(HandshakeRequest.of(URI.create("/ws"), headers, null)))
                .isEqualTo(AuthenticationResult.forbidden("origin not allowed"));
    }
}
