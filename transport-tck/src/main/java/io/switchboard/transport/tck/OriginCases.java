package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.handshake.OriginPolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The origin allow-list, the defence against cross-site WebSocket hijacking: exact matches only,
 * refused with 403 before the upgrade.
 */
abstract class OriginCases extends KitCases {

    static final String ALLOWED = "https://chat.example.com";

    OriginCases(ServerStarter starter) {
        super(starter);
    }

    private Deployment deployAllowing(OriginPolicy policy) throws Exception {
        return deploy(Setup.defaults().settings(settings -> settings.originPolicy(policy)));
    }

    @Test
    @DisplayName("the allowed origin connects")
    void allowedOrigin() throws Exception {
        Deployment deployment = deployAllowing(OriginPolicy.allowOnly(ALLOWED));

        WebSocketRecorder client = deployment.client().origin(ALLOWED).bearer("alice").connect();

        assertThat(client.awaitWelcome()).isNotBlank();
    }

    @ParameterizedTest(name = "origin {0} is refused with 403")
    @ValueSource(strings = {
        "https://evil.chat.example.com",      // a subdomain of the allowed host
        "https://notchat.example.com",        // the allowed host as a suffix
        "https://chat.example.com.evil.net",  // the allowed origin as a prefix
        "https://chat.example.co",            // a substring of the allowed origin
        "null",                               // sandboxed frames and file: pages
        "http://chat.example.com",            // same host, another scheme
        "wss://chat.example.com",             // a scheme look-alike
        "https://chat.example.com:8443",      // same host, another port
    })
    @DisplayName("look-alike origins are refused with 403 before the upgrade")
    void lookAlikeOrigins(String origin) throws Exception {
        Deployment deployment = deployAllowing(OriginPolicy.allowOnly(ALLOWED));

        int status = deployment.client().origin(origin).bearer("alice").connectExpectingRejection();

        assertThat(status).isEqualTo(403);
        assertThat(deployment.manager().stats().connections()).isZero();
    }

    @Test
    @DisplayName("a client without an Origin header (not a browser) connects by default")
    void missingOriginAllowedForNonBrowsers() throws Exception {
        Deployment deployment = deployAllowing(OriginPolicy.allowOnly(ALLOWED));

        WebSocketRecorder client = deployment.client().bearer("alice").connect();

        assertThat(client.awaitWelcome()).isNotBlank();
    }

    @Test
    @DisplayName("a policy requiring an origin refuses a request without one with 403")
    void missingOriginRefusedWhenRequired() throws Exception {
        Deployment deployment = deployAllowing(OriginPolicy.allowOnly(ALLOWED).requiringOrigin());

        assertThat(deployment.client().bearer("alice").connectExpectingRejection()).isEqualTo(403);
    }

    @Test
    @DisplayName("the default policy refuses every browser origin")
    void defaultRefusesBrowsers() throws Exception {
        Deployment deployment = deploy();

        assertThat(deployment.client().origin(ALLOWED).bearer("alice").connectExpectingRejection())
                .isEqualTo(403);
    }
}
