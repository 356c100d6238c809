package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.HandshakeRequest;
import io.switchboard.core.handshake.OriginPolicy;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.UserId;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Handshake decisions")
class HandshakeTest {

    private static final OriginPolicy POLICY = OriginPolicy.allowOnly("https://chat.example.com");

    @ParameterizedTest(name = "origin ''{0}'' is refused")
    @ValueSource(strings = {"https://evil-chat.example.com", "https://chat.example.com.evil.io",
        "http://chat.example.com", "https://chat.example.com:8443", "null", "https://chat.example",
        "chat.example.com", "https://chat.example.com/", "wss://chat.example.com", ""})
    void lookAlikeOriginsAreRefused(String origin) {
        assertThat(POLICY.allows(Optional.of(origin))).isFalse();
    }

    @Test
    @DisplayName("the exact origin is allowed, in any letter case; a missing origin by choice")
    void exactOriginAllowed() {
        assertThat(POLICY.allows(Optional.of("https://chat.example.com"))).isTrue();
        assertThat(POLICY.allows(Optional.of("HTTPS://Chat.Example.com"))).isTrue();
        assertThat(POLICY.allows(Optional.empty())).isTrue();
        assertThat(POLICY.requiringOrigin().allows(Optional.empty())).isFalse();
        assertThat(OriginPolicy.nonBrowserOnly().allows(Optional.of("https://chat.example.com"))).isFalse();
    }

    @Test
    @DisplayName("a malformed allowed origin fails when the policy is built")
    void malformedAllowedOrigin() {
        assertThatThrownBy(() -> OriginPolicy.allowOnly("https://chat.example.com/app"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat.example.com/app");
        assertThat(OriginPolicy.allowOnly("http://[::1]:8080").allows(Optional.of("http://[::1]:8080"))).isTrue();
    }

    @Test
    @DisplayName("admit checks the origin first, then asks the authenticator; a crash is a 401")
    void admitOrder() {
        TransportSettings settings = TransportSettings.builder(request -> request.cookie("session")
                        .map(value -> value.equals("boom") ? crash()
                                : AuthenticationResult.authenticated(UserId.of(value)))
                        .orElse(AuthenticationResult.unauthorized("no session")))
                .originPolicy(POLICY).build();

        assertThat(settings.admit(request("https://evil.example", "session=alice")))
                .isEqualTo(AuthenticationResult.forbidden("origin not allowed"));
        assertThat(settings.admit(request("https://chat.example.com", "theme=dark; session=alice")))
                .isEqualTo(AuthenticationResult.authenticated(UserId.of("alice")));
        assertThat(settings.admit(request("https://chat.example.com", null)))
                .isEqualTo(AuthenticationResult.unauthorized("no session"));
        assertThat(settings.admit(request("https://chat.example.com", "session=boom")))
                .isEqualTo(AuthenticationResult.unauthorized("not authenticated"));
    }

    @Test
    @DisplayName("header lookup ignores case and toString reveals no credentials")
    void headersAndToString() {
        HandshakeRequest request = request("https://chat.example.com", "session=secret-token");
        assertThat(request.header("COOKIE")).contains("session=secret-token");
        assertThat(request.toString()).doesNotContain("secret-token");
    }

    @Test
    @DisplayName("a name given in two cases keeps every value, in order, and the request is a copy")
    void namesInTwoCases() {
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        headers.put("Cookie", new java.util.ArrayList<>(List.of("a=1")));
        headers.put("cookie", List.of("b=2", "c=3"));
        HandshakeRequest request = HandshakeRequest.of(URI.create("/ws"), headers, null);

        headers.get("Cookie").add("late=4");

        assertThat(request.headers("COOKIE")).containsExactly("a=1", "b=2", "c=3");
        assertThat(request.cookie("c")).contains("3");
        assertThatThrownBy(() -> request.headers("cookie").add("x=5"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("settings reject invalid values naming them")
    void settingsValidation() {
        assertThatThrownBy(() -> TransportSettings.builder(r -> null).path("ws").build())
                .hasMessageContaining("path must start with '/'");
        assertThatThrownBy(() -> TransportSettings.builder(r -> null).maxMessageBytes(0).build())
                .hasMessageContaining("maxMessageBytes must be positive, was 0");
    }

    private static AuthenticationResult crash() {
        throw new IllegalStateException("authenticator bug");
    }

    private static HandshakeRequest request(String origin, String cookie) {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        headers.put("Origin", List.of(origin));
        if (cookie != null) {
            headers.put("Cookie", List.of(cookie));
        }
        return HandshakeRequest.of(URI.create("/ws"), headers, null);
    }
}
