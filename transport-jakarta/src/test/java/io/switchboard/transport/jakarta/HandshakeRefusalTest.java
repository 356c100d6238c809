package io.switchboard.transport.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.OriginPolicy;
import io.switchboard.core.handshake.TransportSettings;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("A refused handshake is answered before any upgrade")
class HandshakeRefusalTest {

    private final AtomicInteger authentications = new AtomicInteger();
    private WebSocketManager manager;
    private TransportSettings settings;

    @BeforeEach
    void buildManager() {
        manager = WebSocketManager.builder().build();
        settings = TransportSettings.builder(request -> {
            authentications.incrementAndGet();
            return Fixtures.bearerTokens().authenticate(request);
        }).originPolicy(OriginPolicy.allowOnly("https://chat.example.com")).build();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Nested
    @DisplayName("on Tyrus with the container's refusal mapping")
    class Mapped {
        private TyrusTestServer server;

        @BeforeEach
        void start() throws Exception {
            server = TyrusTestServer.start(SwitchboardJakarta.endpointConfig(manager, settings),
                    settings);
        }

        @AfterEach
        void stop() {
            server.close();
        }

        @Test
        @DisplayName("a request without credentials gets 401 and no upgrade")
        void missingCredentials() throws Exception {
            RawHttp.Answer answer = RawHttp.upgrade(server.webSocketUri(), "");

            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 401 Unauthorized");
            assertThat(answer.text()).doesNotContainIgnoringCase("Sec-WebSocket-Accept");
            assertThat(answer.closedByServer()).isTrue();
            assertThat(manager.stats().connections()).isZero();
        }

        @Test
        @DisplayName("a JDK client with a forbidden user sees the 403 in its handshake failure")
        void forbiddenUser() {
            Throwable failure = catchThrowable(() -> TestClient.connectAs(server.webSocketUri(), "banned-1"));

            assertThat(failure).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode())
                    .isEqualTo(403);
            assertThat(manager.stats().connections()).isZero();
        }

        @Test
        @DisplayName("a disallowed origin gets 403 from checkOrigin, before authentication runs")
        void disallowedOrigin() throws Exception {
            RawHttp.Answer answer = RawHttp.upgrade(server.webSocketUri(),
                    "Origin: https://chat.example.com.evil.io\r\nAuthorization: Bearer alice\r\n");

            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(answer.text()).doesNotContainIgnoringCase("Sec-WebSocket-Accept");
            assertThat(authentications).hasValue(0);
        }

        @Test
        @DisplayName("valid credentials and an allowed origin are upgraded")
        void accepted() throws Exception {
            TestClient client = TestClient.connect(server.webSocketUri(),
                    Map.of("Authorization", "Bearer alice", "Origin", "https://chat.example.com")).join();

            assertThat(Fixtures.json(client.nextFrame()).path("type").asText()).isEqualTo("welcome");
            assertThat(manager.stats().connectionsPerUser())
                    .containsEntry(io.switchboard.core.id.UserId.of("alice"), 1);
        }
    }

    @Test
    @DisplayName("on Tyrus's packaged container, with no mapping, a refused request is still never upgraded")
    void unmappedContainerNeverUpgrades() throws Exception {
        ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        container.addEndpoint(SwitchboardJakarta.endpointConfig(manager, settings));
        container.start("/", 0);
        try {
            URI uri = URI.create("ws://127.0.0.1:" + ((TyrusServerContainer) container).getPort() + "/ws");

            RawHttp.Answer answer = RawHttp.upgrade(uri, "Authorization: Basic eA==\r\n");

            assertThat(authentications).hasValue(1);
            assertThat(answer.text()).doesNotContain("101").doesNotContainIgnoringCase("Sec-WebSocket-Accept");
            assertThat(answer.closedByServer()).isTrue();
            assertThat(manager.stats().connections()).isZero();
        } finally {
            container.stop();
        }
    }
}
