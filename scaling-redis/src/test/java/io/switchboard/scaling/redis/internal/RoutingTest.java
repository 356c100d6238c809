package io.switchboard.scaling.redis.internal;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.SendStatus;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Registry-directed routing across three instances")
class RoutingTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(5);
    private static RedisServerProcess redis;
    private Clusters clusters;
    private Node a;
    private Node b;
    private Node c;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startNodes() {
        clusters = new Clusters(redis.uri());
        a = new Node(clusters, "a");
        b = new Node(clusters, "b");
        c = new Node(clusters, "c");
        for (Node node : List.of(a, b, c)) {
            await("every instance sees three").atMost(WITHIN).pollInterval(POLL)
                    .until(() -> node.manager.stats().cluster()
                    .map(stats -> stats.instances() == 3).orElse(false));
        }
    }

    @AfterEach
    void stopNodes() {
        a.close();
        b.close();
        c.close();
    }

    private void awaitRegistered(String user, int connections) {
        await().atMost(WITHIN).pollInterval(POLL).untilAsserted(() -> assertThat(
                redis.command("ZCARD", clusters.keys().userConnections(UserId.of(user)))
                        .equals(":" + connections + "\r\n"))
                .as(() -> user + " has " + connections + " registered connections").isTrue());
    }

    private long inboxFrames(String instance) {
        String reply = redis.command("GET", clusters.keys().inboxCounter(instance));
        return reply.startsWith("$-1") ? 0 : Long.parseLong(reply.split("\r\n")[1]);
    }

    private static ApplicationEvent event(int n) {
        return ApplicationEvent.of("progress", Map.of("n", n));
    }

    @Test
    @DisplayName("a user's events reach only the instance holding the user: one forward per send, not N")
    void oneForwardPerSend() throws Exception {
        FakeConnection tab = b.connect("u", "u-tab-1");
        FakeConnection bystander = c.connect("v", "v-tab-1");
        b.manager.subscribe(tab.id(), ThreadId.of("t-1"));
        c.manager.subscribe(bystander.id(), ThreadId.of("t-1"));
        awaitRegistered("u", 1);
        awaitRegistered("v", 1);
        long xaddBefore = redis.commandCalls("xadd");
        long toB = inboxFrames("b");
        long toC = inboxFrames("c");

        AgentEmitter emitter = a.manager.emitter(UserId.of("u"), ThreadId.of("t-1"), RunId.of("r-1"));
        int sends = 50;
        List<EmitOutcome> outcomes = new ArrayList<>();
        for (int i = 1; i <= sends; i++) {
            outcomes.add(emitter.application(event(i)).get());
        }
        await().atMost(WITHIN).pollInterval(POLL)
                .untilAsserted(() -> assertThat(tab.framesOfType("progress").size() == sends)
                        .as(() -> "all events on u's tab: " + tab.framesOfType("progress").size()).isTrue());

        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.outcome().status()).isEqualTo(SendStatus.QUEUED);
            assertThat(outcome.outcome().queuedLocal()).isZero();
            assertThat(outcome.outcome().forwardedInstances()).isEqualTo(1);
        });
        assertThat(tab.framesOfType("progress")).extracting(frame -> frame.path("seq").asLong())
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, sends).boxed().toList());
        assertThat(inboxFrames("b") - toB).isEqualTo(sends);
        assertThat(inboxFrames("c") - toC).isZero();
        // Per send: one XADD to the log, one to b's inbox.
        assertThat(redis.commandCalls("xadd") - xaddBefore).isEqualTo(2L * sends);
        assertThat(a.manager.stats().cluster()).hasValueSatisfying(stats ->
                assertThat(stats.forwardsSent()).isEqualTo(sends));
        assertThat(bystander).hasNoFrameOfType("progress");
    }

    @Test
    @DisplayName("a user's tabs spread over instances all receive the user's events, in order")
    void tabsOnSeveralInstances() {
        List<FakeConnection> tabs = List.of(a.connect("u", "u-a"), b.connect("u", "u-b"),
                c.connect("u", "u-c"));
        awaitRegistered("u", 3);
        List<SendOutcome> outcomes = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            outcomes.add(a.manager.sendToUser(UserId.of("u"), event(i)));
        }
        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.queuedLocal()).isEqualTo(1);
            assertThat(outcome.forwardedInstances()).isEqualTo(2);
        });
        for (FakeConnection tab : tabs) {
            await().atMost(WITHIN).pollInterval(POLL)
                    .untilAsserted(() -> assertThat(tab.framesOfType("progress").size() == 10)
                            .as(() -> tab + " got " + tab.framesOfType("progress").size()).isTrue());
            assertThat(tab.framesOfType("progress")).extracting(frame -> frame.path("payload").path("n")
                    .asInt()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        }
    }

    @Test
    @DisplayName("a room send goes to the instances holding members only; broadcast to every other")
    void roomsAndBroadcast() {
        FakeConnection member = b.connect("u", "u-b");
        FakeConnection outsider = c.connect("v", "v-c");
        FakeConnection local = a.connect("w", "w-a");
        b.manager.joinRoom(member.id(), RoomName.of("lobby"));
        await("b is registered in the room").atMost(WITHIN).pollInterval(POLL).until(() -> redis.command("SISMEMBER",
                clusters.keys().room("lobby"), "b").equals(":1\r\n"));

        SendOutcome first = a.manager.broadcastToRoom(RoomName.of("lobby"), event(1));
        assertThat(first.status()).isEqualTo(SendStatus.QUEUED);
        await("the member gets the first room frame").atMost(WITHIN).pollInterval(POLL)
                .until(() -> member.framesOfType("progress").size() == 1);
        long pushesBefore = inboxFrames("b") + inboxFrames("c");
        SendOutcome second = a.manager.broadcastToRoom(RoomName.of("lobby"), event(2));
        assertThat(second.forwardedInstances()).isEqualTo(1);
        await("the member gets the second room frame").atMost(WITHIN).pollInterval(POLL)
                .until(() -> member.framesOfType("progress").size() == 2);
        assertThat(inboxFrames("b") + inboxFrames("c") - pushesBefore).isEqualTo(1);
        assertThat(outsider).hasNoFrameOfType("progress");
        assertThat(local).hasNoFrameOfType("progress");

        SendOutcome all = a.manager.broadcastToAll(event(3));
        assertThat(all.queuedLocal()).isEqualTo(1);
        assertThat(all.forwardedInstances()).isEqualTo(2);
        for (FakeConnection tab : List.of(member, outsider, local)) {
            await(tab + " gets the broadcast").atMost(WITHIN).pollInterval(POLL)
                    .until(() -> tab.framesOfType("progress").stream()
                    .anyMatch(frame -> frame.path("payload").path("n").asInt() == 3));
        }
        assertThat(all.failedRemote()).isZero();
    }

    @Test
    @DisplayName("a send to a connection of another instance reaches it, and only it")
    void singleConnection() {
        FakeConnection target = c.connect("u", "u-c");
        FakeConnection sibling = b.connect("u", "u-b");
        awaitRegistered("u", 2);
        SendOutcome outcome = a.manager.sendToConnection(ConnectionId.of("u-c"), event(7));
        assertThat(outcome.forwardedInstances()).isEqualTo(1);
        await("the target gets the frame").atMost(WITHIN).pollInterval(POLL)
                .until(() -> target.framesOfType("progress").size() == 1);
        assertThat(sibling).hasNoFrameOfType("progress");
    }

    @Test
    @DisplayName("reports cluster-wide instances, connections and users in every instance's stats")
    void globalStats() {
        a.connect("u", "u-a");
        b.connect("u", "u-b");
        b.connect("v", "v-b");
        c.connect("w", "w-c");
        await().atMost(WITHIN).pollInterval(POLL).untilAsserted(() -> assertThat(c.manager.stats().cluster()
                .map(stats -> stats.instances() == 3 && stats.connections() == 4 && stats.users() == 3)
                .orElse(false)).as(() -> "cluster stats: " + c.manager.stats().cluster()).isTrue());
    }
}
