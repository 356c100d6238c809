package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.handshake.OriginPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455's handshake rules (section 4.2.1), from a raw socket with valid credentials: each
 * broken rule is refused with its status before the upgrade, and the manager never sees a
 * connection. The same request with the rule kept is upgraded, so each case shows the one rule.
 */
abstract class HandshakeCases extends KitCases {

    HandshakeCases(ServerStarter starter) {
        super(starter);
    }

    private record Attempt(int status, RawSocketClient client) {
    }

    // A valid upgrade of alice's with one change applied to its header lines.
    private Attempt attempt(Deployment deployment, String method,
            Function<List<String>, List<String>> change) throws Exception {
        RawSocketClient client = deployment.raw(0);
        List<String> headers = new ArrayList<>(List.of(
                "Upgrade: websocket",
                "Connection: Upgrade",
                "Sec-WebSocket-Key: " + client.newKey(),
                "Sec-WebSocket-Version: 13",
                "Authorization: Bearer alice"));
        return new Attempt(client.request(method, change.apply(headers)), client);
    }

    private static List<String> replacing(List<String> headers, String name, String... lines) {
        List<String> changed = new ArrayList<>();
        for (String header : headers) {
            if (!header.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                changed.add(header);
            }
        }
        changed.addAll(List.of(lines));
        return changed;
    }

    private void assertRefused(Deployment deployment, Attempt attempt, int status) {
        assertThat(attempt.status()).as("status").isEqualTo(status);
        assertThat(attempt.client().responseHeader("Upgrade")).as("no upgrade header").isEmpty();
        assertThat(deployment.manager().stats().connections()).isZero();
    }

    @Test
    @DisplayName("the unchanged request is upgraded (each case below changes one thing)")
    void validRequest() throws Exception {
        Deployment deployment = deploy();

        assertThat(attempt(deployment, "GET", headers -> headers).status()).isEqualTo(101);
    }

    @ParameterizedTest(name = "Sec-WebSocket-Version: {0}")
    @ValueSource(strings = {"8", "7", "12", "14"})
    @DisplayName("another protocol version gets 426 naming version 13")
    void otherVersions(String version) throws Exception {
        Deployment deployment = deploy();

        Attempt attempt = attempt(deployment, "GET",
                headers -> replacing(headers, "Sec-WebSocket-Version", "Sec-WebSocket-Version: " + version));

        assertRefused(deployment, attempt, 426);
        assertThat(attempt.client().responseHeader("Sec-WebSocket-Version")).contains("13");
    }

    @ParameterizedTest(name = "Sec-WebSocket-Key: \"{0}\"")
    @ValueSource(strings = {"abc", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZSE="})
    @DisplayName("a key that is not the base64 form of 16 bytes gets 400")
    void invalidKey(String key) throws Exception {
        Deployment deployment = deploy();

        assertRefused(deployment, attempt(deployment, "GET",
                headers -> replacing(headers, "Sec-WebSocket-Key", "Sec-WebSocket-Key: " + key)), 400);
    }

    @Test
    @DisplayName("two keys get 400")
    void twoKeys() throws Exception {
        Deployment deployment = deploy();

        assertRefused(deployment, attempt(deployment, "GET", headers -> {
            List<String> changed = new ArrayList<>(headers);
            changed.add("Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==");
            return changed;
        }), 400);
    }

    @Test
    @DisplayName("a missing key gets 400")
    void missingKey() throws Exception {
        Deployment deployment = deploy();

        assertRefused(deployment, attempt(deployment, "GET",
                headers -> replacing(headers, "Sec-WebSocket-Key")), 400);
    }

    @Test
    @DisplayName("an upgrade by POST gets 405 and is never upgraded")
    void postUpgrade() throws Exception {
        Deployment deployment = deploy();

        assertRefused(deployment, attempt(deployment, "POST", headers -> headers), 405);
    }

    @Test
    @DisplayName("an allowed Origin followed by another is refused with 403")
    void duplicateOrigin() throws Exception {
        Deployment deployment = deploy(Setup.defaults().settings(
                settings -> settings.originPolicy(OriginPolicy.allowOnly(OriginCases.ALLOWED))));

        Attempt single = attempt(deployment, "GET", headers -> replacing(headers, "Origin",
                "Origin: " + OriginCases.ALLOWED));
        assertThat(single.status()).as("the allowed origin alone").isEqualTo(101);
        eventually("the first connection is admitted", Duration.ofSeconds(5),
                () -> deployment.manager().stats().connections() == 1);
        single.client().close();
        eventually("the first connection is gone", Duration.ofSeconds(5),
                () -> deployment.manager().stats().connections() == 0);

        assertRefused(deployment, attempt(deployment, "GET", headers -> replacing(headers, "Origin",
                "Origin: " + OriginCases.ALLOWED, "Origin: https://evil.example")), 403);
    }
}
