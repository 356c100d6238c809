package io.switchboard.scaling.redis.internal;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.SendStatus;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Managers through a Redis outage")
class OutageTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(5);
    private RedisServerProcess redis;
    private Clusters clusters;
    private Node a;
    private Node b;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start();
        clusters = new Clusters(redis.uri());
        a = new Node(clusters, "a");
        b = new Node(clusters, "b");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        redis.close();
    }

    private void awaitRegistered(String user, int connections) {
        await().atMost(WITHIN).pollInterval(POLL).untilAsserted(() -> assertThat(
                redis.command("ZCARD", clusters.keys().userConnections(UserId.of(user)))
                        .equals(":" + connections + "\r\n"))
                .as(() -> user + " has " + connections + " registered connections").isTrue());
    }

    private static ApplicationEvent event(int n) {
        return ApplicationEvent.of("progress", Map.of("n", n));
    }

    private static List<Integer> numbers(FakeConnection tab) {
        return tab.framesOfType("progress").stream().map(frame -> frame.path("payload").path("n").asInt())
                .toList();
    }

    private static List<JsonNode> frames(FakeConnection tab, String type) {
        return tab.framesOfType(type);
    }

    @Test
    @DisplayName("after Redis restarts empty, instances re-register; a stream gets one new epoch and "
            + "the other instance's client is told recovery_failed, then gets the new epoch from 1")
    void restartedEmpty() throws Exception {
        FakeConnection tab = b.connect("u", "u-1");
        b.manager.subscribe(tab.id(), ThreadId.of("t-1"));
        b.manager.joinRoom(tab.id(), RoomName.of("lobby"));
        awaitRegistered("u", 1);
        AgentEmitter emitter = a.manager.emitter(UserId.of("u"), ThreadId.of("t-1"), RunId.of("r"));
        assertThat(emitter.application(event(1)).get().succeeded()).isTrue();
        await("the first event arrives").atMost(WITHIN).pollInterval(POLL).until(() -> numbers(tab).contains(1));

        redis.kill();
        SendOutcome during = a.manager.sendToThread(UserId.of("u"), ThreadId.of("t-1"), event(99));
        // Refused, or unanswered if it went out before Lettuce saw the socket close: either way
        // not numbered.
        assertThat(during.status()).as("nothing is numbered while Redis is away")
                .isIn(SendStatus.STORE_FAILED, SendStatus.STORE_UNCONFIRMED);
        SendOutcome room = a.manager.broadcastToRoom(RoomName.of("lobby"), event(98));
        assertThat(room.failedRemote()).as("the room's remote members are reported missed")
                .isPositive();
        redis.restart();
        await("both recover").atMost(WITHIN).pollInterval(POLL).until(() -> a.cluster.redisAvailable()
                && b.cluster.redisAvailable());
        awaitRegistered("u", 1);
        await("the room is registered again").atMost(WITHIN).pollInterval(POLL).until(() -> redis.command("SISMEMBER",
                clusters.keys().room("lobby"), "b").equals(":1\r\n"));

        await("the next event is stored").atMost(WITHIN).pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsInstanceOf(RuntimeException.class).until(() -> {
            try {
                EmitOutcome outcome = emitter.application(event(2)).get();
                if (!outcome.succeeded()) {
                    throw new IllegalStateException(outcome.toString());
                }
                return outcome;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, value -> true);
        await().atMost(WITHIN).pollInterval(POLL)
                .untilAsserted(() -> assertThat(numbers(tab).contains(2))
                        .as(() -> "the new epoch reaches the tab: " + numbers(tab)).isTrue());
        assertThat(numbers(tab)).containsExactly(1, 2);
        List<JsonNode> failed = frames(tab, "recovery_failed");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("reason").asText()).isEqualTo("epoch_changed");
        List<JsonNode> progress = frames(tab, "progress");
        assertThat(progress.get(1).path("seq").asLong()).isEqualTo(1);
        assertThat(progress.get(1).path("epoch").asText())
                .isNotEqualTo(progress.get(0).path("epoch").asText());
        assertThat(tab.isOpen()).as("nobody is closed for it").isTrue();

        a.manager.broadcastToRoom(RoomName.of("lobby"), event(3));
        SendOutcome all = a.manager.broadcastToAll(event(4));
        await().atMost(WITHIN).pollInterval(POLL)
                .untilAsserted(() -> assertThat(numbers(tab).containsAll(List.of(3, 4)))
                        .as(() -> "the tab gets room and broadcast frames: " + numbers(tab) + " " + all + " "
                                + a.manager.stats().cluster()).isTrue());
    }

    @Test
    @DisplayName("events emitted while Redis is frozen are retried, stored in the same epoch and "
            + "reach the other instance's client in order")
    void frozenThenThawed() throws Exception {
        FakeConnection tab = b.connect("u", "u-1");
        b.manager.subscribe(tab.id(), ThreadId.of("t-1"));
        awaitRegistered("u", 1);
        AgentEmitter emitter = a.manager.emitter(UserId.of("u"), ThreadId.of("t-1"), RunId.of("r"));
        for (int n = 1; n <= 3; n++) {
            assertThat(emitter.application(event(n)).get().outcome().forwardedInstances())
                    .isEqualTo(1);
        }
        await("the first events arrive").atMost(WITHIN).pollInterval(POLL).until(() -> numbers(tab).size() == 3);

        redis.freeze();
        List<java.util.concurrent.CompletableFuture<EmitOutcome>> during = new java.util.ArrayList<>();
        for (int n = 4; n <= 6; n++) {
            during.add(emitter.application(event(n)));
        }
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(800).toNanos());
        redis.thaw();
        for (java.util.concurrent.CompletableFuture<EmitOutcome> outcome : during) {
            assertThat(outcome.get().succeeded()).as("retried until Redis answered").isTrue();
        }
        await().atMost(WITHIN).pollInterval(POLL)
                .untilAsserted(() -> assertThat(numbers(tab).size() == 6)
                        .as(() -> "the pause's events arrive: " + numbers(tab)).isTrue());
        assertThat(numbers(tab)).containsExactly(1, 2, 3, 4, 5, 6);
        List<JsonNode> frames = tab.framesOfType("progress");
        assertThat(frames).extracting(frame -> frame.path("seq").asLong())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(frames).extracting(frame -> frame.path("epoch").asText()).containsOnly(
                frames.get(0).path("epoch").asText());
        assertThat(tab).hasNoFrameOfType("recovery_failed");
        assertThat(tab.isOpen()).isTrue();
    }
}
