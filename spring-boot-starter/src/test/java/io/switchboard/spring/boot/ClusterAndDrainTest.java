package io.switchboard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.spring.boot.app.TestApplication;
import io.switchboard.testing.RedisServer;
import io.switchboard.transport.tck.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two applications sharing a real {@code redis-server} through {@code switchboard.redis.url}:
 * instance A serves on the embedded Tomcat, instance B on a standalone Netty port. A run emitted
 * on A reaches a client of B; then A stops, and its clients are closed with 1012 over the drain
 * window while new upgrades are refused with 503.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The starter with Redis, a standalone Netty port and the drain")
class ClusterAndDrainTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration DRAIN = Duration.ofMillis(1500);
    private static final int DRAINED_USERS = 6;

    private RedisServer redis;
    private ConfigurableApplicationContext servlet;
    private ConfigurableApplicationContext netty;
    private final List<WebSocketRecorder> clients = new ArrayList<>();

    @BeforeAll
    void start() {
        redis = RedisServer.start();
        servlet = start("--switchboard.drain.window=" + DRAIN.toMillis() + "ms");
        netty = start("--switchboard.transport.type=netty", "--switchboard.transport.port=0",
                "--switchboard.transport.host=127.0.0.1");
    }

    @AfterAll
    void stop() {
        clients.forEach(WebSocketRecorder::close);
        if (netty != null) {
            netty.close();
        }
        if (servlet != null) {
            servlet.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("a run emitted on one instance reaches its user's client on the other")
    void clusterHop() {
        WebSocketRecorder carol = WebSocketRecorder.to(URI.create("ws://127.0.0.1:"
                        + netty.getBean(SwitchboardLifecycle.class).standalonePort() + "/ws"))
                .header("Authorization", TestApplication.TEST_TOKEN + "carol").timeout(WAIT)
                .connect();
        clients.add(carol);
        carol.awaitWelcome();
        carol.send("{\"type\":\"subscribe\",\"thread_id\":\"t-9\"}");
        carol.nextFrame("subscribed");
        WebSocketManager a = servlet.getBean(WebSocketManager.class);
        awaitClusterUsers(a, 1);

        AgentEmitter run = a.emitter(UserId.of("carol"), ThreadId.of("t-9"), RunId.of("r-far"));
        run.started("remote");
        run.completed("done far away");

        JsonNode started = carol.nextFrame("agent_started");
        JsonNode completed = carol.nextFrame("agent_completed");
        assertThat(started.path("run_id").asText()).isEqualTo("r-far");
        assertThat(completed.path("payload").path("answer").asText()).isEqualTo("done far away");
        assertThat(completed.path("seq").asLong()).isGreaterThan(started.path("seq").asLong());
    }

    @Test
    @Order(2)
    @DisplayName("switchboard.transport.type=undertow serves the endpoint on a standalone Undertow port")
    void undertow() {
        try (ConfigurableApplicationContext undertow = start("--switchboard.transport.type=undertow",
                "--switchboard.transport.port=0", "--switchboard.transport.host=127.0.0.1")) {
            int port = undertow.getBean(SwitchboardLifecycle.class).standalonePort();
            WebSocketRecorder dave = WebSocketRecorder.to(URI.create("ws://127.0.0.1:" + port
                            + "/ws"))
                    .header("Authorization", TestApplication.TEST_TOKEN + "dave").timeout(WAIT)
                    .connect();
            clients.add(dave);
            assertThat(dave.awaitWelcome()).isNotBlank();
            assertThat(WebSocketRecorder.to(URI.create("ws://127.0.0.1:" + port + "/ws"))
                    .connectExpectingRejection()).isEqualTo(401);
        }
    }

    @Test
    @Order(3)
    @DisplayName("stopping closes every client with 1012 spread over the drain window, refusing new ones")
    void drain() throws Exception {
        List<TimedClient> drained = new ArrayList<>();
        for (int i = 1; i <= DRAINED_USERS; i++) {
            drained.add(TimedClient.connect(servletEndpoint(), "drained-" + i));
        }
        long stopping = System.nanoTime();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(servlet::close);
        // Right after the first close, well before the last one: the drain is under way.
        CompletableFuture.anyOf(drained.stream().map(client -> client.closed)
                .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        int refused = WebSocketRecorder.to(servletEndpoint())
                .header("Authorization", TestApplication.TEST_TOKEN + "late").timeout(WAIT)
                .connectExpectingRejection();
        closed.get(20, TimeUnit.SECONDS);

        List<Long> offsets = new ArrayList<>();
        for (TimedClient client : drained) {
            TimedClient.Closed close = client.closed.get(10, TimeUnit.SECONDS);
            assertThat(close.code()).isEqualTo(CloseReason.SERVICE_RESTART.code());
            offsets.add((close.atNanos() - stopping) / 1_000_000);
        }
        offsets.sort(Long::compare);
        long spread = offsets.get(offsets.size() - 1) - offsets.get(0);
        // Users are closed at i/n of the window: the last one (n-1)/n of it after the first.
        assertThat(spread).as("close times %s ms after stop", offsets)
                .isGreaterThanOrEqualTo(DRAIN.toMillis() * (DRAINED_USERS - 1) / DRAINED_USERS / 2);
        assertThat(offsets.get(offsets.size() - 1)).isLessThan(DRAIN.toMillis() + 5_000);
        assertThat(refused).isEqualTo(503);
    }

    private URI servletEndpoint() {
        return URI.create("ws://127.0.0.1:" + servlet.getEnvironment().getProperty(
                "local.server.port") + "/ws");
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--switchboard.redis.url=" + redis.uri(), "--switchboard.heartbeat.enabled=false",
                "--spring.main.banner-mode=off", "--management.endpoints.access.default=none"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(TestApplication.class).run(args.toArray(String[]::new));
    }

    private static void awaitClusterUsers(WebSocketManager manager, long users) {
        org.awaitility.Awaitility.await("the cluster counting " + users + " users").atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(manager.stats().cluster().map(cluster -> cluster.users())
                        .orElse(0L)).as("cluster users: %s", manager.stats().cluster())
                        .isGreaterThanOrEqualTo(users));
    }

    /** A client that notes when its close frame arrived, to measure the drain's spread. */
    private static final class TimedClient implements WebSocket.Listener {

        record Closed(int code, long atNanos) {
        }

        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        final CompletableFuture<Void> welcomed = new CompletableFuture<>();

        static TimedClient connect(URI uri, String user) throws Exception {
            TimedClient client = new TimedClient();
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", TestApplication.TEST_TOKEN + user)
                    .buildAsync(uri, client).get(10, TimeUnit.SECONDS);
            client.welcomed.get(10, TimeUnit.SECONDS);
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (data.toString().contains("\"welcome\"")) {
                welcomed.complete(null);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closed.complete(new Closed(code, System.nanoTime()));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
