package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.event.AgentCompleted;
import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.event.AgentThinking;
import io.switchboard.core.event.ToolCompleted;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The welcome frame and every way of addressing events, end to end over real sockets. A case
 * proves that a connection received nothing it should not by sending a fence afterwards: the
 * fence must be that connection's very next frame.
 */
abstract class RoutingCases extends KitCases {

    RoutingCases(ServerStarter starter) {
        super(starter);
    }

    @Test
    @DisplayName("the welcome frame comes first and carries a connection id unique to the connection")
    void welcomeFirst() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder first = deployment.client().bearer("alice").connect();
        WebSocketRecorder second = deployment.client().bearer("alice").connect();

        JsonNode welcome = first.nextFrame();
        JsonNode other = second.nextFrame();

        assertThat(welcome.path("type").asText()).isEqualTo("welcome");
        assertThat(welcome.path("protocol").asInt()).isEqualTo(1);
        assertThat(welcome.path("connection_id").asText()).isNotBlank();
        assertThat(other.path("type").asText()).isEqualTo("welcome");
        assertThat(other.path("connection_id").asText())
                .isNotEqualTo(welcome.path("connection_id").asText());
    }

    @Test
    @DisplayName("sendToConnection reaches that connection and no other tab of its user")
    void sendToConnection() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder tab1 = deployment.connectAs("alice");
        WebSocketRecorder tab2 = deployment.connectAs("alice");
        WebSocketManager manager = deployment.manager();

        SendOutcome outcome = manager.sendToConnection(ConnectionId.of(tab1.connectionId()),
                KitEvents.tagged("alice", "connection", 1));
        manager.sendToUser(UserId.of("alice"), KitEvents.fence("after"));

        assertThat(outcome.queuedLocal()).isEqualTo(1);
        assertThat(tab1.nextFrame(KitEvents.TAGGED).at("/payload/source").asText())
                .isEqualTo("connection");
        tab1.nextFrame(KitEvents.FENCE);
        tab2.nextFrame(KitEvents.FENCE);
    }

    @Test
    @DisplayName("sendToUser reaches every tab of that user and nobody else")
    void sendToUser() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder alice1 = deployment.connectAs("alice");
        WebSocketRecorder alice2 = deployment.connectAs("alice");
        WebSocketRecorder bob = deployment.connectAs("bob");
        WebSocketManager manager = deployment.manager();

        SendOutcome outcome = manager.sendToUser(UserId.of("alice"),
                KitEvents.tagged("alice", "user", 1));
        manager.broadcastToAll(KitEvents.fence("after"));

        assertThat(outcome.queuedLocal()).isEqualTo(2);
        for (WebSocketRecorder tab : List.of(alice1, alice2)) {
            assertThat(tab.nextFrame(KitEvents.TAGGED).at("/payload/for").asText())
                    .isEqualTo("alice");
            tab.nextFrame(KitEvents.FENCE);
        }
        bob.nextFrame(KitEvents.FENCE);
    }

    @Test
    @DisplayName("sendToThread reaches the user's connections that subscribed with a subscribe frame")
    void sendToThread() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder subscribed = deployment.connectAs("alice");
        WebSocketRecorder notSubscribed = deployment.connectAs("alice");
        WebSocketRecorder bob = deployment.connectAs("bob");
        subscribe(subscribed, "t-1");
        subscribe(bob, "t-1"); // a thread of the same name, but bob's own
        WebSocketManager manager = deployment.manager();

        SendOutcome outcome = manager.sendToThread(UserId.of("alice"), ThreadId.of("t-1"),
                KitEvents.tagged("alice", "thread", 1));
        manager.broadcastToAll(KitEvents.fence("after"));

        assertThat(outcome.queuedLocal()).isEqualTo(1);
        JsonNode event = subscribed.nextFrame(KitEvents.TAGGED);
        assertThat(event.path("thread_id").asText()).isEqualTo("t-1");
        assertThat(event.at("/payload/for").asText()).isEqualTo("alice");
        subscribed.nextFrame(KitEvents.FENCE);
        notSubscribed.nextFrame(KitEvents.FENCE);
        bob.nextFrame(KitEvents.FENCE);
    }

    @Test
    @DisplayName("sendToRun delivers the five critical events of an associated run in order")
    void sendToRunInOrder() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder alice = deployment.connectAs("alice");
        WebSocketRecorder bob = deployment.connectAs("bob");
        subscribe(alice, "t-1");
        subscribe(bob, "t-1");
        WebSocketManager manager = deployment.manager();
        RunId run = RunId.of("r-9");

        assertThat(manager.associateRun(run, UserId.of("alice"), ThreadId.of("t-1"))).isTrue();
        List<SendOutcome> outcomes = new ArrayList<>();
        outcomes.add(manager.sendToRun(run, new AgentStarted("kit-agent")));
        outcomes.add(manager.sendToRun(run, new AgentThinking("looking it up", 1)));
        outcomes.add(manager.sendToRun(run,
                new ToolExecuting("c-1", "search", Map.of("q", "weather"))));
        outcomes.add(manager.sendToRun(run,
                new ToolCompleted("c-1", "search", true, Map.of("answer", "sunny"), 12)));
        outcomes.add(manager.sendToRun(run, AgentCompleted.succeeded("It is sunny.")));
        manager.broadcastToAll(KitEvents.fence("after"));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.queuedLocal()).isEqualTo(1));
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(alice.nextFrame());
        }
        assertThat(events).extracting(event -> event.path("type").asText()).containsExactly(
                "agent_started", "agent_thinking", "tool_executing", "tool_completed",
                "agent_completed");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.path("run_id").asText()).isEqualTo("r-9");
            assertThat(event.path("thread_id").asText()).isEqualTo("t-1");
        });
        assertThat(events.get(0).at("/payload/agent_name").asText()).isEqualTo("kit-agent");
        assertThat(events.get(1).at("/payload/step").asInt()).isEqualTo(1);
        assertThat(events.get(2).at("/payload/arguments/q").asText()).isEqualTo("weather");
        assertThat(events.get(3).at("/payload/succeeded").asBoolean()).isTrue();
        assertThat(events.get(4).at("/payload/status").asText()).isEqualTo("succeeded");
        alice.nextFrame(KitEvents.FENCE);
        bob.nextFrame(KitEvents.FENCE);
    }

    @Test
    @DisplayName("broadcastToRoom reaches the room's members only, and not after they leave")
    void rooms() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder alice = deployment.connectAs("alice");
        WebSocketRecorder aliceOtherTab = deployment.connectAs("alice");
        WebSocketRecorder bob = deployment.connectAs("bob");
        WebSocketRecorder carol = deployment.connectAs("carol");
        WebSocketManager manager = deployment.manager();
        RoomName lobby = RoomName.of("lobby");
        assertThat(manager.joinRoom(ConnectionId.of(alice.connectionId()), lobby)).isTrue();
        assertThat(manager.joinRoom(ConnectionId.of(bob.connectionId()), lobby)).isTrue();

        SendOutcome first = manager.broadcastToRoom(lobby, KitEvents.tagged("lobby", "room", 1));
        manager.broadcastToAll(KitEvents.fence("first"));
        assertThat(manager.leaveRoom(ConnectionId.of(bob.connectionId()), lobby)).isTrue();
        SendOutcome second = manager.broadcastToRoom(lobby, KitEvents.tagged("lobby", "room", 2));
        manager.broadcastToAll(KitEvents.fence("second"));

        assertThat(first.queuedLocal()).isEqualTo(2);
        assertThat(second.queuedLocal()).isEqualTo(1);
        assertThat(alice.nextFrame(KitEvents.TAGGED).at("/payload/n").asInt()).isEqualTo(1);
        alice.nextFrame(KitEvents.FENCE);
        assertThat(alice.nextFrame(KitEvents.TAGGED).at("/payload/n").asInt()).isEqualTo(2);
        alice.nextFrame(KitEvents.FENCE);
        assertThat(bob.nextFrame(KitEvents.TAGGED).at("/payload/n").asInt()).isEqualTo(1);
        bob.nextFrame(KitEvents.FENCE);
        bob.nextFrame(KitEvents.FENCE);
        for (WebSocketRecorder outsider : List.of(aliceOtherTab, carol)) {
            outsider.nextFrame(KitEvents.FENCE);
            outsider.nextFrame(KitEvents.FENCE);
        }
    }

    @Test
    @DisplayName("broadcastToAll reaches every connection of every user")
    void broadcastToAll() throws Exception {
        Deployment deployment = deploy();
        List<WebSocketRecorder> clients = List.of(deployment.connectAs("alice"),
                deployment.connectAs("alice"), deployment.connectAs("bob"),
                deployment.connectAs("carol"));

        SendOutcome outcome = deployment.manager().broadcastToAll(
                KitEvents.tagged("everyone", "all", 1));

        assertThat(outcome.queuedLocal()).isEqualTo(4);
        for (WebSocketRecorder client : clients) {
            assertThat(client.nextFrame(KitEvents.TAGGED).at("/payload/for").asText())
                    .isEqualTo("everyone");
        }
    }

    static void subscribe(WebSocketRecorder client, String thread) {
        client.send("{\"type\":\"subscribe\",\"thread_id\":\"" + thread + "\"}");
        assertThat(client.nextFrame("subscribed").path("thread_id").asText()).isEqualTo(thread);
    }
}
