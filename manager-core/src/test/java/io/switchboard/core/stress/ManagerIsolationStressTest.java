package io.switchboard.core.stress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.Admission;
import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.ManagerStats;
import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.ManagerStats.Refusal;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.SendStatus;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.stress.Ledger.Conn;
import io.switchboard.core.stress.Ledger.Interval;
import io.switchboard.core.stress.Ledger.Kind;
import io.switchboard.core.stress.Ledger.Send;
import io.switchboard.core.testing.FakeConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/**
 * Spec A/B under contention: eight workers connect, disconnect, evict, join and leave rooms,
 * subscribe to threads and send through every addressing mode for twenty users at once, with a
 * total limit (40) below what the users could hold (20 x 3), so that evictions and refusals both
 * happen all the time. A sampler reads {@code stats()} throughout.
 *
 * <p>Afterwards every frame every connection received is judged against the {@link Ledger}, whose
 * timestamps bracket each call. A frame is legal only if its send could have been linearized at a
 * moment when the connection was a target: same user for user/thread/run sends, a subscription or
 * membership interval overlapping the send's call for thread and room sends, and a send that began
 * before the connection was closed. Overlap is only a necessary condition of linearizability, but
 * every wrong-user or wrong-room delivery violates it. Conversely, connections still open at the
 * end must have received every send that was entirely inside their membership (no silent loss).
 *
 * <p>Violations are collected, not thrown from worker threads, and reported together with the
 * counts of the run, so a failure shows what went wrong and how much was exercised.
 */
class ManagerIsolationStressTest {

    private static final int WORKERS = 8;
    private static final int USERS = 20;
    private static final int PER_USER = 3;
    private static final int TOTAL = 40;
    private static final int ROOMS = 5;
    private static final int THREADS = 4;
    private static final int RUNS_PER_USER = 2;
    // Users with one long-lived connection each, never disconnected and never at their limit, so
    // that "nothing was lost" can be checked against a whole storm's worth of sends.
    private static final int ANCHORS = 2;
    // Whichever ends first: on an idle 2-core machine the ops (~1.5 s), on a loaded one the
    // budget, so that the test stays within ~10 s; the floors below hold even then.
    private static final int OPS_PER_WORKER = 12_000;
    private static final long BUDGET_NANOS = Duration.ofSeconds(3).toNanos();

    // Distinct reasons, so that each closed connection tells which call removed it.
    private static final CloseReason BY_DISCONNECT = new CloseReason(1000, "stress: disconnect");
    private static final CloseReason BY_DISCONNECT_USER =
            new CloseReason(1000, "stress: disconnectUser");

    /** Users that connect, get evicted and disconnected. */
    private final List<UserId> users = new ArrayList<>();
    /** Every user a send may be addressed to: {@link #users} and the anchors. */
    private final List<UserId> addressees = new ArrayList<>();
    private final List<RoomName> rooms = new ArrayList<>();
    private final List<ThreadId> threads = new ArrayList<>();
    private final Map<RunId, Route> runs = new LinkedHashMap<>();
    private final List<RunId> runIds = new ArrayList<>();
    // Half of the run sends go through the run's emitter, which remembers its stream's followers
    // between events: every connect, eviction, subscription and removal must reach it.
    private final Map<RunId, AgentEmitter> emitters = new LinkedHashMap<>();
    private final Ledger ledger = new Ledger();
    private final ConcurrentLinkedQueue<String> liveViolations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger disconnectUserClosed = new AtomicInteger();
    private final AtomicLong connectionIds = new AtomicLong();

    private record Route(UserId user, ThreadId thread) {
    }

    @Test
    @Timeout(60)
    void everyFrameReachesOnlyItsAddresseeWhileLimitsHold(TestReporter reporter) throws Exception {
        WebSocketManager manager = WebSocketManager.builder()
                .config(ManagerConfig.builder()
                        .maxConnectionsPerUser(PER_USER)
                        .maxConnections(TOTAL)
                        // No sweeper: a stale close would be a removal the ledger cannot attribute.
                        .staleSweepInterval(Duration.ZERO)
                        // Overflow closes (4003) are another test's subject; keep them out of this one.
                        .maxQueuedFrames(1_000_000)
                        .maxQueuedBytes(1L << 30)
                        .build())
                .build();
        try {
            for (int i = 0; i < USERS; i++) {
                users.add(UserId.of("u" + i));
            }
            addressees.addAll(users);
            for (int i = 0; i < ANCHORS; i++) {
                addressees.add(UserId.of("anchor" + i));
            }
            for (int i = 0; i < ROOMS; i++) {
                rooms.add(RoomName.of("room" + i));
            }
            // Thread names are shared by all users: a thread is addressed by (user, thread).
            for (int i = 0; i < THREADS; i++) {
                threads.add(ThreadId.of("t" + i));
            }
            for (UserId user : addressees) {
                for (int i = 0; i < RUNS_PER_USER; i++) {
                    RunId run = RunId.of("run-" + user + "-" + i);
                    ThreadId thread = threads.get((i + addressees.indexOf(user)) % THREADS);
                    assertThat(manager.associateRun(run, user, thread)).isTrue();
                    runs.put(run, new Route(user, thread));
                    runIds.add(run);
                    emitters.put(run, manager.emitter(user, thread, run));
                }
            }

            long started = System.nanoTime();
            Sampler sampler = new Sampler(manager);
            Thread samplerThread = new Thread(sampler, "stress-sampler");
            CyclicBarrier go = new CyclicBarrier(WORKERS);
            List<Worker> workers = new ArrayList<>();
            List<Thread> workerThreads = new ArrayList<>();
            long seed = System.nanoTime();
            for (int i = 0; i < WORKERS; i++) {
                Worker worker = new Worker(i, manager, new SplittableRandom(seed + i), go,
                        started + BUDGET_NANOS);
                workers.add(worker);
                workerThreads.add(new Thread(worker, "stress-worker-" + i));
            }
            for (int i = 0; i < ANCHORS; i++) {
                Worker owner = workers.get(i % WORKERS);
                owner.connect(addressees.get(USERS + i), true);
                assertThat(owner.owned).as("anchor connection admitted").isNotEmpty();
            }
            samplerThread.start();
            workerThreads.forEach(Thread::start);
            for (Thread thread : workerThreads) {
                thread.join();
            }
            sampler.stop.set(true);
            samplerThread.join();
            long stormNanos = System.nanoTime() - started;

            List<Throwable> crashes = new ArrayList<>();
            workers.forEach(worker -> {
                if (worker.crash != null) {
                    crashes.add(worker.crash);
                }
            });
            if (sampler.crash != null) {
                crashes.add(sampler.crash);
            }
            assertThat(crashes).as("exceptions thrown by the manager in worker threads (seed %d)", seed)
                    .isEmpty();

            verify(manager, sampler, workers, seed, stormNanos, reporter);
        } finally {
            manager.close();
        }
    }

    // ---- the storm ---------------------------------------------------------------------------

    /** Reads stats() as fast as it can; every snapshot must respect both limits. */
    private final class Sampler implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final WebSocketManager manager;
        long samples;
        int maxSeen;
        volatile Throwable crash;

        Sampler(WebSocketManager manager) {
            this.manager = manager;
        }

        @Override
        public void run() {
            try {
                while (!stop.get()) {
                    ManagerStats stats = manager.stats();
                    samples++;
                    maxSeen = Math.max(maxSeen, stats.connections());
                    if (stats.connections() > TOTAL || stats.connections() < 0) {
                        liveViolations.add("stats() showed " + stats.connections()
                                + " connections, limit " + TOTAL);
                    }
                    stats.connectionsPerUser().forEach((user, count) -> {
                        if (count > PER_USER || count < 1) {
                            liveViolations.add("stats() showed " + count + " connections of " + user
                                    + ", limit " + PER_USER);
                        }
                    });
                    if (stats.users() > addressees.size()) {
                        liveViolations.add("stats() showed " + stats.users() + " users, only "
                                + addressees.size() + " exist");
                    }
                }
            } catch (Throwable t) {
                crash = t;
            }
        }
    }

    /**
     * One worker. It owns the connections it opened: only it joins, leaves, subscribes and
     * unsubscribes them, so their intervals are written by one thread; any worker may evict or
     * disconnect any user's connections, which is where the races are.
     */
    private final class Worker implements Runnable {
        final int index;
        final WebSocketManager manager;
        final SplittableRandom random;
        final CyclicBarrier go;
        final long deadline;
        final List<Conn> owned = new ArrayList<>();
        final List<Send> log;
        long nextSid;
        int ops;
        volatile Throwable crash;

        Worker(int index, WebSocketManager manager, SplittableRandom random, CyclicBarrier go,
                long deadline) {
            this.index = index;
            this.manager = manager;
            this.random = random;
            this.go = go;
            this.deadline = deadline;
            this.log = ledger.log(index);
            this.nextSid = (long) index << 40;
        }

        @Override
        public void run() {
            try {
                go.await();
                while (ops < OPS_PER_WORKER && System.nanoTime() < deadline) {
                    step(random.nextInt(1000));
                    ops++;
                }
            } catch (Throwable t) {
                crash = t;
            }
        }

        private void step(int dice) {
            if (dice < 80) {
                connect(anyUser(), false);
            } else if (dice < 120) {
                disconnect();
            } else if (dice < 125) {
                UserId user = anyUser();
                int closed = manager.disconnectUser(user, BY_DISCONNECT_USER);
                disconnectUserClosed.addAndGet(closed);
            } else if (dice < 225) {
                join();
            } else if (dice < 295) {
                leave();
            } else if (dice < 375) {
                subscribe();
            } else if (dice < 425) {
                unsubscribe();
            } else if (dice < 427) {
                // A run belongs to one user for good: re-associating it elsewhere must be refused.
                // (Rare: the manager logs a warning for each refusal.)
                RunId run = runIds.get(random.nextInt(runIds.size()));
                Route route = runs.get(run);
                UserId other = users.get((users.indexOf(route.user()) + 1) % USERS);
                if (manager.associateRun(run, other, route.thread())) {
                    liveViolations.add("run " + run + " of " + route.user()
                            + " was re-associated with " + other);
                }
            } else if (dice < 615) {
                send(Kind.USER, anyAddressee(), null, null, null, null);
            } else if (dice < 755) {
                send(Kind.THREAD, anyAddressee(), threads.get(random.nextInt(THREADS)), null, null,
                        null);
            } else if (dice < 855) {
                RunId run = runIds.get(random.nextInt(runIds.size()));
                Route route = runs.get(run);
                send(Kind.RUN, route.user(), route.thread(), run, null, null);
            } else if (dice < 965) {
                send(Kind.ROOM, null, null, null, rooms.get(random.nextInt(ROOMS)), null);
            } else if (dice < 980) {
                send(Kind.ALL, null, null, null, null, null);
            } else {
                Conn target = anyOwned();
                if (target != null) {
                    send(Kind.CONNECTION, null, null, null, null, target.id());
                }
            }
        }

        private UserId anyUser() {
            return users.get(random.nextInt(USERS));
        }

        private UserId anyAddressee() {
            return addressees.get(random.nextInt(addressees.size()));
        }

        // A connection this worker opened and believes open; closed ones are dropped on sight.
        private Conn anyOwned() {
            while (!owned.isEmpty()) {
                int i = random.nextInt(owned.size());
                Conn conn = owned.get(i);
                if (conn.connection.closeReason().isEmpty()) {
                    return conn;
                }
                owned.set(i, owned.get(owned.size() - 1));
                owned.remove(owned.size() - 1);
            }
            return null;
        }

        private void connect(UserId user, boolean anchor) {
            FakeConnection connection = new FakeConnection(
                    ConnectionId.of("c" + connectionIds.incrementAndGet()));
            Conn conn = new Conn(user, connection, index, anchor, System.nanoTime());
            ledger.register(conn);
            Admission admission = manager.connect(user, connection);
            conn.connectEnd = System.nanoTime();
            conn.admission = admission;
            if (admission instanceof Admission.Accepted accepted) {
                owned.add(conn);
                accepted.evicted().ifPresent(evicted -> {
                    UserId previous = ledger.evicted.put(evicted, user);
                    if (previous != null) {
                        liveViolations.add(evicted + " was named evicted twice (by connects of "
                                + previous + " and " + user + ")");
                    }
                });
            }
        }

        private void disconnect() {
            Conn conn = anyOwned();
            if (conn != null && !conn.anchor && manager.disconnect(conn.id(), BY_DISCONNECT)) {
                if (!ledger.disconnected.add(conn.id())) {
                    liveViolations.add("disconnect(" + conn.id() + ") returned true twice");
                }
            }
        }

        private void join() {
            Conn conn = anyOwned();
            if (conn == null) {
                return;
            }
            RoomName room = rooms.get(random.nextInt(ROOMS));
            if (Conn.current(conn.rooms, room) != null) {
                return;
            }
            long start = System.nanoTime();
            boolean joined = manager.joinRoom(conn.id(), room);
            long end = System.nanoTime();
            if (joined) {
                conn.rooms.computeIfAbsent(room, r -> new ArrayList<>()).add(new Interval(start, end));
            } else {
                // Not a member, so the only reason to refuse is that the connection is gone.
                expectClosed(conn, "joinRoom(" + room + ") returned false");
            }
        }

        private void leave() {
            Conn conn = anyOwned();
            if (conn == null || conn.rooms.isEmpty()) {
                return;
            }
            List<RoomName> joined = new ArrayList<>(conn.rooms.keySet());
            RoomName room = joined.get(random.nextInt(joined.size()));
            Interval membership = Conn.current(conn.rooms, room);
            if (membership == null) {
                return;
            }
            long start = System.nanoTime();
            boolean left = manager.leaveRoom(conn.id(), room);
            long end = System.nanoTime();
            if (left) {
                membership.leaveStart = start;
                membership.leaveEnd = end;
            } else {
                expectClosed(conn, "leaveRoom(" + room + ") of a member returned false");
            }
        }

        private void subscribe() {
            Conn conn = anyOwned();
            if (conn == null) {
                return;
            }
            ThreadId thread = threads.get(random.nextInt(THREADS));
            if (Conn.current(conn.threads, thread) != null) {
                return;
            }
            long start = System.nanoTime();
            boolean subscribed = manager.subscribe(conn.id(), thread);
            long end = System.nanoTime();
            if (subscribed) {
                conn.threads.computeIfAbsent(thread, t -> new ArrayList<>())
                        .add(new Interval(start, end));
            } else {
                expectClosed(conn, "subscribe(" + thread + ") returned false");
            }
        }

        private void unsubscribe() {
            Conn conn = anyOwned();
            if (conn == null || conn.threads.isEmpty()) {
                return;
            }
            List<ThreadId> subscribed = new ArrayList<>(conn.threads.keySet());
            ThreadId thread = subscribed.get(random.nextInt(subscribed.size()));
            Interval subscription = Conn.current(conn.threads, thread);
            if (subscription == null) {
                return;
            }
            long start = System.nanoTime();
            boolean done = manager.unsubscribe(conn.id(), thread);
            long end = System.nanoTime();
            if (done) {
                subscription.leaveStart = start;
                subscription.leaveEnd = end;
            } else {
                expectClosed(conn, "unsubscribe(" + thread + ") of a subscriber returned false");
            }
        }

        // Called right after a refusal that only a removal explains. The registry marks a session
        // removed before the remover closes the socket, so wait (bounded) for that close.
        private void expectClosed(Conn conn, String what) {
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (conn.connection.closeReason().isEmpty()) {
                if (System.nanoTime() > until) {
                    liveViolations.add(what + " for " + conn.id() + " of " + conn.user
                            + ", but the connection was never closed");
                    return;
                }
                Thread.onSpinWait();
            }
        }

        private void send(Kind kind, UserId user, ThreadId thread, RunId run, RoomName room,
                ConnectionId connection) {
            long sid = nextSid++;
            Send draft = new Send(sid, kind, user, thread, run, room, connection, 0, 0, null);
            var event = Ledger.probe(sid, kind, draft.address());
            long start = System.nanoTime();
            SendOutcome outcome = switch (kind) {
                case USER -> manager.sendToUser(user, event);
                case THREAD -> manager.sendToThread(user, thread, event);
                case RUN -> sid % 2 == 0 ? manager.sendToRun(run, event)
                        : emitters.get(run).emit(event).join().outcome();
                case ROOM -> manager.broadcastToRoom(room, event);
                case ALL -> manager.broadcastToAll(event);
                default -> manager.sendToConnection(connection, event);
            };
            long end = System.nanoTime();
            log.add(new Send(sid, kind, user, thread, run, room, connection, start, end, outcome));
        }
    }

    // ---- the verdict -------------------------------------------------------------------------

    private void verify(WebSocketManager manager, Sampler sampler, List<Worker> workers, long seed,
            long stormNanos, TestReporter reporter) {
        long verifyStart = System.nanoTime();
        Verdict verdict = new Verdict(ledger.sends());
        liveViolations.forEach(verdict::add);
        ledger.connections().values().forEach(verdict::connection);
        verdict.noSendBeyondItsOutcome();
        verdict.noSilentLoss();
        verdict.accounting(manager.stats());
        verdict.registryHoldsOnlyOpenConnections(manager);

        int ops = workers.stream().mapToInt(w -> w.ops).sum();
        String counts = String.format("seed %d (workload only; interleavings are not replayable), "
                        + "%d ops in %d ms by %d workers: %d sends, "
                        + "%d connections opened (%d refused with 1013, %d evicted with 4001, "
                        + "%d disconnected, %d closed by disconnectUser, %d open at the end), "
                        + "%d frames checked (+%d subscription answers), %d completeness checks, "
                        + "%d writes in flight at close, %d stats samples (max %d connections seen), "
                        + "verified in %d ms",
                seed, ops, stormNanos / 1_000_000, WORKERS, verdict.sends.size(),
                ledger.connections().size(), verdict.refused, verdict.evicted,
                ledger.disconnected.size(), verdict.closedByDisconnectUser,
                verdict.openAtEnd.size(), verdict.framesChecked, verdict.controlFrames,
                verdict.completenessChecks, verdict.inFlightAtClose, sampler.samples,
                sampler.maxSeen, (System.nanoTime() - verifyStart) / 1_000_000);
        // Surefire shows neither report entries nor (at the project's WARN level) INFO logs, and
        // the counts are how a reader sees what a green run exercised: print them.
        reporter.publishEntry("isolation stress", counts);
        System.out.println("isolation stress: " + counts);

        assertThat(verdict.shown).as("violations (%d in all; first 20 shown) -- %s",
                verdict.count, counts).isEmpty();
        // The run must have exercised what it claims to test (modest floors: they must hold on a
        // heavily loaded machine too, where the budget may allow only a few thousand operations).
        assertThat(verdict.refused).as("refusals: " + counts).isPositive();
        assertThat(verdict.evicted).as("evictions: " + counts).isPositive();
        assertThat(verdict.framesChecked).as("frames checked: " + counts).isGreaterThan(1_000);
        assertThat(verdict.completenessChecks).as("completeness checks: " + counts).isPositive();
        assertThat(sampler.samples).as("stats samples: " + counts).isPositive();
    }

    /**
     * Judges what every connection received against the ledger. Keeps the first violations
     * verbatim and counts the rest, so that a failure stays readable.
     */
    private final class Verdict {
        final Map<Long, Send> sends;
        final List<String> shown = new ArrayList<>();
        int count;
        final Map<Long, Integer> receivers = new HashMap<>();
        final List<Conn> openAtEnd = new ArrayList<>();
        long framesChecked;
        long controlFrames;
        long framesRecorded;
        long writesAfterClose;
        long inFlightAtClose;
        long completenessChecks;
        int refused;
        int evicted;
        int closedByDisconnectUser;

        Verdict(Map<Long, Send> sends) {
            this.sends = sends;
        }

        void add(String violation) {
            count++;
            if (shown.size() < 20) {
                shown.add(violation);
            }
        }

        void check(boolean ok, String violation) {
            if (!ok) {
                add(violation);
            }
        }

        void connection(Conn conn) {
            FakeConnection connection = conn.connection;
            List<JsonNode> frames = connection.frames();
            framesRecorded += frames.size();
            check(connection.closeCalls() <= 1, conn.id() + " was closed "
                    + connection.closeCalls() + " times: two callers believed they removed it");
            writesAfterClose(conn);
            if (!conn.admitted()) {
                refused++;
                CloseReason reason = connection.closeReason().orElse(null);
                check(frames.isEmpty(), "refused " + conn.id() + " of " + conn.user + " received "
                        + frames.size() + " frames, first " + (frames.isEmpty() ? "" : frames.get(0)));
                check(reason != null && reason.code() == 1013 && connection.closeCalls() == 1,
                        "refused " + conn.id() + " closed with " + reason + " ("
                                + connection.closeCalls() + " closes), expected 1013 once");
                return;
            }
            ending(conn);
            frames(conn, frames);
        }

        // A write the manager attempted after closing the connection (the fake rejects it). One
        // of a send that began after the close was routed to a dead connection: a violation. One
        // of an earlier send was already dequeued when the close came: counted, not a violation.
        private void writesAfterClose(Conn conn) {
            long closedAt = conn.connection.closedAtNanos();
            for (TextFrame late : conn.connection.writesAfterClose()) {
                writesAfterClose++;
                Send send = sends.get(FakeConnection.parse(late.text()).path("payload").path("sid")
                        .asLong(-1));
                if (send != null && send.start() > closedAt) {
                    add("send #" + send.sid() + " to " + send.address() + " began after "
                            + conn.id() + " was closed, yet was written to it");
                } else {
                    inFlightAtClose++;
                }
            }
        }

        // How an admitted connection ended: each removal has exactly one author, named by the
        // close reason, and an eviction only ever hits the connecting user's own connection.
        private void ending(Conn conn) {
            CloseReason reason = conn.connection.closeReason().orElse(null);
            UserId evictor = ledger.evicted.get(conn.id());
            boolean disconnected = ledger.disconnected.contains(conn.id());
            if (evictor != null) {
                evicted++;
                check(CloseReason.EVICTED.equals(reason), "evicted " + conn.id()
                        + " was closed with " + reason + ", expected 4001");
                check(evictor.equals(conn.user), "a connect of " + evictor + " evicted "
                        + conn.id() + " of another user, " + conn.user);
                check(!disconnected, conn.id() + " was both evicted and disconnected");
            } else if (disconnected) {
                check(BY_DISCONNECT.equals(reason), "disconnected " + conn.id()
                        + " was closed with " + reason);
            } else if (BY_DISCONNECT_USER.equals(reason)) {
                closedByDisconnectUser++;
            } else if (reason != null) {
                add(conn.id() + " of " + conn.user + " was closed with " + reason
                        + " though no call of the test removed it");
            } else {
                openAtEnd.add(conn);
            }
        }

        private void frames(Conn conn, List<JsonNode> frames) {
            if (frames.isEmpty()) {
                // Possible only if it was removed before its queue started.
                check(conn.connection.closeReason().isPresent(),
                        "open " + conn.id() + " never received its welcome");
                return;
            }
            JsonNode welcome = frames.get(0);
            check("welcome".equals(welcome.path("type").asText())
                            && conn.id().value().equals(welcome.path("connection_id").asText()),
                    conn.id() + " got first frame " + welcome + ", expected its welcome");
            long closedAt = conn.connection.closedAtNanos();
            Set<Long> seen = new HashSet<>();
            for (JsonNode frame : frames.subList(1, frames.size())) {
                String type = frame.path("type").asText();
                if (type.equals("subscribed") || type.equals("unsubscribed")) {
                    // The answer to this connection's own (un)subscribe call.
                    controlFrames++;
                    ThreadId thread = ThreadId.of(frame.path("thread_id").asText("missing"));
                    check(conn.threads.containsKey(thread), conn.id() + " of " + conn.user
                            + " got " + frame + " but its owner never subscribed it to " + thread);
                    continue;
                }
                framesChecked++;
                String problem = judge(conn, frame, sends, closedAt, seen);
                if (problem != null) {
                    add(conn.id() + " of " + conn.user + ": " + problem + " -- frame " + frame);
                } else {
                    receivers.merge(frame.path("payload").path("sid").asLong(), 1, Integer::sum);
                }
            }
        }

        /** No send reached more connections than the manager said it queued the frame for. */
        void noSendBeyondItsOutcome() {
            receivers.forEach((sid, reached) -> {
                Send send = sends.get(sid);
                check(reached <= send.outcome().queuedLocal(), "send #" + sid + " to "
                        + send.address() + " reached " + reached + " connections, outcome says "
                        + send.outcome());
            });
        }

        /**
         * A connection open to the end got every send that lay entirely inside its life and
         * membership (writes complete inline, and every worker has returned, so nothing is
         * still on its way).
         */
        void noSilentLoss() {
            check(openAtEnd.stream().filter(c -> c.anchor).count() == ANCHORS,
                    "an anchor connection, which nothing removes, was closed");
            for (Conn conn : openAtEnd) {
                Set<Long> got = new HashSet<>();
                conn.connection.frames()
                        .forEach(f -> got.add(f.path("payload").path("sid").asLong(-1)));
                for (Send send : sends.values()) {
                    if (send.start() > conn.connectEnd && mustReach(conn, send)) {
                        completenessChecks++;
                        check(got.contains(send.sid()), "open " + conn.id() + " of " + conn.user
                                + " missed send #" + send.sid() + " to " + send.address()
                                + " (outcome " + send.outcome() + ")");
                    }
                }
            }
        }

        /** The manager's counters agree with what the connections saw. */
        void accounting(ManagerStats stats) {
            check(closedByDisconnectUser == disconnectUserClosed.get(), "disconnectUser reported "
                    + disconnectUserClosed.get() + " closes, but " + closedByDisconnectUser
                    + " connections carry its reason");
            check(stats.connections() == openAtEnd.size(), "stats().connections() is "
                    + stats.connections() + ", but " + openAtEnd.size() + " connections are open");
            check(stats.evictions() == ledger.evicted.size(), "stats().evictions() is "
                    + stats.evictions() + ", admissions named " + ledger.evicted.size());
            check(stats.refusals(Refusal.TOTAL_LIMIT) == refused, "stats() counts "
                    + stats.refusals(Refusal.TOTAL_LIMIT) + " refusals, the test saw " + refused);
            check(stats.framesWritten() == framesRecorded, "stats().framesWritten() is "
                    + stats.framesWritten() + ", the connections recorded " + framesRecorded);
            // The fakes fail a write only when the manager already closed the connection: such a
            // write raced the manager's own close and counts as CONNECTION_CLOSED, never as a
            // transport failure.
            check(stats.framesFailed(FrameFailure.SEND_FAILED) == 0, "stats() counts "
                    + stats.framesFailed(FrameFailure.SEND_FAILED) + " transport write failures,"
                    + " but the fakes never fail a write on an open connection");
            check(stats.framesFailed(FrameFailure.CONNECTION_CLOSED) >= writesAfterClose, "stats()"
                    + " counts " + stats.framesFailed(FrameFailure.CONNECTION_CLOSED) + " frames lost"
                    + " to closed connections, fewer than the " + writesAfterClose
                    + " writes that hit a closed connection");
        }

        /**
         * After the storm the manager knows exactly the open connections. A removed one that
         * still resolves by id (sendToConnection fails on it instead of finding no target)
         * lingers in the registry; a final broadcast must reach every open one and fail for none.
         */
        void registryHoldsOnlyOpenConnections(WebSocketManager manager) {
            for (Conn conn : ledger.connections().values()) {
                if (conn.admitted() && conn.connection.closeReason().isPresent()) {
                    SendOutcome probe = manager.sendToConnection(conn.id(),
                            Ledger.probe(-1, Kind.CONNECTION, "removed " + conn.id()));
                    check(probe.status() == SendStatus.NO_TARGET, conn.id() + " of " + conn.user
                            + ", closed with " + conn.connection.closeReason().get()
                            + ", is still in the manager's id index: sendToConnection gave "
                            + probe + " instead of NO_TARGET (a removed session left behind)");
                }
            }
            SendOutcome last = manager.broadcastToAll(Ledger.probe(-1, Kind.ALL, "final"));
            check(last.queuedLocal() == openAtEnd.size() && last.failedLocal() == 0,
                    "a final broadcastToAll gave " + last + " with " + openAtEnd.size()
                            + " connections open");
        }
    }

    /** Why {@code frame} must not have reached {@code conn}, or null if it may have. */
    private String judge(Conn conn, JsonNode frame, Map<Long, Send> sends, long closedAt,
            Set<Long> seen) {
        if (!"probe".equals(frame.path("type").asText())) {
            return "unexpected frame type";
        }
        long sid = frame.path("payload").path("sid").asLong(-1);
        Send send = sends.get(sid);
        if (send == null) {
            return "frame of unknown send " + sid;
        }
        if (!seen.add(sid)) {
            return "duplicate of send #" + sid;
        }
        if (send.start() > closedAt) {
            return "send to " + send.address() + " began " + (send.start() - closedAt)
                    + " ns after the connection was closed";
        }
        if (send.end() < conn.connectStart) {
            return "send to " + send.address() + " ended before the connection was opened";
        }
        String threadId = frame.path("thread_id").asText(null);
        String runId = frame.path("run_id").asText(null);
        switch (send.kind()) {
            case USER:
                return !send.user().equals(conn.user) ? "user frame addressed to " + send.user()
                        : threadId != null || runId != null ? "user frame with thread/run ids" : null;
            case THREAD:
            case RUN:
                if (!send.user().equals(conn.user)) {
                    return send.kind() + " frame addressed to " + send.address();
                }
                if (!send.thread().value().equals(threadId)) {
                    return "frame of " + send.address() + " carries thread_id " + threadId;
                }
                if (send.kind() == Kind.RUN && !send.run().value().equals(runId)) {
                    return "frame of " + send.address() + " carries run_id " + runId;
                }
                return overlaps(conn.threads.get(send.thread()), send, closedAt) ? null
                        : "frame of " + send.address() + " [" + send.start() + ".." + send.end()
                                + "] reached a connection not subscribed then; subscriptions "
                                + conn.threads.get(send.thread());
            case ROOM:
                return overlaps(conn.rooms.get(send.room()), send, closedAt) ? null
                        : "frame of " + send.address() + " [" + send.start() + ".." + send.end()
                                + "] reached a non-member; memberships " + conn.rooms.get(send.room())
                                + ", closed at " + (closedAt == Long.MAX_VALUE ? "never" : closedAt);
            case CONNECTION:
                return send.connection().equals(conn.id()) ? null
                        : "frame addressed to " + send.address();
            default:
                return null; // everyone: the lifetime checks above are all there is
        }
    }

    // Some membership interval, cut short by the close, overlaps the send's call.
    private static boolean overlaps(List<Interval> intervals, Send send, long closedAt) {
        if (intervals == null) {
            return false;
        }
        for (Interval interval : intervals) {
            long end = Math.min(interval.leaveEnd, closedAt);
            if (interval.joinStart <= send.end() && send.start() <= end) {
                return true;
            }
        }
        return false;
    }

    // For a connection open to the end: whether the send had to reach it.
    private boolean mustReach(Conn conn, Send send) {
        switch (send.kind()) {
            case USER:
                return send.user().equals(conn.user);
            case ALL:
                return true;
            case CONNECTION:
                return send.connection().equals(conn.id());
            case ROOM:
                return contains(conn.rooms.get(send.room()), send);
            default:
                return send.user().equals(conn.user) && contains(conn.threads.get(send.thread()), send);
        }
    }

    private static boolean contains(List<Interval> intervals, Send send) {
        if (intervals == null) {
            return false;
        }
        for (Interval interval : intervals) {
            if (interval.joinEnd < send.start() && send.end() < interval.leaveStart) {
                return true;
            }
        }
        return false;
    }
}
