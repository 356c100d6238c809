package io.switchboard.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Admission;
import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.ManagerStats;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.event.AgentCompleted;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.event.AgentThinking;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.event.ToolCompleted;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogLimits;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.FakeConnection.WriteMode;
import io.switchboard.core.testing.ManualTicker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/**
 * Spec D (issue 3) under contention: six runs of four users emit realistic agent sequences
 * (started, many thinking steps, tool pairs, completed) from their own threads, through
 * {@code emitter(..)} or {@code sendToRun}, while each user's events with no thread go to the user
 * stream. Meanwhile twelve clients ("devices", three per user, each following some of its user's
 * threads) drop their socket and come back at random, each time resuming every stream from the
 * last seq and epoch that device itself received, in one of four ways: cursors at admission
 * (three-argument {@code connect}); {@code subscribe} frames with a position; one {@code resume}
 * frame; or a plain subscribe first and a {@code resume} frame for everything later (so live
 * events precede the replay on that socket). Two devices start late, from the start of their
 * streams; one device reads slowly (its socket stalls while hundreds of events are emitted).
 *
 * <p>Two streams keep a narrow window ({@value #NARROW_WINDOW} events) so that a device away long
 * enough must get {@code recovery_failed} with {@code too_old}; the others keep 1,000 events, more
 * than a run emits, so every resume of them must be served.
 *
 * <p>After the runs end, every device resumes once more; then, per device and stream, the events
 * it received over all its sockets must be exactly the emitted sequence: same payloads, seqs and
 * one epoch; no seq twice; none missing unless a {@code recovery_failed} named that range (and
 * then only {@code too_old} on a narrow stream whose window the absence really exceeded, with the
 * stream's true state); on each socket, the replayed events (as many as {@code recovered} says)
 * continue the cursor with no hole, and live events continue them with no hole. Only the slow
 * device may miss {@code agent_thinking} events (coalesced under pressure), never a lifecycle or
 * application event. No device sees another user's events or a thread it does not follow.
 *
 * <p>The fast devices' queues never come near half their bound (1,024 frames): a device's
 * replay is at most a few hundred events, and immediate writes drain it at once. So nothing may
 * be coalesced for them, and every {@code agent_thinking} must arrive. Sockets are
 * {@link FakeConnection}s, whose close excludes a concurrent write: a device computes its
 * cursor from what its closed socket received, and must not see a frame arrive afterwards.
 *
 * <p>Timing is whatever the scheduler makes of it: nothing sleeps, waits poll against a deadline,
 * and every random choice comes from one seed, printed first and in any failure (rerun with
 * {@code -Dresume.seed=<seed>}); the interleaving itself is not reproducible, the plan is. Races
 * land in a fraction of the rounds only. Measured on two cores with the main code broken on
 * purpose (in {@code StreamDelivery}): reading the log before taking the stream lock (events lost)
 * is caught in about two rounds of three; replaying after releasing the lock (live events overtake
 * the replay) in about half; admitting a connection before taking the user stream's lock (a live
 * user event overtakes its replay), in about two of three; replaying without the
 * {@code firstLiveSeq} filter (duplicates), in every round. Hence several rounds.
 */
class ResumeStressTest {

    static final int NARROW_WINDOW = 40;
    // Each round is a fresh manager and plan (seed + round). A broken race is caught in about
    // half the rounds or more (see the class comment), so several rounds run: at least three, and
    // more while the test is under eight seconds. The first round takes 1-4 s on two cores (a cold
    // JIT), later ones 0.3-1.5 s. -Dresume.rounds=<n> runs exactly n.
    private static final int MIN_ROUNDS = 3;
    private static final int MAX_ROUNDS = 10;
    private static final Duration MORE_ROUNDS_UNTIL = Duration.ofSeconds(8);
    // Per round: waits fail after this, so a lost event shows as a failure, never as a hang.
    private static final Duration BUDGET = Duration.ofSeconds(10);
    private static final int DEVICES_PER_USER = 3;
    private static final int NOTICES_PER_USER = 250;
    private static final String NOTICE = "app.notice";
    private static final Set<String> LIFECYCLE = Set.of(AgentStarted.TYPE, ToolExecuting.TYPE,
            ToolCompleted.TYPE, AgentCompleted.TYPE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    /** How a device resumes when it (re)connects. */
    enum Mode {
        /** Every cursor, the user stream's included, at admission (three-argument connect). */
        ADMISSION,
        /** The user stream at admission; each thread by a {@code subscribe} frame with a position. */
        SUBSCRIBE_FRAMES,
        /** The user stream at admission; the threads by one {@code resume} frame. */
        RESUME_FRAME,
        /** Plain connect and plain subscribes (live at once), then one {@code resume} of all. */
        LATE_RESUME
    }

    /** One emitted event as the clients must see it. */
    record Expected(long seq, String type, JsonNode payload, String run, String thread) {
        boolean lifecycle() {
            return LIFECYCLE.contains(type);
        }
    }

    /** A stream and everything emitted to it, in order (seq = index + 1). */
    static final class StreamPlan {
        final String name;
        final boolean narrow;
        final List<AgentEvent> events = new ArrayList<>();
        final List<Expected> expected = new ArrayList<>();
        final AtomicInteger emitted = new AtomicInteger();

        StreamPlan(String name, boolean narrow) {
            this.name = name;
            this.narrow = narrow;
        }
    }

    record RunPlan(RunId run, UserId user, ThreadId thread, boolean viaEmitter, StreamPlan stream) {
    }

    /** A client position in one stream. */
    record Cursor(String epoch, long seq) {
        static final Cursor START = new Cursor(null, 0);
    }

    /** One socket of a device, and the cursors it resumed from. */
    record Socket(FakeConnection connection, Mode mode, Map<String, Cursor> sent) {
    }

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean runsDone = new AtomicBoolean();
    private volatile boolean runsStarted;
    private final Map<String, StreamPlan> streams = new LinkedHashMap<>();
    private final List<RunPlan> runs = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final Map<Mode, AtomicInteger> byMode = new EnumMap<>(Mode.class);
    private WebSocketManager manager;
    private long seed;
    private long deadline;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyClientEndsWithExactlyTheEmittedStreamsOrAnExplicitFailure(TestReporter reporter)
            throws Exception {
        long baseSeed = Long.getLong("resume.seed", ThreadLocalRandom.current().nextLong());
        Integer fixedRounds = Integer.getInteger("resume.rounds");
        System.out.println("ResumeStressTest seed=" + baseSeed + " (rerun with -Dresume.seed="
                + baseSeed + ")");
        Totals totals = new Totals();
        long start = System.nanoTime();
        int round = 0;
        for (; anotherRound(round, fixedRounds, start); round++) {
            seed = baseSeed + round;
            try {
                Tally tally = runScenario();
                System.out.println("round " + round + ": " + tally.line);
                totals.add(tally);
            } catch (AssertionError e) {
                throw new AssertionError("ResumeStressTest failed in round " + round + " of seed="
                        + baseSeed + " (rerun with -Dresume.seed=" + baseSeed + "):\n"
                        + e.getMessage(), e);
            }
        }
        String counts = "ResumeStressTest seed=" + baseSeed + ", " + round + " rounds: " + totals;
        System.out.println(counts);
        reporter.publishEntry("counts", counts);
    }

    private static boolean anotherRound(int round, Integer fixedRounds, long start) {
        if (fixedRounds != null) {
            return round < fixedRounds;
        }
        return round < MIN_ROUNDS || round < MAX_ROUNDS
                && System.nanoTime() - start < MORE_ROUNDS_UNTIL.toNanos();
    }

    private Tally runScenario() throws Exception {
        long started = System.nanoTime();
        deadline = started + BUDGET.toNanos();
        SplittableRandom random = new SplittableRandom(seed);
        failures.clear();
        runsDone.set(false);
        runsStarted = false;
        streams.clear();
        runs.clear();
        devices.clear();
        reconnects.set(0);
        for (Mode mode : Mode.values()) {
            byMode.put(mode, new AtomicInteger());
        }
        plan(random);

        ManualTicker ticker = new ManualTicker();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Set<StreamId> narrow = new HashSet<>();
        streams.values().stream().filter(s -> s.narrow).forEach(s -> narrow.add(StreamId.parse(s.name)));
        ReplayLog log = new SplitReplayLog(narrow,
                ReplayLog.inMemory(ReplayLogLimits.builder().maxEventsPerStream(NARROW_WINDOW).build(),
                        ticker, clock),
                ReplayLog.inMemory(ReplayLogLimits.defaults(), ticker, clock));
        manager = WebSocketManager.builder()
                .config(ManagerConfig.builder()
                        .staleSweepInterval(Duration.ZERO)
                        .maxConnectionsPerUser(DEVICES_PER_USER)
                        .build())
                .replayLog(log)
                .ticker(ticker)
                .clock(clock)
                .build();
        ConcurrentLinkedQueue<CompletableFuture<EmitOutcome>> emits = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<SendOutcome> sends = new ConcurrentLinkedQueue<>();
        ManagerStats stats;
        try {
            // Devices connect first (except the late ones), then the runs start.
            AtomicInteger ready = new AtomicInteger();
            List<Thread> deviceThreads = new ArrayList<>();
            for (Device device : devices) {
                deviceThreads.add(start("device-" + device.name, () -> device.live(ready)));
            }
            await(() -> ready.get() == devices.size(), "devices to connect");

            runsStarted = true;
            List<Thread> producers = new ArrayList<>();
            for (RunPlan run : runs) {
                producers.add(start("run-" + run.run().value(), () -> emit(run, emits, sends)));
            }
            for (String user : users()) {
                producers.add(start("notices-" + user, () -> notices(user, sends)));
            }
            for (Thread producer : producers) {
                join(producer);
            }
            runsDone.set(true);
            for (Thread device : deviceThreads) {
                join(device);
            }
            throwFailures();

            // Every device resumes once more, after the last event: then it must hold everything.
            for (Device device : devices) {
                device.disconnect();
                device.connect(Mode.ADMISSION);
            }
            for (Device device : devices) {
                FakeConnection last = device.current;
                await(() -> recoveryAnswers(last) >= device.streams.size(),
                        "the final resume of " + device.name);
            }
            throwFailures();
            for (CompletableFuture<EmitOutcome> emit : emits) {
                EmitOutcome outcome = emit.get(1, TimeUnit.SECONDS);
                assertThat(outcome.succeeded()).as("emit outcome %s", outcome).isTrue();
            }
            for (SendOutcome send : sends) {
                assertThat(send.stored()).as("send outcome %s", send).isTrue();
            }
            stats = manager.stats();
        } finally {
            manager.close();
        }
        return judge(stats, System.nanoTime() - started);
    }

    // ---- the plan ------------------------------------------------------------------------------

    private static List<String> users() {
        return List.of("u0", "u1", "u2", "u3");
    }

    private void plan(SplittableRandom random) {
        // user, thread, narrow window, via emitter (else sendToRun), events
        addRun(random, "r0", "u0", "t-a", false, true, 380);
        addRun(random, "r1", "u0", "t-b", false, false, 380);
        addRun(random, "r2", "u1", "t-a", true, true, 280);
        addRun(random, "r3", "u1", "t-b", false, true, 280);
        addRun(random, "r4", "u2", "t-a", true, false, 280);
        addRun(random, "r5", "u3", "t-a", false, true, 280);
        for (String user : users()) {
            StreamPlan userStream = stream(user + "#", false);
            for (int n = 1; n <= NOTICES_PER_USER; n++) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("user", user);
                payload.put("n", n);
                userStream.events.add(ApplicationEvent.of(NOTICE, payload));
                userStream.expected.add(new Expected(n, NOTICE, JSON.valueToTree(payload), null, null));
            }
        }
        for (String user : users()) {
            List<ThreadId> threads = runs.stream().filter(r -> r.user().value().equals(user))
                    .map(RunPlan::thread).toList();
            for (int d = 0; d < DEVICES_PER_USER; d++) {
                List<ThreadId> follows = new ArrayList<>(threads);
                if (d == 1 && threads.size() > 1) {
                    follows = List.of(threads.get(random.nextInt(threads.size())));
                }
                boolean slow = user.equals("u0") && d == 2;
                // Two devices start late, from the start of their streams: u2's narrow stream must
                // answer too_old, u3's wide one must replay everything emitted so far.
                int lateStart = user.equals("u2") && d == 1 ? 100 : user.equals("u3") && d == 2 ? 150 : 0;
                devices.add(new Device(user + "/d" + d, UserId.of(user), follows, slow, lateStart,
                        random.split()));
            }
        }
    }

    private StreamPlan stream(String name, boolean narrow) {
        return streams.computeIfAbsent(name, n -> new StreamPlan(n, narrow));
    }

    private void addRun(SplittableRandom random, String run, String user, String thread,
            boolean narrow, boolean viaEmitter, int approximateLength) {
        StreamPlan stream = stream(user + "#" + thread, narrow);
        RunPlan plan = new RunPlan(RunId.of(run), UserId.of(user), ThreadId.of(thread), viaEmitter,
                stream);
        runs.add(plan);
        int length = approximateLength - 20 + random.nextInt(41);
        add(stream, run, thread, new AgentStarted("agent-" + run));
        int step = 0;
        int call = 0;
        while (stream.events.size() < length - 1) {
            int thoughts = 1 + random.nextInt(6);
            for (int i = 0; i < thoughts; i++) {
                step++;
                add(stream, run, thread, new AgentThinking(run + " thinks, step " + step, step));
            }
            if (random.nextInt(3) > 0) {
                call++;
                String id = run + "-c" + call;
                String tool = random.nextBoolean() ? "search" : "fetch";
                Map<String, Object> arguments = new LinkedHashMap<>();
                arguments.put("q", run + " query " + call);
                arguments.put("limit", call % 7);
                add(stream, run, thread, new ToolExecuting(id, tool, arguments));
                boolean succeeded = random.nextInt(8) > 0;
                Object result = succeeded ? Map.of("hits", call, "source", tool) : null;
                add(stream, run, thread, new ToolCompleted(id, tool, succeeded, result, call * 3L));
            }
        }
        add(stream, run, thread, run.equals("r4") ? AgentCompleted.failed(run + " gave up")
                : AgentCompleted.succeeded(run + " answered after " + step + " steps"));
    }

    private static void add(StreamPlan stream, String run, String thread, AgentEvent event) {
        ObjectNode payload = JSON.createObjectNode();
        if (event instanceof AgentStarted started) {
            payload.put("agent_name", started.agentName());
        } else if (event instanceof AgentThinking thinking) {
            payload.put("thought", thinking.thought());
            payload.put("step", thinking.step());
        } else if (event instanceof ToolExecuting executing) {
            payload.put("tool_call_id", executing.toolCallId());
            payload.put("tool_name", executing.toolName());
            payload.set("arguments", JSON.valueToTree(executing.arguments()));
        } else if (event instanceof ToolCompleted completed) {
            payload.put("tool_call_id", completed.toolCallId());
            payload.put("tool_name", completed.toolName());
            payload.put("succeeded", completed.succeeded());
            if (completed.result() != null) {
                payload.set("result", JSON.valueToTree(completed.result()));
            }
            payload.put("duration_millis", completed.durationMillis());
        } else if (event instanceof AgentCompleted completed) {
            payload.put("status", completed.status().name().toLowerCase(java.util.Locale.ROOT));
            if (completed.answer() != null) {
                payload.put("answer", completed.answer());
            }
            if (completed.error() != null) {
                payload.put("error", completed.error());
            }
        }
        stream.events.add(event);
        stream.expected.add(new Expected(stream.events.size(), event.type(), normalized(payload),
                run, thread));
    }

    // Numbers as a parser reads them (an int, not a long), so trees compare equal.
    private static JsonNode normalized(JsonNode node) {
        try {
            return JSON.readTree(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- producers -----------------------------------------------------------------------------

    private void emit(RunPlan run, ConcurrentLinkedQueue<CompletableFuture<EmitOutcome>> emits,
            ConcurrentLinkedQueue<SendOutcome> sends) {
        SplittableRandom pace = new SplittableRandom(seed ^ run.run().hashCode());
        AgentEmitter emitter = run.viaEmitter() ? manager.emitter(run.user(), run.thread(), run.run())
                : null;
        if (emitter == null) {
            assertThat(manager.associateRun(run.run(), run.user(), run.thread())).isTrue();
        }
        for (AgentEvent event : run.stream().events) {
            if (emitter != null) {
                emits.add(emitter.emit(event));
            } else {
                sends.add(manager.sendToRun(run.run(), event));
            }
            run.stream().emitted.incrementAndGet();
            yieldSome(pace);
        }
    }

    private void notices(String user, ConcurrentLinkedQueue<SendOutcome> sends) {
        StreamPlan stream = streams.get(user + "#");
        SplittableRandom pace = new SplittableRandom(seed ^ user.hashCode());
        for (AgentEvent event : stream.events) {
            sends.add(manager.sendToUser(UserId.of(user), event));
            stream.emitted.incrementAndGet();
            yieldSome(pace);
        }
    }

    // Producers give way now and then, so that devices come and go while runs are under way.
    private static void yieldSome(SplittableRandom pace) {
        for (int i = pace.nextInt(3); i > 0; i--) {
            Thread.yield();
        }
    }

    // ---- devices -------------------------------------------------------------------------------

    /** A logical client: one user's device, owning a sequence of sockets over time. */
    final class Device {
        final String name;
        final UserId user;
        final List<ThreadId> threads;
        final List<String> streams = new ArrayList<>();
        final boolean slow;
        final int lateStart;
        final SplittableRandom random;
        final Map<String, Cursor> cursors = new HashMap<>();
        final List<Socket> sockets = new ArrayList<>();
        volatile FakeConnection current;

        Device(String name, UserId user, List<ThreadId> threads, boolean slow, int lateStart,
                SplittableRandom random) {
            this.name = name;
            this.user = user;
            this.threads = List.copyOf(threads);
            this.slow = slow;
            this.lateStart = lateStart;
            this.random = random;
            streams.add(user.value() + "#");
            threads.forEach(thread -> streams.add(user.value() + "#" + thread.value()));
            streams.forEach(stream -> cursors.put(stream, Cursor.START));
        }

        long emitted() {
            long sum = 0;
            for (String stream : streams) {
                sum += ResumeStressTest.this.streams.get(stream).emitted.get();
            }
            return sum;
        }

        void live(AtomicInteger ready) {
            if (lateStart > 0) {
                ready.incrementAndGet();
                await(() -> emitted() >= lateStart || runsDone.get(), name + " to start late");
                connect(mode());
            } else {
                connect(mode());
                ready.incrementAndGet();
            }
            while (!runsDone.get()) {
                // Half the cycles are blips: gone after one frame, back at once. They make resumes
                // frequent enough to land inside a run's emits, where the races are.
                boolean blip = random.nextBoolean();
                online(blip);
                disconnect();
                long until = emitted() + (blip ? 0 : random.nextInt(121));
                await(() -> emitted() >= until || runsDone.get(), name + " offline");
                connect(mode());
            }
        }

        private Mode mode() {
            int roll = random.nextInt(10);
            if (slow) {
                roll = roll % 7;
            }
            return roll < 4 ? Mode.ADMISSION : roll < 6 ? Mode.SUBSCRIBE_FRAMES
                    : roll < 8 ? Mode.RESUME_FRAME : Mode.LATE_RESUME;
        }

        private void online(boolean blip) {
            FakeConnection socket = current;
            if (blip) {
                int target = socket.frameCount() + 1;
                await(() -> socket.frameCount() >= target || runsDone.get() || !socket.isOpen(),
                        name + " online");
                return;
            }
            if (slow && random.nextBoolean()) {
                socket.writeMode(WriteMode.HELD);
                // Long enough, often, for more than half the queue (512 frames) to fill up.
                long until = emitted() + 300 + random.nextInt(600);
                await(() -> emitted() >= until || runsDone.get() || !socket.isOpen(),
                        name + " stalled");
                socket.releaseWrites();
            }
            int target = socket.frameCount() + 3 + random.nextInt(40);
            await(() -> socket.frameCount() >= target || runsDone.get() || !socket.isOpen(),
                    name + " online");
        }

        void connect(Mode mode) {
            FakeConnection socket = FakeConnection.builder().closeAbandonsHeldWrites().build();
            Map<String, Cursor> sent = Map.copyOf(cursors);
            sockets.add(new Socket(socket, mode, sent));
            if (sockets.size() > 1) {
                reconnects.incrementAndGet();
            }
            byMode.get(mode).incrementAndGet();
            String userStream = user.value() + "#";
            Admission admission;
            switch (mode) {
                case ADMISSION -> {
                    List<StreamCursor> all = new ArrayList<>();
                    streams.forEach(stream -> all.add(cursor(stream, sent.get(stream))));
                    admission = manager.connect(user, socket, all);
                }
                case SUBSCRIBE_FRAMES -> {
                    admission = manager.connect(user, socket,
                            List.of(cursor(userStream, sent.get(userStream))));
                    for (ThreadId thread : threads) {
                        ObjectNode subscribe = JSON.createObjectNode()
                                .put("type", "subscribe").put("thread_id", thread.value());
                        position(subscribe, sent.get(user.value() + "#" + thread.value()));
                        manager.onText(socket.id(), subscribe.toString());
                    }
                }
                case RESUME_FRAME -> {
                    admission = manager.connect(user, socket,
                            List.of(cursor(userStream, sent.get(userStream))));
                    manager.onText(socket.id(), resumeFrame(streams.subList(1, streams.size()), sent));
                }
                case LATE_RESUME -> {
                    admission = manager.connect(user, socket);
                    for (ThreadId thread : threads) {
                        manager.onText(socket.id(), JSON.createObjectNode().put("type", "subscribe")
                                .put("thread_id", thread.value()).toString());
                    }
                    // Resume a little later, once some live events have arrived.
                    int target = socket.frameCount() + 1 + random.nextInt(5);
                    await(() -> socket.frameCount() >= target || !runsStarted || runsDone.get(),
                            name + " live before resuming");
                    manager.onText(socket.id(), resumeFrame(streams, sent));
                    // Live events preceded the replay here: the cursor is sound only once every
                    // stream is answered, so this client does not leave before.
                    await(() -> recoveryAnswers(socket) >= streams.size() || !socket.isOpen(),
                            name + " late resume");
                }
                default -> throw new IllegalStateException();
            }
            assertThat(admission.accepted()).as("%s admitted", name).isTrue();
            current = socket;
        }

        void disconnect() {
            FakeConnection socket = current;
            if (socket == null) {
                return;
            }
            manager.disconnect(socket.id(), CloseReason.NORMAL);
            // Closed: nothing more arrives on it. Resume from what it received.
            for (JsonNode frame : socket.frames()) {
                String type = frame.path("type").asText();
                String stream = frame.path("stream").asText(null);
                if (stream == null || !cursors.containsKey(stream)) {
                    continue;
                }
                if (frame.has("seq")) {
                    Cursor was = cursors.get(stream);
                    long seq = frame.path("seq").asLong();
                    String epoch = frame.path("epoch").asText();
                    if (seq > was.seq() || !epoch.equals(was.epoch())) {
                        cursors.put(stream, new Cursor(epoch, seq));
                    }
                } else if ("recovery_failed".equals(type)) {
                    // Start over from the state the server gave.
                    cursors.put(stream, new Cursor(frame.path("epoch").asText(null),
                            frame.path("last_seq").asLong()));
                }
            }
            current = null;
        }

        private StreamCursor cursor(String stream, Cursor at) {
            return new StreamCursor(StreamId.parse(stream), Optional.ofNullable(at.epoch()), at.seq());
        }

        private String resumeFrame(List<String> names, Map<String, Cursor> sent) {
            ObjectNode resume = JSON.createObjectNode().put("type", "resume");
            ArrayNode cursorsNode = resume.putArray("streams");
            for (String stream : names) {
                position(cursorsNode.addObject().put("stream", stream), sent.get(stream));
            }
            return resume.toString();
        }

        private void position(ObjectNode node, Cursor at) {
            if (at.epoch() != null) {
                node.put("epoch", at.epoch());
            }
            node.put("seq", at.seq());
        }
    }

    // ---- judging -------------------------------------------------------------------------------

    /** What the judge counted. */
    private final class Tally {
        long live;
        long replayed;
        long duplicates;
        long gaps;
        long disorder;
        long slowThinkingMissing;
        long slowOverflowCloses;
        long liveBeforeReplay;
        final Map<String, Long> failuresByReason = new TreeMap<>();
        final List<String> violations = new ArrayList<>();
        final Map<String, String> epochs = new HashMap<>();
        final Map<Mode, Long> modes = new EnumMap<>(Mode.class);
        String line;
        int sockets;
        int reconnects;
        long emittedThread;
        long emittedUser;
        long millis;

        void violation(String format, Object... args) {
            if (violations.size() < 25) {
                violations.add(String.format(format, args));
            } else if (violations.size() == 25) {
                violations.add("...");
            }
        }
    }

    private Tally judge(ManagerStats stats, long elapsedNanos) {
        Tally tally = new Tally();
        int sockets = 0;
        for (Device device : devices) {
            sockets += device.sockets.size();
            judgeSockets(device, tally);
            for (String stream : device.streams) {
                judgeStream(device, stream, tally);
            }
        }
        long emittedThread = 0;
        long emittedUser = 0;
        for (StreamPlan stream : streams.values()) {
            if (stream.name.endsWith("#")) {
                emittedUser += stream.events.size();
            } else {
                emittedThread += stream.events.size();
            }
        }
        String counts = String.format(
                "seed=%d: clients=%d sockets=%d reconnects=%d (modes %s)"
                        + " events emitted=%d (thread streams=%d, user streams=%d, %d runs)"
                        + " received live=%d replayed=%d live-before-replay=%d"
                        + " recovery_failed=%s duplicates=%d gaps=%d disorder=%d"
                        + " slow client: thinking coalesced/dropped=%d overflow closes=%d;"
                        + " server: replayed=%d recovery_failures=%s drops=%s; %d ms",
                seed, devices.size(), sockets, reconnects.get(), byMode,
                emittedThread + emittedUser, emittedThread, emittedUser, runs.size(),
                tally.live, tally.replayed, tally.liveBeforeReplay, tally.failuresByReason,
                tally.duplicates, tally.gaps, tally.disorder, tally.slowThinkingMissing,
                tally.slowOverflowCloses, stats.replayedEvents(), stats.recoveryFailures(),
                stats.drops(), TimeUnit.NANOSECONDS.toMillis(elapsedNanos));
        assertThat(tally.violations).as("violations; %s", counts).isEmpty();
        assertThat(tally.duplicates).as("duplicates; %s", counts).isZero();
        assertThat(tally.gaps).as("gaps; %s", counts).isZero();
        // The run exercised what it claims to.
        assertThat(tally.replayed).as("events replayed; %s", counts).isPositive();
        assertThat(tally.failuresByReason.getOrDefault("too_old", 0L))
                .as("too_old answers (a late device on a narrow stream must get one); %s", counts)
                .isPositive();
        assertThat(reconnects.get()).as("reconnects; %s", counts).isGreaterThanOrEqualTo(devices.size());
        tally.line = counts;
        tally.sockets = sockets;
        tally.reconnects = reconnects.get();
        tally.emittedThread = emittedThread;
        tally.emittedUser = emittedUser;
        tally.millis = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
        byMode.forEach((mode, n) -> tally.modes.put(mode, (long) n.get()));
        return tally;
    }

    /** Sums of all rounds, for the closing log line. */
    private static final class Totals {
        long clients;
        long sockets;
        long reconnects;
        long emittedThread;
        long emittedUser;
        long live;
        long replayed;
        long liveBeforeReplay;
        long duplicates;
        long gaps;
        long disorder;
        long slowThinkingMissing;
        long millis;
        final Map<String, Long> failures = new TreeMap<>();
        final Map<Mode, Long> modes = new EnumMap<>(Mode.class);

        void add(Tally tally) {
            clients = DEVICES_PER_USER * 4L;
            sockets += tally.sockets;
            reconnects += tally.reconnects;
            emittedThread += tally.emittedThread;
            emittedUser += tally.emittedUser;
            live += tally.live;
            replayed += tally.replayed;
            liveBeforeReplay += tally.liveBeforeReplay;
            duplicates += tally.duplicates;
            gaps += tally.gaps;
            disorder += tally.disorder;
            slowThinkingMissing += tally.slowThinkingMissing;
            millis += tally.millis;
            tally.failuresByReason.forEach((reason, n) -> failures.merge(reason, n, Long::sum));
            tally.modes.forEach((mode, n) -> modes.merge(mode, n, Long::sum));
        }

        @Override
        public String toString() {
            return String.format("clients=%d per round, sockets=%d reconnects=%d (resumed by %s)"
                    + " events emitted=%d (thread streams=%d, user streams=%d)"
                    + " received live=%d (of which before a late replay=%d) replayed=%d"
                    + " recovery_failed=%s duplicates=%d gaps=%d disorder=%d"
                    + " slow client thinking coalesced=%d; %d ms",
                    clients, sockets, reconnects, modes, emittedThread + emittedUser,
                    emittedThread, emittedUser, live, liveBeforeReplay, replayed, failures,
                    duplicates, gaps, disorder, slowThinkingMissing, millis);
        }
    }

    // Socket-level facts: frame kinds, isolation, how sockets closed.
    private void judgeSockets(Device device, Tally tally) {
        for (int i = 0; i < device.sockets.size(); i++) {
            Socket socket = device.sockets.get(i);
            List<JsonNode> frames = socket.connection().frames();
            String where = device.name + " socket " + i + " (" + socket.mode() + ")";
            if (frames.isEmpty() || !"welcome".equals(frames.get(0).path("type").asText())) {
                tally.violation("%s: first frame is not welcome: %s", where,
                        frames.isEmpty() ? "none" : frames.get(0));
            }
            for (JsonNode frame : frames) {
                String type = frame.path("type").asText();
                if (frame.has("seq")) {
                    if (!device.streams.contains(frame.path("stream").asText())) {
                        tally.violation("%s: isolation: received %s", where, frame);
                    }
                } else if (!Set.of("welcome", "subscribed", "recovered", "recovery_failed")
                        .contains(type)) {
                    tally.violation("%s: unexpected frame %s", where, frame);
                }
            }
            Optional<CloseReason> closed = socket.connection().closeReason();
            boolean last = i == device.sockets.size() - 1;
            if (closed.isPresent() && closed.get().code() == CloseReason.OUTBOUND_OVERFLOW.code()
                    && device.slow) {
                tally.slowOverflowCloses++;
            } else if (!last && !closed.equals(Optional.of(CloseReason.NORMAL))) {
                tally.violation("%s: closed by the server with %s", where, closed);
            } else if (last && closed.isPresent() && !closed.get().equals(CloseReason.GOING_AWAY)) {
                tally.violation("%s: final socket closed with %s", where, closed);
            }
            if (socket.connection().maxWritesInFlight() > 1) {
                tally.violation("%s: %d writes outstanding at once", where,
                        socket.connection().maxWritesInFlight());
            }
        }
    }

    private void judgeStream(Device device, String streamName, Tally tally) {
        StreamPlan stream = streams.get(streamName);
        List<Expected> expected = stream.expected;
        Set<Long> received = new HashSet<>();
        // (from, to]: ranges a recovery_failed told this device it would not get.
        List<long[]> forgiven = new ArrayList<>();
        for (int i = 0; i < device.sockets.size(); i++) {
            Socket socket = device.sockets.get(i);
            String where = device.name + " socket " + i + " (" + socket.mode() + ") " + streamName;
            Cursor cursor = socket.sent().get(streamName);
            List<JsonNode> frames = socket.connection().frames();
            List<JsonNode> before = new ArrayList<>();
            List<JsonNode> after = new ArrayList<>();
            JsonNode answer = null;
            for (JsonNode frame : frames) {
                if (!streamName.equals(frame.path("stream").asText())) {
                    continue;
                }
                if (frame.has("seq")) {
                    (answer == null ? before : after).add(frame);
                    checkEvent(frame, stream, where, tally);
                    long seq = frame.path("seq").asLong();
                    if (!received.add(seq)) {
                        tally.duplicates++;
                        tally.violation("%s: duplicate seq %d (resumed from %s)", where, seq, cursor);
                    }
                } else if (answer == null) {
                    answer = frame;
                } else {
                    tally.violation("%s: a second recovery answer %s", where, frame);
                }
            }
            boolean lastSocket = i == device.sockets.size() - 1;
            boolean skipThinking = device.slow;
            if (answer == null) {
                // A socket closed before the answer arrived: what came is a prefix of the replay.
                if (lastSocket || socket.mode() == Mode.LATE_RESUME) {
                    tally.violation("%s: no recovery answer", where);
                }
                contiguous(before, cursor.seq() + 1, false, stream, where + " (unanswered replay)", tally);
                tally.replayed += before.size();
                continue;
            }
            String type = answer.path("type").asText();
            if ("recovered".equals(type)) {
                int replayed = answer.path("replayed").asInt();
                if (replayed > before.size()) {
                    tally.violation("%s: recovered says %d replayed but %d preceded it", where,
                            replayed, before.size());
                    continue;
                }
                List<JsonNode> liveFirst = before.subList(0, before.size() - replayed);
                List<JsonNode> replay = before.subList(before.size() - replayed, before.size());
                if (!liveFirst.isEmpty() && socket.mode() != Mode.LATE_RESUME) {
                    tally.violation("%s: %d live events before the replay, resumed from %s",
                            where, liveFirst.size(), cursor);
                }
                contiguous(replay, cursor.seq() + 1, false, stream, where + " replay", tally);
                contiguous(liveFirst, cursor.seq() + replayed + 1, skipThinking, stream,
                        where + " live before the replay", tally);
                long through = cursor.seq() + before.size();
                if (!skipThinking && answer.path("last_seq").asLong() != through) {
                    tally.violation("%s: recovered with last_seq %d, expected %d", where,
                            answer.path("last_seq").asLong(), through);
                }
                if (!before.isEmpty()) {
                    through = before.stream().mapToLong(f -> f.path("seq").asLong()).max().getAsLong();
                }
                contiguous(after, through + 1, skipThinking, stream, where + " live", tally);
                tally.replayed += replayed;
                tally.liveBeforeReplay += liveFirst.size();
                tally.live += liveFirst.size() + after.size();
            } else {
                String reason = answer.path("reason").asText();
                tally.failuresByReason.merge(reason, 1L, Long::sum);
                long lastSeq = answer.path("last_seq").asLong();
                if (!"too_old".equals(reason)) {
                    tally.violation("%s: recovery_failed %s (resumed from %s): %s", where, reason,
                            cursor, answer);
                } else if (!stream.narrow) {
                    tally.violation("%s: too_old on a stream with a 1,000-event window, from %s: %s",
                            where, cursor, answer);
                } else if (lastSeq - cursor.seq() <= NARROW_WINDOW) {
                    tally.violation("%s: too_old though %s is within the %d-event window: %s",
                            where, cursor, NARROW_WINDOW, answer);
                }
                checkState(answer, stream, where, tally);
                if (!before.isEmpty()) {
                    if (socket.mode() != Mode.LATE_RESUME) {
                        tally.violation("%s: events before recovery_failed", where);
                    }
                    long first = before.get(0).path("seq").asLong();
                    contiguous(before, first, false, stream, where + " live before the failure", tally);
                    if (before.get(before.size() - 1).path("seq").asLong() != lastSeq) {
                        tally.violation("%s: live events before the failure end at %s, state says %d",
                                where, before.get(before.size() - 1).path("seq"), lastSeq);
                    }
                }
                forgiven.add(new long[] {cursor.seq(), lastSeq});
                contiguous(after, lastSeq + 1, skipThinking, stream, where + " live after the failure",
                        tally);
                tally.live += before.size() + after.size();
            }
        }
        for (Expected event : expected) {
            if (received.contains(event.seq())) {
                continue;
            }
            boolean excused = forgiven.stream().anyMatch(r -> event.seq() > r[0] && event.seq() <= r[1]);
            if (excused) {
                continue;
            }
            if (device.slow && AgentThinking.TYPE.equals(event.type())) {
                tally.slowThinkingMissing++;
                continue;
            }
            tally.gaps++;
            tally.violation("%s %s: missing seq %d (%s)", device.name, stream.name, event.seq(),
                    event.type());
        }
    }

    // Seqs must follow on from `from` with no hole; a slow client may skip agent_thinking only.
    private void contiguous(List<JsonNode> frames, long from, boolean skipThinking, StreamPlan stream,
            String where, Tally tally) {
        long next = from;
        for (JsonNode frame : frames) {
            long seq = frame.path("seq").asLong();
            while (skipThinking && seq > next && next <= stream.expected.size()
                    && AgentThinking.TYPE.equals(stream.expected.get((int) next - 1).type())) {
                next++;
            }
            if (seq != next) {
                tally.disorder++;
                tally.violation("%s: seq %d where %d was due", where, seq, next);
            }
            next = seq + 1;
        }
    }

    private void checkEvent(JsonNode frame, StreamPlan stream, String where, Tally tally) {
        long seq = frame.path("seq").asLong();
        if (seq < 1 || seq > stream.expected.size()) {
            tally.violation("%s: seq %d outside 1..%d: %s", where, seq, stream.expected.size(), frame);
            return;
        }
        Expected want = stream.expected.get((int) seq - 1);
        String epoch = frame.path("epoch").asText();
        String known = tally.epochs.putIfAbsent(stream.name, epoch);
        if (known != null && !known.equals(epoch)) {
            tally.violation("%s: epoch %s, but the stream's epoch was %s", where, epoch, known);
        }
        boolean same = want.type().equals(frame.path("type").asText())
                && want.payload().equals(frame.path("payload"))
                && java.util.Objects.equals(want.run(), frame.path("run_id").asText(null))
                && java.util.Objects.equals(want.thread(), frame.path("thread_id").asText(null));
        if (!same) {
            tally.violation("%s: seq %d is %s, emitted %s %s run=%s thread=%s", where, seq, frame,
                    want.type(), want.payload(), want.run(), want.thread());
        }
    }

    // A recovery_failed carries the stream's true state: its epoch, last seq, last lifecycle event.
    private void checkState(JsonNode answer, StreamPlan stream, String where, Tally tally) {
        long lastSeq = answer.path("last_seq").asLong();
        String known = tally.epochs.get(stream.name);
        if (known != null && !known.equals(answer.path("epoch").asText())) {
            tally.violation("%s: recovery_failed names epoch %s, the stream's is %s", where,
                    answer.path("epoch"), known);
        }
        Expected lifecycle = null;
        for (Expected event : stream.expected) {
            if (event.seq() <= lastSeq && event.lifecycle()) {
                lifecycle = event;
            }
        }
        JsonNode mark = answer.path("last_lifecycle");
        if (lifecycle == null ? !mark.isMissingNode()
                : !(lifecycle.type().equals(mark.path("type").asText())
                        && lifecycle.seq() == mark.path("seq").asLong()
                        && lifecycle.run().equals(mark.path("run_id").asText()))) {
            tally.violation("%s: recovery_failed state %s, but the last lifecycle event up to %d is %s",
                    where, answer, lastSeq, lifecycle);
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private Thread start(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failures.add(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void join(Thread thread) throws InterruptedException {
        long left = deadline - System.nanoTime();
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        if (thread.isAlive()) {
            throwFailures();
            throw new AssertionError(thread.getName() + " did not finish within " + BUDGET);
        }
    }

    // How many streams the server answered a resume for, recovered or not.
    private static int recoveryAnswers(FakeConnection socket) {
        return socket.countOfTypes("recovered", "recovery_failed");
    }

    // Polls a condition until the deadline; never sleeps.
    private void await(BooleanSupplier condition, String what) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            if (!failures.isEmpty()) {
                throw new AssertionError("aborted waiting for " + what + ": another thread failed");
            }
            Thread.yield();
        }
    }

    private void throwFailures() {
        Throwable first = failures.peek();
        if (first != null) {
            AssertionError error = new AssertionError("a worker failed: " + first, first);
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }
}
