package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Writes on the connection's writing thread")
class WritingThreadTest {

    private static final int CONNECTIONS = 600;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final WebSocketManager manager = WebSocketManager.builder()
            .config(ManagerConfig.defaults().toBuilder().maxConnections(CONNECTIONS + 10).build())
            .build();
    private final List<ExecutorService> loops = new ArrayList<>();
    // Which thread wrote each frame, by connection.
    private final Map<String, List<String>> writtenOn = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        manager.close();
        loops.forEach(ExecutorService::shutdownNow);
    }

    /** A single-thread executor standing for an event loop, counting the tasks it is given. */
    private final class Loop implements Executor {
        private final ExecutorService thread;
        private final AtomicInteger tasks = new AtomicInteger();

        Loop(String name) {
            thread = Executors.newSingleThreadExecutor(task -> new Thread(task, name));
            loops.add(thread);
        }

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            thread.execute(task);
        }
    }

    /** An event loop that holds its tasks until the test runs them, on the test's thread. */
    private static final class HeldLoop implements Executor {
        private final List<Runnable> held = new ArrayList<>();

        @Override
        public synchronized void execute(Runnable task) {
            held.add(task);
        }

        void runHeld() {
            List<Runnable> tasks;
            synchronized (this) {
                tasks = new ArrayList<>(held);
                held.clear();
            }
            tasks.forEach(Runnable::run);
        }
    }

    // Connections on one held loop, welcomed (their welcome is written where it was queued).
    private List<FakeConnection> connectOn(HeldLoop loop, int count) {
        List<FakeConnection> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            connections.add(connect("held-" + i, loop));
        }
        loop.runHeld();
        for (FakeConnection connection : connections) {
            assertThat(connection.types()).containsExactly("welcome");
        }
        return connections;
    }

    // One connection of user held-0 on a held loop, subscribed to thread t-1, with nothing held.
    private FakeConnection subscribedOn(HeldLoop loop) {
        FakeConnection tab = connectOn(loop, 1).get(0);
        assertThat(manager.subscribe(tab.id(), ThreadId.of("t-1"))).isTrue();
        loop.runHeld();
        return tab;
    }

    private FakeConnection connect(String user, Executor writer) {
        FakeConnection.Builder builder = FakeConnection.builder().onSend((id, frame) ->
                writtenOn.computeIfAbsent(id.value(), ignored -> new ArrayList<>())
                        .add(Thread.currentThread().getName()));
        FakeConnection connection = (writer == null ? builder : builder.writer(writer)).build();
        assertThat(manager.connect(UserId.of(user), connection).accepted()).isTrue();
        return connection;
    }

    @Test
    @DisplayName("a broadcast costs each writing thread a few tasks, and every connection gets the event there")
    void broadcastTasksPerThread() {
        Loop first = new Loop("loop-1");
        Loop second = new Loop("loop-2");
        List<FakeConnection> connections = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            connections.add(connect("u-" + i, i % 2 == 0 ? first : second));
        }
        await().atMost(WAIT).until(() -> connections.stream()
                .allMatch(connection -> connection.countOfTypes("welcome") == 1));
        int tasksBefore = first.tasks.get() + second.tasks.get();

        SendOutcome outcome = manager.broadcastToAll(new AgentStarted("broadcast"));

        assertThat(outcome.queuedLocal()).isEqualTo(CONNECTIONS);
        await().atMost(WAIT).until(() -> connections.stream()
                .allMatch(connection -> connection.countOfTypes("agent_started") == 1));
        int tasks = first.tasks.get() + second.tasks.get() - tasksBefore;
        // One task per batch of kicks and thread, not one per connection.
        assertThat(tasks).isPositive().isLessThan(CONNECTIONS / 10);
        for (FakeConnection connection : connections) {
            List<String> threads = writtenOn.get(connection.id().value());
            assertThat(threads.get(threads.size() - 1)).startsWith("loop-");
            assertThat(connection.types()).containsExactly("welcome", "agent_started");
        }
    }

    @Test
    @DisplayName("a stream event for several tabs is written on their writing threads, in order")
    void streamEventOnWriters() {
        Loop first = new Loop("loop-1");
        Loop second = new Loop("loop-2");
        List<FakeConnection> tabs = List.of(connect("alice", first), connect("alice", second));
        for (FakeConnection tab : tabs) {
            assertThat(manager.subscribe(tab.id(), ThreadId.of("t-1"))).isTrue();
            tab.awaitType("subscribed", WAIT);
        }
        // The welcome and the subscription answer go out where they were made.
        writtenOn.clear();
        for (int i = 0; i < 50; i++) {
            manager.sendToThread(UserId.of("alice"), ThreadId.of("t-1"), new AgentStarted("a-" + i));
        }
        for (FakeConnection tab : tabs) {
            await().atMost(WAIT).until(() -> tab.framesOfType("agent_started").size() == 50);
            assertThat(tab.framesOfType("agent_started"))
                    .extracting(frame -> frame.path("seq").asLong())
                    .isSorted().doesNotHaveDuplicates();
            assertThat(writtenOn.get(tab.id().value())).allMatch(name -> name.startsWith("loop-"));
        }
    }

    @Test
    @DisplayName("a stream event for a single tab is handed to its writing thread too, in order")
    void streamEventForOneTabOnItsWriter() {
        FakeConnection tab = connect("alice", new Loop("loop-1"));
        assertThat(manager.subscribe(tab.id(), ThreadId.of("t-1"))).isTrue();
        tab.awaitType("subscribed", WAIT);
        writtenOn.clear();
        AgentEmitter emitter = manager.emitter(UserId.of("alice"), ThreadId.of("t-1"), RunId.of("r-1"));
        for (int i = 0; i < 50; i++) {
            emitter.toolExecuting("c-" + i, "search", Map.of());
        }
        await().atMost(WAIT).until(() -> tab.framesOfType("tool_executing").size() == 50);
        assertThat(tab.framesOfType("tool_executing")).extracting(frame -> frame.path("seq").asLong())
                .isSorted().doesNotHaveDuplicates();
        assertThat(writtenOn.get(tab.id().value())).hasSize(50).allMatch(name -> name.startsWith("loop-"));
    }

    @Test
    @DisplayName("one connection's frame is written where it was sent, so a close that follows finds it written")
    void singleConnectionHere() {
        FakeConnection tab = connect("alice", new Loop("loop-1"));
        writtenOn.clear();
        manager.sendToConnection(tab.id(), new AgentStarted("one"));
        assertThat(tab.types()).containsExactly("welcome", "agent_started");
        assertThat(writtenOn.get(tab.id().value())).containsOnly(Thread.currentThread().getName());
    }

    @Test
    @DisplayName("a broadcast waiting for its writing thread goes out before what is sent behind it")
    void broadcastBeforeWhatFollows() {
        HeldLoop loop = new HeldLoop();
        List<FakeConnection> connections = connectOn(loop, 3);

        assertThat(manager.broadcastToAll(new AgentStarted("first")).queuedLocal()).isEqualTo(3);
        // Sent on this thread while the broadcast still waits for the loop: it must not pass it.
        for (FakeConnection connection : connections) {
            assertThat(manager.sendToConnection(connection.id(), new AgentStarted("second"))
                    .queuedLocal()).isEqualTo(1);
            assertThat(connection.types()).containsExactly("welcome");
        }
        manager.broadcastToAll(new AgentStarted("third"));
        loop.runHeld();

        for (FakeConnection connection : connections) {
            assertThat(connection.framesOfType("agent_started"))
                    .extracting(frame -> frame.path("payload").toString())
                    .hasSize(3).satisfiesExactly(
                            payload -> assertThat(payload).contains("first"),
                            payload -> assertThat(payload).contains("second"),
                            payload -> assertThat(payload).contains("third"));
        }
        ManagerStats stats = manager.stats();
        assertThat(stats.framesQueued()).isEqualTo(stats.framesWritten());
    }

    @Test
    @DisplayName("a stream event waiting for its writing thread goes out before the events emitted behind it")
    void streamEventBeforeWhatFollows() {
        HeldLoop loop = new HeldLoop();
        FakeConnection tab = subscribedOn(loop);
        AgentEmitter emitter = manager.emitter(UserId.of("held-0"), ThreadId.of("t-1"), RunId.of("r-1"));

        // The first finds the queue idle and waits in the loop's task; the rest queue behind it.
        for (int i = 0; i < 5; i++) {
            assertThat(emitter.toolExecuting("c-" + i, "search", Map.of()).join().outcome().queuedLocal())
                    .isEqualTo(1);
        }
        assertThat(tab.framesOfType("tool_executing")).isEmpty();
        // The first is not in the queue: it travels in the loop's task.
        assertThat(manager.stats().queuedFrames()).isEqualTo(4);
        loop.runHeld();

        assertThat(tab.framesOfType("tool_executing"))
                .extracting(frame -> frame.path("seq").asLong())
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        ManagerStats stats = manager.stats();
        assertThat(stats.framesQueued()).isEqualTo(stats.framesWritten());
    }

    @Test
    @DisplayName("a connection closed while its stream event waits for the loop counts that frame failed")
    void streamEventToAConnectionClosedMeanwhile() {
        HeldLoop loop = new HeldLoop();
        FakeConnection tab = subscribedOn(loop);

        assertThat(manager.sendToThread(UserId.of("held-0"), ThreadId.of("t-1"), new AgentStarted("a"))
                .queuedLocal()).isEqualTo(1);
        assertThat(manager.disconnect(tab.id(), CloseReason.NORMAL)).isTrue();
        loop.runHeld();

        assertThat(tab.framesOfType("agent_started")).isEmpty();
        ManagerStats stats = manager.stats();
        assertThat(stats.framesFailed(FrameFailure.CONNECTION_CLOSED)).isEqualTo(1);
        assertThat(stats.framesQueued()).isEqualTo(stats.framesWritten() + 1);
    }

    @Test
    @DisplayName("a connection closed while its broadcast waits for the loop counts that frame failed, "
            + "and the others still get it")
    void broadcastToAConnectionClosedMeanwhile() {
        HeldLoop loop = new HeldLoop();
        List<FakeConnection> connections = connectOn(loop, 3);
        FakeConnection closing = connections.get(1);

        manager.broadcastToAll(new AgentStarted("broadcast"));
        assertThat(manager.disconnect(closing.id(), CloseReason.NORMAL)).isTrue();
        loop.runHeld();

        assertThat(closing.framesOfType("agent_started")).isEmpty();
        assertThat(connections.get(0).framesOfType("agent_started")).hasSize(1);
        assertThat(connections.get(2).framesOfType("agent_started")).hasSize(1);
        ManagerStats stats = manager.stats();
        assertThat(stats.framesFailed(FrameFailure.CONNECTION_CLOSED)).isEqualTo(1);
        assertThat(stats.framesQueued()).isEqualTo(stats.framesWritten() + 1);
    }

    @Test
    @DisplayName("without a writing thread, or when it refuses work, writes start on the sending thread")
    void noWriterOrRefused() {
        FakeConnection plain = connect("alice", null);
        FakeConnection refusing = connect("bob", task -> {
            throw new RejectedExecutionException("stopping");
        });
        manager.broadcastToAll(new AgentStarted("broadcast"));
        String here = Thread.currentThread().getName();
        assertThat(plain.types()).containsExactly("welcome", "agent_started");
        assertThat(refusing.types()).containsExactly("welcome", "agent_started");
        assertThat(writtenOn.get(plain.id().value())).containsOnly(here);
        assertThat(writtenOn.get(refusing.id().value())).containsOnly(here);
    }
}
