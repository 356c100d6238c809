package io.switchboard.scaling.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.CloseReason;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.SendStatus;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.scaling.redis.testing.Await;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import io.switchboard.scaling.redis.testing.TestConnection;
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
        Await.until(WITHIN, () -> user + " has " + connections + " registered connections",
                () -> redis.command("ZCARD", clusters.prefix() + ":user:" + user)
                        .equals(":" + connections + "\r\n"));
    }

    private static ApplicationEvent event(int n) {
        return ApplicationEvent.of("progress", Map.of("n", n));
    }

    private static List<Integer> numbers(TestConnection tab) {
        return tab.frames("progress").stream().map(frame -> frame.path("payload").path("n").asInt())
                .toList();
    }

    @Test
    @DisplayName("after Redis restarts empty, instances re-register and re-subscribe, and their "
            + "clients are closed with 1012 to resume")
    void restartedEmpty() {
        TestConnection tab = b.connect("u", "u-1");
        b.manager.joinRoom(tab.id(), RoomName.of("lobby"));
        awaitRegistered("u", 1);

        redis.kill();
        SendOutcome during = a.manager.sendToUser(UserId.of("u"), event(1));
        assertThat(during.status()).as("stored locally, nobody here").isEqualTo(SendStatus.STORED);
        redis.restart();
        Await.until(WITHIN, "both recover", () -> a.cluster.redisAvailable()
                && b.cluster.redisAvailable());
        Await.until(WITHIN, "b's client is told to resume", () -> tab.closeReason().isPresent());
        assertThat(tab.closeReason()).contains(CloseReason.SERVICE_RESTART);
        assertThat(b.cluster.clientResyncs()).isEqualTo(1);

        TestConnection again = b.connect("u", "u-2");
        b.manager.joinRoom(again.id(), RoomName.of("lobby"));
        awaitRegistered("u", 1);
        Await.until(WITHIN, "the room is registered again", () -> redis.command("SISMEMBER",
                clusters.prefix() + ":room:lobby", "b").equals(":1\r\n"));
        assertThat(a.manager.sendToUser(UserId.of("u"), event(2)).forwardedInstances()).isEqualTo(1);
        a.manager.broadcastToRoom(RoomName.of("lobby"), event(3));
        a.manager.broadcastToAll(event(4));
        Await.until(WITHIN, () -> "the new tab gets user, room and broadcast frames: "
                + numbers(again), () -> numbers(again).containsAll(List.of(2, 3, 4)));
    }

    @Test
    @DisplayName("events emitted while Redis is frozen reach the other instance's client after the "
            + "thaw, in order, with no resync")
    void frozenThenThawed() throws Exception {
        TestConnection tab = b.connect("u", "u-1");
        b.manager.subscribe(tab.id(), ThreadId.of("t-1"));
        awaitRegistered("u", 1);
        AgentEmitter emitter = a.manager.emitter(UserId.of("u"), ThreadId.of("t-1"), RunId.of("r"));
        for (int n = 1; n <= 3; n++) {
            assertThat(emitter.application(event(n)).get().outcome().forwardedInstances())
                    .isEqualTo(1);
        }
        Await.until(WITHIN, "the first events arrive", () -> numbers(tab).size() == 3);

        redis.freeze();
        for (int n = 4; n <= 6; n++) {
            EmitOutcome outcome = emitter.application(event(n)).get();
            assertThat(outcome.succeeded()).as("stored in the local fallback").isTrue();
            assertThat(outcome.outcome().forwardedInstances()).isZero();
        }
        redis.thaw();

        Await.until(WITHIN, () -> "the outage's events arrive: " + numbers(tab),
                () -> numbers(tab).size() == 6);
        assertThat(numbers(tab)).containsExactly(1, 2, 3, 4, 5, 6);
        List<JsonNode> frames = tab.frames("progress");
        assertThat(frames.get(3).path("epoch").asText()).isNotEqualTo(frames.get(2).path("epoch")
                .asText()).startsWith("f");
        assertThat(frames.subList(3, 6)).extracting(frame -> frame.path("seq").asLong())
                .containsExactly(1L, 2L, 3L);
        assertThat(tab.isOpen()).isTrue();
        assertThat(b.cluster.clientResyncs()).isZero();
    }
}
