package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.event.AgentCompleted;
import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.event.AgentThinking;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.event.ToolCompleted;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Routing")
class RoutingTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");
    private static final ThreadId T1 = ThreadId.of("t-1");
    private static final ThreadId T2 = ThreadId.of("t-2");
    private static final AgentStarted STARTED = new AgentStarted("helper");

    private final ManagerHarness harness = new ManagerHarness();
    private final WebSocketManager manager = harness.manager;

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    @DisplayName("an admitted connection first receives a welcome naming it")
    void welcomeFirst() {
        FakeConnection tab = harness.connect("alice");
        JsonNode welcome = tab.frames().get(0);
        assertThat(welcome.path("type").asText()).isEqualTo("welcome");
        assertThat(welcome.path("connection_id").asText()).isEqualTo(tab.id().value());
        assertThat(welcome.path("protocol").asInt()).isEqualTo(1);
    }

    @Nested
    @DisplayName("to one user")
    class ToUser {

        @Test
        @DisplayName("reaches every tab of the user and no other user's")
        void everyTabOfTheUserOnly() {
            FakeConnection aliceTab1 = harness.connect("alice");
            FakeConnection aliceTab2 = harness.connect("alice");
            FakeConnection bobTab = harness.connect("bob");

            SendOutcome outcome = manager.sendToUser(ALICE, STARTED);

            assertThat(outcome).isEqualTo(new SendOutcome(SendStatus.QUEUED, 2, 0, 0, 0, true));
            assertThat(aliceTab1).hasTypes("welcome", "agent_started");
            assertThat(aliceTab2).hasTypes("welcome", "agent_started");
            assertThat(bobTab).hasTypes("welcome");
        }

        @Test
        @DisplayName("is encoded once: every target gets the same frame instance")
        void encodedOnce() {
            FakeConnection tab1 = harness.connect("alice");
            FakeConnection tab2 = harness.connect("alice");
            manager.sendToUser(ALICE, STARTED);
            assertThat(tab1.rawFrames().get(1)).isSameAs(tab2.rawFrames().get(1));
        }

        @Test
        @DisplayName("to an offline user is stored for replay and says so")
        void offlineUser() {
            assertThat(manager.sendToUser(BOB, STARTED))
                    .isEqualTo(new SendOutcome(SendStatus.STORED, 0, 0, 0, 0, true));
            assertThat(manager.stats().sends(SendStatus.STORED)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("to one connection reaches only that connection")
    void toOneConnection() {
        FakeConnection tab1 = harness.connect("alice");
        FakeConnection tab2 = harness.connect("alice");
        assertThat(manager.sendToConnection(tab2.id(), STARTED).queuedLocal()).isEqualTo(1);
        assertThat(tab1).hasTypes("welcome");
        assertThat(tab2).hasTypes("welcome", "agent_started");
        assertThat(manager.sendToConnection(ConnectionId.of("gone"), STARTED).status())
                .isEqualTo(SendStatus.NO_TARGET);
    }

    @Nested
    @DisplayName("to a thread")
    class ToThread {

        @Test
        @DisplayName("reaches the user's tabs subscribed to it, with thread_id set")
        void subscribedTabsOnly() {
            FakeConnection onT1 = harness.connect("alice");
            FakeConnection onT2 = harness.connect("alice");
            FakeConnection bobOnT1 = harness.connect("bob");
            manager.subscribe(onT1.id(), T1);
            manager.subscribe(onT2.id(), T2);
            manager.subscribe(bobOnT1.id(), T1);

            SendOutcome outcome = manager.sendToThread(ALICE, T1, new AgentThinking("reading", 1));

            assertThat(outcome.queuedLocal()).isEqualTo(1);
            assertThat(onT1).hasTypes("welcome", "subscribed", "agent_thinking");
            assertThat(onT1.frames().get(2).path("thread_id").asText()).isEqualTo("t-1");
            assertThat(onT2).hasTypes("welcome", "subscribed");
            assertThat(bobOnT1.types()).as("bob's thread t-1 is another thread")
                    .containsExactly("welcome", "subscribed");
        }

        @Test
        @DisplayName("a client subscribes with a frame and is told so")
        void subscribeFrame() {
            FakeConnection tab = harness.connect("alice");
            manager.onText(tab.id(), "{\"type\":\"subscribe\",\"thread_id\":\"t-1\"}");
            manager.sendToThread(ALICE, T1, STARTED);
            manager.onText(tab.id(), "{\"type\":\"unsubscribe\",\"thread_id\":\"t-1\"}");
            manager.sendToThread(ALICE, T1, STARTED);
            assertThat(tab).hasTypes("welcome", "subscribed", "agent_started", "unsubscribed");
        }
    }

    @Nested
    @DisplayName("to a run")
    class ToRun {

        @Test
        @DisplayName("reaches the run's user on the run's thread, with run_id and thread_id")
        void associatedRun() {
            FakeConnection tab = harness.connect("alice");
            FakeConnection bobTab = harness.connect("bob");
            manager.subscribe(tab.id(), T1);
            manager.subscribe(bobTab.id(), T1);
            RunId run = RunId.of("r-9");
            assertThat(manager.associateRun(run, ALICE, T1)).isTrue();

            manager.sendToRun(run, new ToolExecuting("call-1", "search", Map.of("q", "weather")));

            JsonNode event = tab.frames().get(2);
            assertThat(event.path("type").asText()).isEqualTo("tool_executing");
            assertThat(event.path("run_id").asText()).isEqualTo("r-9");
            assertThat(event.path("thread_id").asText()).isEqualTo("t-1");
            assertThat(event.path("payload").path("tool_name").asText()).isEqualTo("search");
            assertThat(event.path("payload").path("arguments").path("q").asText()).isEqualTo("weather");
            assertThat(bobTab).hasTypes("welcome", "subscribed");
        }

        @Test
        @DisplayName("an unknown run is reported, and a run cannot be moved to another user")
        void unknownAndReassociatedRuns() {
            RunId run = RunId.of("r-1");
            assertThat(manager.sendToRun(run, STARTED).status()).isEqualTo(SendStatus.UNKNOWN_RUN);
            assertThat(manager.associateRun(run, ALICE, T1)).isTrue();
            assertThat(manager.associateRun(run, ALICE, T1)).as("same association refreshes").isTrue();
            assertThat(manager.associateRun(run, BOB, T1)).as("another user is refused").isFalse();
            assertThat(manager.associateRun(run, ALICE, T2)).as("another thread is refused").isFalse();
        }

        @Test
        @DisplayName("an association expires after its TTL without use, never a connection")
        void associationExpires() {
            FakeConnection tab = harness.connect("alice");
            manager.subscribe(tab.id(), T1);
            RunId run = RunId.of("r-2");
            manager.associateRun(run, ALICE, T1);
            harness.ticker.advance(java.time.Duration.ofSeconds(179));
            assertThat(manager.sendToRun(run, STARTED).status()).isEqualTo(SendStatus.QUEUED);
            harness.ticker.advance(java.time.Duration.ofSeconds(181));
            assertThat(manager.sendToRun(run, STARTED).status()).isEqualTo(SendStatus.UNKNOWN_RUN);
            assertThat(manager.sendToUser(ALICE, STARTED).queuedLocal()).isEqualTo(1);
        }

        @Test
        @DisplayName("an emitter's events keep its run associated, refreshed on a coarse tick")
        void emitterKeepsAssociation() {
            FakeConnection tab = harness.connect("alice");
            manager.subscribe(tab.id(), T1);
            RunId run = RunId.of("r-3");
            var emitter = manager.emitter(ALICE, T1, run);
            // 1,000 s of emits 100 s apart, far beyond the 180 s TTL, and nothing else uses the run.
            for (int i = 0; i < 10; i++) {
                harness.ticker.advance(java.time.Duration.ofSeconds(100));
                assertThat(emitter.thinking("step " + i, i + 1).join().succeeded()).isTrue();
            }
            assertThat(manager.sendToRun(run, STARTED).status()).isEqualTo(SendStatus.QUEUED);
            // Within a second more or less than the TTL after the last use, never much later.
            harness.ticker.advance(java.time.Duration.ofSeconds(181));
            assertThat(manager.sendToRun(run, STARTED).status()).isEqualTo(SendStatus.UNKNOWN_RUN);
        }
    }

    @Nested
    @DisplayName("rooms and broadcast")
    class Rooms {

        @Test
        @DisplayName("a room broadcast reaches its members only; leaving stops it")
        void roomMembersOnly() {
            RoomName room = RoomName.of("support");
            FakeConnection alice = harness.connect("alice");
            FakeConnection bob = harness.connect("bob");
            FakeConnection carol = harness.connect("carol");
            assertThat(manager.joinRoom(alice.id(), room)).isTrue();
            assertThat(manager.joinRoom(alice.id(), room)).as("already a member").isFalse();
            manager.joinRoom(bob.id(), room);

            assertThat(manager.broadcastToRoom(room, STARTED).queuedLocal()).isEqualTo(2);
            assertThat(manager.leaveRoom(bob.id(), room)).isTrue();
            assertThat(manager.broadcastToRoom(room, STARTED).queuedLocal()).isEqualTo(1);

            assertThat(alice).hasFramesOfType("agent_started", 2);
            assertThat(bob).hasFramesOfType("agent_started", 1);
            assertThat(carol).hasNoFrameOfType("agent_started");
            assertThat(manager.stats().rooms()).isEqualTo(1);
        }

        @Test
        @DisplayName("a disconnected connection leaves its rooms, and empty rooms disappear")
        void disconnectLeavesRooms() {
            RoomName room = RoomName.of("support");
            FakeConnection alice = harness.connect("alice");
            manager.joinRoom(alice.id(), room);
            manager.disconnect(alice.id(), CloseReason.NORMAL);
            assertThat(manager.stats().rooms()).isZero();
            assertThat(manager.joinRoom(alice.id(), room)).isFalse();
            assertThat(manager.broadcastToRoom(room, STARTED).status()).isEqualTo(SendStatus.NO_TARGET);
        }

        @Test
        @DisplayName("broadcast to all reaches every connection")
        void broadcastToAll() {
            FakeConnection alice = harness.connect("alice");
            FakeConnection bob = harness.connect("bob");
            assertThat(manager.broadcastToAll(ApplicationEvent.of("notice", Map.of("text", "hi")))
                    .queuedLocal()).isEqualTo(2);
            assertThat(alice).hasFramesOfType("notice", 1);
            assertThat(bob.framesOfType("notice").get(0).path("payload").path("text").asText()).isEqualTo("hi");
        }
    }

    @Test
    @DisplayName("the five critical events carry their typed fields in snake_case")
    void criticalEventPayloads() {
        FakeConnection tab = harness.connect("alice");
        manager.sendToUser(ALICE, new AgentStarted("helper"));
        manager.sendToUser(ALICE, new AgentThinking("reading", 2));
        manager.sendToUser(ALICE, new ToolExecuting("c-1", "search", Map.of("q", "x")));
        manager.sendToUser(ALICE, new ToolCompleted("c-1", "search", true, Map.of("hits", 3), 42));
        manager.sendToUser(ALICE, AgentCompleted.succeeded("done"));

        assertThat(tab).hasTypes("welcome", "agent_started", "agent_thinking",
                "tool_executing", "tool_completed", "agent_completed");
        assertThat(tab.frames().get(1).path("payload").path("agent_name").asText()).isEqualTo("helper");
        assertThat(tab.frames().get(2).path("payload").path("step").asInt()).isEqualTo(2);
        JsonNode completed = tab.frames().get(4).path("payload");
        assertThat(completed.path("tool_call_id").asText()).isEqualTo("c-1");
        assertThat(completed.path("succeeded").asBoolean()).isTrue();
        assertThat(completed.path("duration_millis").asLong()).isEqualTo(42);
        assertThat(completed.path("result").path("hits").asInt()).isEqualTo(3);
        JsonNode done = tab.frames().get(5);
        assertThat(done.path("payload").path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("payload").path("answer").asText()).isEqualTo("done");
        assertThat(done.path("ts").asText()).isEqualTo("2026-11-22T12:00:00Z");
    }

    @Test
    @DisplayName("an application payload that cannot be serialized is an outcome, not an exception")
    void unencodablePayload() {
        harness.connect("alice");
        Object unserializable = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };
        SendOutcome outcome = manager.sendToUser(ALICE, ApplicationEvent.of("custom", unserializable));
        assertThat(outcome.status()).isEqualTo(SendStatus.ENCODING_FAILED);
    }
}
