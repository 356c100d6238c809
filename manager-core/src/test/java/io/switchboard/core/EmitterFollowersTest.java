package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An emitter remembers which connections follow its stream between events; every change to the
 * user's connections or their subscriptions must reach its next event, and nothing of another
 * user's ever does.
 */
@DisplayName("An emitter's events follow the user's tabs as they come, go and subscribe")
class EmitterFollowersTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId T1 = ThreadId.of("t-1");

    private static void emit(AgentEmitter emitter, int n) {
        emitter.toolExecuting("c-" + n, "search", Map.of("n", n)).join();
    }

    @Test
    @DisplayName("tabs that connect, subscribe, unsubscribe, disconnect or are evicted get exactly their events")
    void followsChanges() {
        ManagerHarness harness = new ManagerHarness(config -> config.maxConnectionsPerUser(2), builder -> builder);
        try (WebSocketManager manager = harness.manager) {
            // Bob views a thread of the same name: none of Alice's events may reach him.
            FakeConnection bob = harness.connect("bob");
            manager.subscribe(bob.id(), ThreadId.of("t-1"));
            AgentEmitter emitter = manager.emitter(ALICE, T1, RunId.of("r-1"));
            emit(emitter, 1);

            FakeConnection first = harness.connect("alice");
            emit(emitter, 2);
            manager.subscribe(first.id(), ThreadId.of("t-1"));
            emit(emitter, 3);
            assertThat(first).hasSeqs(3);

            FakeConnection second = harness.connect("alice");
            manager.subscribe(second.id(), ThreadId.of("t-1"));
            emit(emitter, 4);
            assertThat(first).hasSeqs(3, 4);
            assertThat(second).hasSeqs(4);

            manager.unsubscribe(first.id(), T1);
            emit(emitter, 5);
            assertThat(first).hasSeqs(3, 4);
            assertThat(second).hasSeqs(4, 5);

            manager.subscribe(first.id(), T1);
            emit(emitter, 6);
            assertThat(first).hasSeqs(3, 4, 6);

            // A third tab evicts the oldest (the limit is 2); the evicted one gets nothing more.
            FakeConnection third = harness.connect("alice");
            manager.subscribe(third.id(), T1);
            emit(emitter, 7);
            assertThat(first).hasSeqs(3, 4, 6);
            assertThat(second).hasSeqs(4, 5, 6, 7);
            assertThat(third).hasSeqs(7);

            manager.disconnect(second.id(), CloseReason.NORMAL);
            FakeConnection fourth = harness.connect("alice");
            manager.subscribe(fourth.id(), T1);
            emit(emitter, 8);
            assertThat(second).hasSeqs(4, 5, 6, 7);
            assertThat(first).hasSeqs(3, 4, 6);
            assertThat(third).hasSeqs(7, 8);
            assertThat(fourth).hasSeqs(8);

            assertThat(bob).hasNoFrameOfType("tool_executing");
        }
    }

    @Test
    @DisplayName("an emitter that sends nothing more does not keep a closed connection reachable")
    void idleEmitterLetsClosedConnectionsGo() {
        ManagerHarness harness = new ManagerHarness();
        try (WebSocketManager manager = harness.manager) {
            AgentEmitter emitter = manager.emitter(ALICE, T1, RunId.of("r-1"));
            WeakReference<FakeConnection> closed = connectEmitAndDisconnect(harness, emitter);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (closed.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.onSpinWait();
            }
            assertThat((Object) closed.get()).as("the closed connection, with its run's emitter still held").isNull();
            assertThat(emitter.counts().emitted()).isEqualTo(1);
        }
    }

    // In a method of its own, so that no local of the test keeps the connection.
    private static WeakReference<FakeConnection> connectEmitAndDisconnect(ManagerHarness harness,
            AgentEmitter emitter) {
        FakeConnection tab = harness.connect("alice");
        harness.manager.subscribe(tab.id(), T1);
        emit(emitter, 1);
        assertThat(tab).hasSeqs(1);
        harness.manager.disconnect(tab.id(), CloseReason.NORMAL);
        return new WeakReference<>(tab);
    }
}
