package io.switchboard.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.ManagerStats;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.FakeConnection.WriteMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/**
 * Streamed answers under contention, in the manner of {@link ResumeStressTest}: two users' runs
 * stream answers of thousands of deltas (text, reasoning, tool arguments; one run with the delta
 * window on) from their own threads, while three devices per user drop their sockets, stall
 * (so their queues merge deltas, and sometimes overflow into 4003) and come back at random, each
 * resuming from the last seq and epoch it received itself. In the end every device must have
 * reconstructed every message exactly from what reached its sockets: 0 characters lost, 0
 * duplicated, no seq covered twice, no silent gap. The seed is printed and reproduces the plan
 * ({@code -Ddelta.seed=<seed>}), not the interleaving.
 */
class DeltaStressTest {

    private static final int DEVICES_PER_USER = 3;
    private static final int DELTAS_PER_MESSAGE = 3_000;

    @Test
    @Timeout(120)
    void everyDeviceReconstructsEveryMessageExactly(TestReporter reporter) throws Exception {
        long seed = Long.getLong("delta.seed", System.nanoTime());
        reporter.publishEntry("seed", Long.toString(seed));
        System.out.println("DeltaStressTest seed " + seed);
        // Ann's run sends every delta at once; Bob's goes through a 5 ms delta window.
        Map<String, WebSocketManager> managers = Map.of("ann", manager(Duration.ZERO),
                "bob", manager(Duration.ofMillis(5)));
        try {
            List<String> users = List.of("ann", "bob");
            Map<String, Map<String, String>> emitted = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Device> devices = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (String user : users) {
                for (int d = 0; d < DEVICES_PER_USER; d++) {
                    Device device = new Device(managers.get(user), user, new SplittableRandom(seed + 31L * d
                            + user.hashCode()), running);
                    devices.add(device);
                    threads.add(new Thread(device::live, "device-" + user + "-" + d));
                }
            }
            List<Thread> runs = new ArrayList<>();
            for (String user : users) {
                SplittableRandom random = new SplittableRandom(seed ^ user.hashCode());
                AgentEmitter run = managers.get(user).emitter(UserId.of(user), ThreadId.of("t-1"),
                        RunId.of("r-" + user));
                runs.add(new Thread(() -> emitted.put(user, stream(run, random)), "run-" + user));
            }
            threads.forEach(Thread::start);
            runs.forEach(Thread::start);
            for (Thread run : runs) {
                run.join();
            }
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }

            long frames = 0;
            long merged = 0;
            long replayed = 0;
            long sockets = 0;
            long lost = 0;
            long duplicated = 0;
            for (Device device : devices) {
                assertThat(device.reader.violations()).as("seed %d, %s", seed, device).isEmpty();
                assertThat(device.reader.recoveryFailures()).as("seed %d, %s", seed, device).isEmpty();
                Map<String, String> got = device.reader.texts();
                for (Map.Entry<String, String> message : emitted.get(device.user).entrySet()) {
                    String text = got.getOrDefault(message.getKey(), "");
                    lost += Math.max(0, message.getValue().length() - text.length());
                    duplicated += Math.max(0, text.length() - message.getValue().length());
                    assertThat(text).as("seed %d, %s, %s", seed, device, message.getKey())
                            .isEqualTo(message.getValue());
                }
                frames += device.reader.frames();
                merged += device.reader.mergedFrames();
                replayed += device.reader.replayed();
                sockets += device.sockets;
            }
            long queueMerges = managers.values().stream().map(WebSocketManager::stats)
                    .mapToLong(ManagerStats::deltasMerged).sum();
            String figures = String.format("%d devices, %d sockets: %d event frames received, %d of"
                    + " them merged deltas (%d merges in queues), %d frames replayed; %d deltas"
                    + " emitted per run; %d characters lost, %d duplicated", devices.size(), sockets,
                    frames, merged, queueMerges, replayed, 3 * DELTAS_PER_MESSAGE, lost,
                    duplicated);
            reporter.publishEntry("figures", figures);
            System.out.println("DeltaStressTest: " + figures);
            assertThat(lost).isZero();
            assertThat(duplicated).isZero();
            assertThat(merged).as("slow devices must have had deltas merged").isPositive();
            assertThat(replayed).as("resumes inside messages must have replayed").isPositive();
        } finally {
            managers.values().forEach(WebSocketManager::close);
        }
    }

    private static WebSocketManager manager(Duration window) {
        return WebSocketManager.builder()
                .config(ManagerConfig.builder()
                        .maxConnectionsPerUser(DEVICES_PER_USER)
                        .maxQueuedFrames(64)
                        .deltaFlushInterval(window)
                        .staleSweepInterval(Duration.ZERO)
                        .build())
                .build();
    }

    private static Map<String, String> stream(AgentEmitter run, SplittableRandom random) {
        Map<String, String> texts = new LinkedHashMap<>();
        run.started("stress");
        StringBuilder reasoning = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        StringBuilder answer = new StringBuilder();
        run.messageStarted("think", MessageKind.REASONING);
        for (int i = 0; i < DELTAS_PER_MESSAGE; i++) {
            reasoning.append(token(run, "think", random, false));
        }
        run.messageCompleted("think");
        for (int i = 0; i < DELTAS_PER_MESSAGE; i++) {
            arguments.append(token(run, "call", random, true));
        }
        run.toolExecuting("call", "search", Map.of("q", "x"));
        run.messageStarted("answer", MessageKind.TEXT);
        for (int i = 0; i < DELTAS_PER_MESSAGE; i++) {
            answer.append(token(run, "answer", random, false));
        }
        run.messageCompleted("answer");
        run.completed("done").join();
        texts.put("think", reasoning.toString());
        texts.put("call", arguments.toString());
        texts.put("answer", answer.toString());
        return texts;
    }

    private static String token(AgentEmitter run, String id, SplittableRandom random, boolean tool) {
        String token = random.nextInt(20) == 0 ? "é€😀\n" : "tok" + random.nextInt(100) + " ";
        if (tool) {
            run.toolCallDelta(id, "search", token);
        } else {
            run.messageDelta(id, token);
        }
        if (random.nextInt(8) == 0) {
            Thread.yield();
        }
        return token;
    }

    /** A device of one user: its sockets one after another, following the user's thread. */
    private static final class Device {
        private final WebSocketManager manager;
        private final String user;
        private final StreamId stream;
        private final SplittableRandom random;
        private final AtomicBoolean running;
        private final StreamReader reader;
        private FakeConnection socket;
        private int sockets;

        Device(WebSocketManager manager, String user, SplittableRandom random, AtomicBoolean running) {
            this.manager = manager;
            this.user = user;
            this.stream = StreamId.ofThread(UserId.of(user), ThreadId.of("t-1"));
            this.random = random;
            this.running = running;
            this.reader = new StreamReader(stream);
        }

        void live() {
            while (running.get()) {
                connect();
                // Online for up to 20 ms, now and then not reading for a while.
                long until = System.nanoTime() + random.nextInt(20_000) * 1_000L;
                while (System.nanoTime() < until && running.get()) {
                    switch (random.nextInt(2_000)) {
                        case 0 -> socket.writeMode(WriteMode.HELD);
                        case 1, 2 -> socket.releaseWrites();
                        default -> Thread.onSpinWait();
                    }
                }
                socket.releaseWrites();
                drop();
            }
            // A last resume brings whatever the last socket lacked; its recovered frame ends it.
            connect();
            socket.releaseWrites();
            await("the answer to the resume").atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).pollInSameThread()
                    .until(() -> socket.countOfTypes("recovered", "recovery_failed") > 0);
            drop();
        }

        private void connect() {
            socket = FakeConnection.builder().closeAbandonsHeldWrites().build();
            sockets++;
            StreamCursor cursor = sockets == 1 ? new StreamCursor(stream, Optional.empty(), 0)
                    : reader.cursor();
            manager.connect(UserId.of(user), socket, List.of(cursor));
        }

        private void drop() {
            manager.disconnect(socket.id(), CloseReason.NORMAL);
            socket.close(CloseReason.NORMAL);
            reader.readAll(socket.frames());
        }

        @Override
        public String toString() {
            return "device of " + user + " (" + sockets + " sockets, " + reader.frames() + " frames)";
        }
    }
}
