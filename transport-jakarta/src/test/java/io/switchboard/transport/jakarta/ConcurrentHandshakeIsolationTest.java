package io.switchboard.transport.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;

@DisplayName("Concurrent handshakes of different users never swap users")
class ConcurrentHandshakeIsolationTest {

    private static final int USERS = 40;
    private static final int OVERLAPPING = 4;

    private WebSocketManager manager;
    private TyrusTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        manager.close();
    }

    @RepeatedTest(3)
    @DisplayName("forty users connecting at once each receive their own events only")
    void eachClientGetsOnlyItsUsersEvents() throws Exception {
        // The first handshakes wait for one another inside the authenticator, so several are
        // provably between modifyHandshake and onOpen at the same time.
        CountDownLatch overlapping = new CountDownLatch(OVERLAPPING);
        manager = WebSocketManager.builder().build();
        TransportSettings settings = TransportSettings.builder(request -> {
            overlapping.countDown();
            awaitQuietly(overlapping);
            return Fixtures.bearerTokens().authenticate(request);
        }).build();
        server = TyrusTestServer.start(SwitchboardJakarta.endpointConfig(manager, settings),
                settings);

        List<CompletableFuture<TestClient>> connecting = IntStream.range(0, USERS)
                .mapToObj(i -> TestClient.connect(server.webSocketUri(),
                        Map.of("Authorization", "Bearer user-" + i)))
                .toList();
        List<TestClient> clients = new ArrayList<>();
        for (CompletableFuture<TestClient> client : connecting) {
            clients.add(client.get(10, TimeUnit.SECONDS));
        }
        for (TestClient client : clients) {
            assertThat(Fixtures.json(client.nextFrame()).path("type").asText()).isEqualTo("welcome");
        }
        assertThat(manager.stats().connections()).isEqualTo(USERS);

        for (int i = 0; i < USERS; i++) {
            UserId user = UserId.of("user-" + i);
            manager.sendToUser(user, ApplicationEvent.of("probe", Map.of("for", user.value())));
            manager.sendToUser(user, ApplicationEvent.of("probe_end", Map.of("for", user.value())));
        }

        for (int i = 0; i < USERS; i++) {
            String expected = "user-" + i;
            JsonNode probe = Fixtures.json(clients.get(i).nextFrame());
            JsonNode end = Fixtures.json(clients.get(i).nextFrame());
            assertThat(probe.path("type").asText()).isEqualTo("probe");
            assertThat(probe.path("payload").path("for").asText())
                    .as("the probe received by the client of %s", expected).isEqualTo(expected);
            assertThat(end.path("type").asText()).isEqualTo("probe_end");
            assertThat(end.path("payload").path("for").asText()).isEqualTo(expected);
        }
        assertThat(manager.stats().connectionsPerUser()).hasSize(USERS).allSatisfy(
                (user, connections) -> assertThat(connections).isEqualTo(1));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
