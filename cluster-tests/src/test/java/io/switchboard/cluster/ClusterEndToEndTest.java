package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.cluster.support.Instance;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.transport.tck.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Three instances, each with its own Undertow server, act as one manager")
class ClusterEndToEndTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(5);
    private static RedisServerProcess redis;
    private static String prefix;
    private static Instance a;
    private static Instance b;
    private static Instance c;
    private static HttpClient http;
    private final List<WebSocketRecorder> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisServerProcess.start();
        prefix = "e2e" + UUID.randomUUID().toString().substring(0, 6);
        a = Instance.start(redis.uri(), prefix, "a", 3);
        b = Instance.start(redis.uri(), prefix, "b", 3);
        c = Instance.start(redis.uri(), prefix, "c", 3);
        http = HttpClient.newHttpClient();
        for (Instance instance : List.of(a, b, c)) {
            await("every instance sees three").atMost(WITHIN).pollInterval(POLL).until(() -> instance.manager().stats()
                    .cluster().map(stats -> stats.instances() == 3).orElse(false));
        }
    }

    @AfterAll
    static void stopCluster() {
        for (Instance instance : List.of(a, b, c)) {
            instance.close();
        }
        redis.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WebSocketRecorder::close);
    }

    private WebSocketRecorder connect(Instance instance, String user) {
        WebSocketRecorder client = WebSocketRecorder.to(instance.uri()).bearer(user).httpClient(http)
                .timeout(Duration.ofSeconds(5)).connect();
        client.awaitWelcome();
        clients.add(client);
        return client;
    }

    private static void subscribe(WebSocketRecorder client, String thread) {
        client.send("{\"type\":\"subscribe\",\"thread_id\":\"" + thread + "\"}");
        client.nextFrame("subscribed");
    }

    private void awaitRegistered(String user, int connections) {
        await().atMost(WITHIN).pollInterval(POLL).untilAsserted(() -> assertThat(
                redis.command("ZCARD", prefix + ":{u:" + user + "}:conns").equals(":" + connections + "\r\n"))
                .as(() -> user + " has " + connections + " registered connections").isTrue());
    }

    private static ApplicationEvent event(int n) {
        return ApplicationEvent.of("progress", Map.of("n", n));
    }

    private static int n(JsonNode frame) {
        return frame.path("payload").path("n").asInt();
    }

    @Test
    @DisplayName("a user's tabs spread over the instances all receive the user's events, in order")
    void tabsSpreadOverInstances() throws Exception {
        List<WebSocketRecorder> tabs = List.of(connect(a, "tabs"), connect(b, "tabs"),
                connect(c, "tabs"));
        tabs.forEach(tab -> subscribe(tab, "t-1"));
        WebSocketRecorder other = connect(b, "someone-else");
        subscribe(other, "t-1");
        awaitRegistered("tabs", 3);
        AgentEmitter emitter = b.manager().emitter(UserId.of("tabs"), ThreadId.of("t-1"),
                RunId.of("r-tabs"));
        for (int i = 1; i <= 20; i++) {
            EmitOutcome outcome = emitter.application(event(i)).get();
            assertThat(outcome.outcome().queuedLocal()).isEqualTo(1);
            assertThat(outcome.outcome().forwardedInstances()).isEqualTo(2);
        }
        for (WebSocketRecorder tab : tabs) {
            String epoch = null;
            for (int i = 1; i <= 20; i++) {
                JsonNode frame = tab.nextFrame("progress");
                assertThat(n(frame)).isEqualTo(i);
                assertThat(frame.path("seq").asLong()).isEqualTo(i);
                epoch = epoch == null ? frame.path("epoch").asText() : epoch;
                assertThat(frame.path("epoch").asText()).isEqualTo(epoch);
            }
        }
        // Isolation: another user's tab on the same thread id got nothing.
        other.send("{\"type\":\"ping\"}");
        assertThat(other.nextFrame().path("type").asText()).isEqualTo("pong");
    }

    @Test
    @DisplayName("rooms and broadcasts reach members on every instance, and nobody else")
    void roomsAndBroadcast() {
        List<WebSocketRecorder> members = List.of(connect(a, "room-1"), connect(b, "room-2"),
                connect(c, "room-3"));
        WebSocketRecorder outsider = connect(c, "room-4");
        List<Instance> homes = List.of(a, b, c);
        for (int i = 0; i < 3; i++) {
            assertThat(homes.get(i).manager().joinRoom(
                    ConnectionId.of(members.get(i).connectionId()), RoomName.of("lobby"))).isTrue();
        }
        await("the room is registered on all three").atMost(WITHIN).pollInterval(POLL)
                .until(() -> redis.command("SCARD",
                prefix + ":{r:lobby}").equals(":3\r\n"));

        SendOutcome room = b.manager().broadcastToRoom(RoomName.of("lobby"), event(1));
        assertThat(room.queuedLocal()).isEqualTo(1);
        for (WebSocketRecorder member : members) {
            JsonNode frame = member.nextFrame("progress");
            assertThat(n(frame)).isEqualTo(1);
            assertThat(frame.has("seq")).as("rooms are not numbered").isFalse();
        }
        SendOutcome all = a.manager().broadcastToAll(event(2));
        assertThat(all.queuedLocal()).isEqualTo(1);
        assertThat(all.forwardedInstances()).isEqualTo(2);
        for (WebSocketRecorder client : List.of(members.get(0), members.get(1), members.get(2),
                outsider)) {
            assertThat(n(client.nextFrame("progress"))).isEqualTo(2);
        }
        outsider.assertNoMoreFramesWithin(Duration.ofMillis(300));
    }

    @Test
    @DisplayName("a client resumes on another instance than the one it left: no gap, no duplicate")
    void resumeOnAnotherInstance() throws Exception {
        WebSocketRecorder first = connect(b, "mover");
        subscribe(first, "t-1");
        awaitRegistered("mover", 1);
        AgentEmitter emitter = a.manager().emitter(UserId.of("mover"), ThreadId.of("t-1"),
                RunId.of("r-mover"));
        String epoch = null;
        for (int i = 1; i <= 5; i++) {
            emitter.application(event(i)).get();
            JsonNode frame = first.nextFrame("progress");
            assertThat(n(frame)).isEqualTo(i);
            epoch = frame.path("epoch").asText();
        }
        first.close(1000, "bye");
        awaitRegistered("mover", 0);
        for (int i = 6; i <= 10; i++) {
            SendOutcome away = emitter.application(event(i)).get().outcome();
            assertThat(away.stored()).isTrue();
        }

        WebSocketRecorder second = connect(c, "mover");
        second.send("{\"type\":\"subscribe\",\"thread_id\":\"t-1\",\"epoch\":\"" + epoch
                + "\",\"seq\":5}");
        second.nextFrame("subscribed");
        for (int i = 6; i <= 10; i++) {
            JsonNode frame = second.nextFrame("progress");
            assertThat(n(frame)).isEqualTo(i);
            assertThat(frame.path("seq").asLong()).isEqualTo(i);
        }
        JsonNode recovered = second.nextFrame("recovered");
        assertThat(recovered.path("replayed").asInt()).isEqualTo(5);
        assertThat(recovered.path("last_seq").asLong()).isEqualTo(10);
        awaitRegistered("mover", 1);
        emitter.application(event(11)).get();
        assertThat(n(second.nextFrame("progress"))).isEqualTo(11);
    }

    @Test
    @DisplayName("the per-user limit holds across instances: the oldest tab is closed with 4001")
    void perUserLimitAcrossInstances() {
        WebSocketRecorder oldest = connect(a, "limited");
        awaitRegistered("limited", 1);
        connect(b, "limited");
        awaitRegistered("limited", 2);
        connect(c, "limited");
        awaitRegistered("limited", 3);
        WebSocketRecorder newest = connect(b, "limited");
        WebSocketRecorder.Close close = oldest.nextClose();
        assertThat(close.code()).isEqualTo(4001);
        awaitRegistered("limited", 3);
        newest.send("{\"type\":\"ping\"}");
        assertThat(newest.nextFrame().path("type").asText()).isEqualTo("pong");
    }

    @Test
    @DisplayName("routing efficiency: a send to a user on one of three instances is one forward")
    void routingEfficiency() throws Exception {
        WebSocketRecorder tab = connect(c, "efficient");
        subscribe(tab, "t-1");
        awaitRegistered("efficient", 1);
        long xadds = redis.commandCalls("xadd");
        long inboxB = inboxFrames("b");
        long inboxC = inboxFrames("c");
        AgentEmitter emitter = a.manager().emitter(UserId.of("efficient"), ThreadId.of("t-1"),
                RunId.of("r-efficient"));
        int sends = 100;
        for (int i = 1; i <= sends; i++) {
            assertThat(emitter.application(event(i)).get().outcome().forwardedInstances())
                    .isEqualTo(1);
        }
        for (int i = 1; i <= sends; i++) {
            assertThat(n(tab.nextFrame("progress"))).isEqualTo(i);
        }
        long forwards = inboxFrames("c") - inboxC;
        System.out.printf("ROUTING-EFFICIENCY instances=3 sends=%d forwards=%d "
                + "(inbox c=%d, inbox b=%d) xadd=%d%n", sends, forwards, forwards,
                inboxFrames("b") - inboxB, redis.commandCalls("xadd") - xadds);
        assertThat(forwards).isEqualTo(sends);
        assertThat(inboxFrames("b") - inboxB).isZero();
        assertThat(redis.commandCalls("xadd") - xadds).isEqualTo(2L * sends);
    }

    private static long inboxFrames(String instance) {
        String reply = redis.command("GET", prefix + ":{i:" + instance + "}:inbox-n");
        return reply.startsWith("$-1") ? 0 : Long.parseLong(reply.split("\r\n")[1]);
    }

    static URI[] uris(Instance... instances) {
        return java.util.Arrays.stream(instances).map(Instance::uri).toArray(URI[]::new);
    }
}
