package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a person starting the demo sees when something is in the way, and what needs a session. */
@DisplayName("Starting the demo")
class DemoStartTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(DemoOptions.Transport.class)
    @DisplayName("a port in use gives a message naming the port and what it was for")
    void portInUse(DemoOptions.Transport transport) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("localhost"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> DemoServer.start(new DemoOptions("localhost", port, transport),
                    Duration.ofMillis(20)))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageStartingWith("port " + port + " (the page) is already in use")
                    .hasMessageContaining("--port=");
        }
        // The WebSocket goes on the page's port + 1: take that one and leave the page's free.
        try (ServerSocket taken = takenAboveAFreePort()) {
            int webSocketPort = taken.getLocalPort();
            assertThatThrownBy(() -> DemoServer.start(new DemoOptions("localhost", webSocketPort - 1,
                    transport), Duration.ofMillis(20)))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageStartingWith("port " + webSocketPort + " (the WebSocket) is already in use");
        }
    }

    // Other processes use ephemeral ports too: find one whose port below is free as well.
    private static ServerSocket takenAboveAFreePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("localhost"));
            try (ServerSocket below = new ServerSocket(taken.getLocalPort() - 1, 50,
                    InetAddress.getByName("localhost"))) {
                return taken;
            } catch (IOException busy) {
                taken.close();
            }
        }
        throw new IllegalStateException("no two free adjacent ports on localhost");
    }

    @Test
    @DisplayName("the dashboard's stats need a session")
    void statsNeedASession() throws Exception {
        try (DemoServer demo = DemoServer.start(new DemoOptions("localhost", 0, DemoOptions.Transport.UNDERTOW),
                Duration.ofMillis(20))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/api/stats"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("connections");

            HttpResponse<String> login = http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/api/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=gus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/api/stats"))
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(200);
            assertThat(signedIn.body()).contains("\"connections\":0", "\"max_tabs_per_user\":5",
                    "\"max_connections\":1000");
        }
    }

    @Test
    @DisplayName("the page's client is served from the client module's jar")
    void clientBundleIsServed() throws Exception {
        try (DemoServer demo = DemoServer.start(new DemoOptions("localhost", 0, DemoOptions.Transport.UNDERTOW),
                Duration.ofMillis(20))) {
            HttpResponse<String> bundle = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    demo.pageUri().resolve("/switchboard-client.js")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bundle.statusCode()).isEqualTo(200);
            assertThat(bundle.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(bundle.body()).contains("SwitchboardClient");
        }
    }

    @Test
    @DisplayName("bad options are named")
    void badOptions() {
        assertThatThrownBy(() -> DemoOptions.parse("--port=eighty"))
                .hasMessage("'--port=eighty' needs a number from 1 to 65534");
        assertThatThrownBy(() -> DemoOptions.parse("--transport=jetty"))
                .hasMessageContaining("undertow, netty or jakarta");
        assertThatThrownBy(() -> DemoOptions.parse("--tabs=2")).hasMessageStartingWith("unknown option '--tabs=2'");
        DemoOptions options = DemoOptions.parse("--max-tabs-per-user=2", "--max-connections=10");
        assertThat(options.maxTabsPerUser()).isEqualTo(2);
        assertThat(options.maxConnections()).isEqualTo(10);
        assertThat(DemoOptions.parse().maxTabsPerUser()).isEqualTo(DemoOptions.DEFAULT_TABS_PER_USER);
    }
}
