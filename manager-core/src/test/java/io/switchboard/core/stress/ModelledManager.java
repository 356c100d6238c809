package io.switchboard.core.stress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.Admission;
import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.ManagerStats;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.SendStatus;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The real manager side by side with a deliberately naive model of spec A/B: which connections are
 * open and whose, in which rooms and threads, in admission order, with the per-user limit evicting
 * the user's oldest and the total limit refusing. Each operation runs on both, checks the manager's
 * answer against the model's, and records which frames each connection must now have received.
 * {@link #checkInvariants()} then compares every connection's frames, close reason and the stats
 * with the model, so a frame reaching anyone the model did not address fails at the step that
 * caused it.
 *
 * <p>Single-threaded by design (the stress test covers interleavings); writes complete inline,
 * so the frames of a send are recorded before the call returns.
 */
final class ModelledManager implements AutoCloseable {

    static final int PER_USER = 2;
    static final int TOTAL = 5;
    static final List<UserId> USERS = List.of(UserId.of("u0"), UserId.of("u1"), UserId.of("u2"),
            UserId.of("u3"));
    static final List<RoomName> ROOMS = List.of(RoomName.of("r0"), RoomName.of("r1"),
            RoomName.of("r2"));
    // Thread names are shared by users on purpose: a thread is only ever addressed with its user.
    static final List<ThreadId> THREADS = List.of(ThreadId.of("t0"), ThreadId.of("t1"));
    static final List<RunId> RUNS = List.of(RunId.of("run0"), RunId.of("run1"), RunId.of("run2"));
    static final CloseReason SIGNED_OUT = new CloseReason(1000, "signed out");

    /** The model of one connection. */
    private static final class Modelled {
        final ConnectionId id;
        final UserId user;
        final FakeConnection fake;
        boolean open;
        CloseReason expectedClose;
        final Set<RoomName> rooms = new LinkedHashSet<>();
        final Set<ThreadId> threads = new LinkedHashSet<>();
        final List<String> expectedFrames = new ArrayList<>();
        int framesChecked;

        Modelled(ConnectionId id, UserId user, FakeConnection fake) {
            this.id = id;
            this.user = user;
            this.fake = fake;
        }
    }

    private record Route(UserId user, ThreadId thread) {
    }

    private final WebSocketManager manager = WebSocketManager.builder()
            .config(ManagerConfig.builder()
                    .maxConnectionsPerUser(PER_USER)
                    .maxConnections(TOTAL)
                    .staleSweepInterval(Duration.ZERO)
                    .build())
            .ticker(new ManualTicker()) // run associations never expire behind the model's back
            .build();
    // In creation order; open ones in admission order, which is the eviction order.
    private final Map<ConnectionId, Modelled> connections = new LinkedHashMap<>();
    private final Map<RunId, Route> runs = new HashMap<>();
    // A run's emitter, made at its first emit and kept: it remembers its stream's followers
    // between events, so every change in between must reach its next one.
    private final Map<RunId, AgentEmitter> emitters = new HashMap<>();
    private int nextConnection;
    private long nextSid;
    private int steps;
    // What the chain exercised, for the property's statistics.
    int evictions;
    int refusals;
    int framesDelivered;
    private final List<String> history = new ArrayList<>();

    // ---- what actions can pick from -------------------------------------------------------------

    /** Ids of every connection created so far, open or not (acting on closed ones is legal too). */
    List<ConnectionId> knownConnections() {
        return List.copyOf(connections.keySet());
    }

    List<ConnectionId> openConnections() {
        return select(c -> c.open);
    }

    // ---- operations -----------------------------------------------------------------------------

    void connect(UserId user) {
        ConnectionId id = ConnectionId.of("c" + (++nextConnection));
        FakeConnection fake = new FakeConnection(id);
        Modelled created = new Modelled(id, user, fake);
        List<Modelled> ofUser = open(c -> c.user.equals(user));
        Modelled oldest = ofUser.size() >= PER_USER ? ofUser.get(0) : null;
        boolean refused = oldest == null && open(c -> true).size() >= TOTAL;

        Admission admission = manager.connect(user, fake);
        step("connect(" + user + ") as " + id);
        connections.put(id, created);

        if (refused) {
            assertThat(admission).as("connect(%s) with %d of %d connections open, none of them "
                    + "%s's beyond the per-user limit, must be refused with 1013", user,
                    TOTAL, TOTAL, user).isEqualTo(new Admission.Refused(CloseReason.TRY_AGAIN_LATER));
            created.expectedClose = CloseReason.TRY_AGAIN_LATER;
            refusals++;
            return;
        }
        Optional<ConnectionId> expectedEviction = Optional.ofNullable(oldest).map(c -> c.id);
        assertThat(admission).as("connect(%s): expected acceptance evicting %s (the oldest of "
                + "%s's open connections %s)", user, expectedEviction.orElse(null), user, ids(ofUser))
                .isEqualTo(new Admission.Accepted(expectedEviction));
        if (oldest != null) {
            close(oldest, CloseReason.EVICTED);
            evictions++;
        }
        created.open = true;
        created.expectedFrames.add("welcome " + id);
    }

    void disconnect(ConnectionId id) {
        Modelled target = connections.get(id);
        boolean expected = target != null && target.open;
        boolean actual = manager.disconnect(id, CloseReason.NORMAL);
        step("disconnect(" + id + ")");
        assertThat(actual).as("disconnect(%s) of a connection that is %s", id, state(target))
                .isEqualTo(expected);
        if (expected) {
            close(target, CloseReason.NORMAL);
        }
    }

    void disconnectUser(UserId user) {
        List<Modelled> ofUser = open(c -> c.user.equals(user));
        int closed = manager.disconnectUser(user, SIGNED_OUT);
        step("disconnectUser(" + user + ")");
        assertThat(closed).as("disconnectUser(%s) with open %s", user, ids(ofUser))
                .isEqualTo(ofUser.size());
        ofUser.forEach(c -> close(c, SIGNED_OUT));
    }

    void joinRoom(ConnectionId id, RoomName room) {
        Modelled target = connections.get(id);
        boolean expected = target != null && target.open && !target.rooms.contains(room);
        boolean actual = manager.joinRoom(id, room);
        step("joinRoom(" + id + ", " + room + ")");
        assertThat(actual).as("joinRoom(%s, %s) of a connection that is %s, in rooms %s", id, room,
                state(target), target == null ? "-" : target.rooms).isEqualTo(expected);
        if (expected) {
            target.rooms.add(room);
        }
    }

    void leaveRoom(ConnectionId id, RoomName room) {
        Modelled target = connections.get(id);
        boolean expected = target != null && target.open && target.rooms.contains(room);
        boolean actual = manager.leaveRoom(id, room);
        step("leaveRoom(" + id + ", " + room + ")");
        assertThat(actual).as("leaveRoom(%s, %s) of a connection that is %s, in rooms %s", id,
                room, state(target), target == null ? "-" : target.rooms).isEqualTo(expected);
        if (expected) {
            target.rooms.remove(room);
        }
    }

    void subscribe(ConnectionId id, ThreadId thread) {
        Modelled target = connections.get(id);
        boolean expected = target != null && target.open && !target.threads.contains(thread);
        boolean actual = manager.subscribe(id, thread);
        step("subscribe(" + id + ", " + thread + ")");
        assertThat(actual).as("subscribe(%s, %s) of a connection that is %s, subscribed to %s", id,
                thread, state(target), target == null ? "-" : target.threads).isEqualTo(expected);
        if (expected) {
            target.threads.add(thread);
            target.expectedFrames.add("subscribed " + thread);
        }
    }

    void unsubscribe(ConnectionId id, ThreadId thread) {
        Modelled target = connections.get(id);
        boolean expected = target != null && target.open && target.threads.contains(thread);
        boolean actual = manager.unsubscribe(id, thread);
        step("unsubscribe(" + id + ", " + thread + ")");
        assertThat(actual).as("unsubscribe(%s, %s) of a connection that is %s, subscribed to %s",
                id, thread, state(target), target == null ? "-" : target.threads)
                .isEqualTo(expected);
        if (expected) {
            target.threads.remove(thread);
            target.expectedFrames.add("unsubscribed " + thread);
        }
    }

    void associateRun(RunId run, UserId user, ThreadId thread) {
        Route wanted = new Route(user, thread);
        Route existing = runs.putIfAbsent(run, wanted);
        boolean expected = existing == null || existing.equals(wanted);
        boolean actual = manager.associateRun(run, user, thread);
        step("associateRun(" + run + ", " + user + ", " + thread + ")");
        assertThat(actual).as("associateRun(%s, %s, %s) with existing association %s", run, user,
                thread, existing).isEqualTo(expected);
    }

    void sendToUser(UserId user) {
        long sid = ++nextSid;
        SendOutcome outcome = manager.sendToUser(user, probe(sid));
        step("sendToUser(" + user + ") #" + sid);
        delivered("sendToUser(" + user + ") #" + sid, outcome, sid, null, null,
                open(c -> c.user.equals(user)), true);
    }

    void sendToThread(UserId user, ThreadId thread) {
        long sid = ++nextSid;
        SendOutcome outcome = manager.sendToThread(user, thread, probe(sid));
        step("sendToThread(" + user + ", " + thread + ") #" + sid);
        delivered("sendToThread(" + user + ", " + thread + ") #" + sid, outcome, sid, thread, null,
                open(c -> c.user.equals(user) && c.threads.contains(thread)), true);
    }

    void sendToRun(RunId run) {
        long sid = ++nextSid;
        SendOutcome outcome = manager.sendToRun(run, probe(sid));
        step("sendToRun(" + run + ") #" + sid);
        Route route = runs.get(run);
        String what = "sendToRun(" + run + " -> " + route + ") #" + sid;
        if (route == null) {
            assertThat(outcome).as(what + " of a run never associated")
                    .isEqualTo(SendOutcome.of(SendStatus.UNKNOWN_RUN));
            return;
        }
        delivered(what, outcome, sid, route.thread(), run,
                open(c -> c.user.equals(route.user()) && c.threads.contains(route.thread())),
                true);
    }

    void emitToRun(RunId run) {
        Route route = runs.get(run);
        if (route == null) {
            // An emitter would associate the run itself; the model keeps associations explicit.
            return;
        }
        long sid = ++nextSid;
        AgentEmitter emitter = emitters.computeIfAbsent(run,
                r -> manager.emitter(route.user(), route.thread(), r));
        SendOutcome outcome = emitter.emit(probe(sid)).join().outcome();
        step("emitToRun(" + run + ") #" + sid);
        delivered("emitToRun(" + run + " -> " + route + ") #" + sid, outcome, sid, route.thread(), run,
                open(c -> c.user.equals(route.user()) && c.threads.contains(route.thread())),
                true);
    }

    void broadcastToRoom(RoomName room) {
        long sid = ++nextSid;
        SendOutcome outcome = manager.broadcastToRoom(room, probe(sid));
        step("broadcastToRoom(" + room + ") #" + sid);
        delivered("broadcastToRoom(" + room + ") #" + sid, outcome, sid, null, null,
                open(c -> c.rooms.contains(room)), false);
    }

    void broadcastToAll() {
        long sid = ++nextSid;
        SendOutcome outcome = manager.broadcastToAll(probe(sid));
        step("broadcastToAll #" + sid);
        delivered("broadcastToAll #" + sid, outcome, sid, null, null, open(c -> true), false);
    }

    void sendToConnection(ConnectionId id) {
        long sid = ++nextSid;
        SendOutcome outcome = manager.sendToConnection(id, probe(sid));
        step("sendToConnection(" + id + ") #" + sid);
        delivered("sendToConnection(" + id + ") #" + sid, outcome, sid, null, null,
                open(c -> c.id.equals(id)), false);
    }

    // ---- invariants -------------------------------------------------------------------------------

    /**
     * Every connection holds exactly the frames the model predicts, in order, and is closed exactly
     * as predicted; the stats agree with the model and respect both limits.
     */
    void checkInvariants() {
        for (Modelled c : connections.values()) {
            List<TextFrame> raw = c.fake.rawFrames();
            for (int i = c.framesChecked; i < raw.size() && i < c.expectedFrames.size(); i++) {
                String actual = describe(FakeConnection.parse(raw.get(i).text()));
                assertThat(actual).as("after steps %s, frame %d of %s (user %s): expected %s",
                        history, i, c.id, c.user, c.expectedFrames)
                        .isEqualTo(c.expectedFrames.get(i));
            }
            if (raw.size() != c.expectedFrames.size()) {
                List<String> actual = new ArrayList<>();
                raw.forEach(f -> actual.add(describe(FakeConnection.parse(f.text()))));
                assertThat(actual).as("after steps %s, frames of %s (user %s, %s)", history,
                        c.id, c.user, state(c)).isEqualTo(c.expectedFrames);
            }
            c.framesChecked = raw.size();
            assertThat(c.fake.closeReason()).as("after step %d, close of %s (user %s)", steps,
                    c.id, c.user).isEqualTo(Optional.ofNullable(c.expectedClose));
            assertThat(c.fake.closeCalls()).as("close calls of %s", c.id)
                    .isEqualTo(c.expectedClose == null ? 0 : 1);
        }
        ManagerStats stats = manager.stats();
        Map<UserId, Integer> perUser = new HashMap<>();
        open(c -> true).forEach(c -> perUser.merge(c.user, 1, Integer::sum));
        Set<RoomName> rooms = new LinkedHashSet<>();
        open(c -> true).forEach(c -> rooms.addAll(c.rooms));
        assertThat(stats.connections()).as("stats().connections() after step %d", steps)
                .isEqualTo(perUser.values().stream().mapToInt(Integer::intValue).sum())
                .isLessThanOrEqualTo(TOTAL);
        assertThat(stats.connectionsPerUser()).as("stats().connectionsPerUser() after step %d",
                steps).isEqualTo(perUser);
        assertThat(stats.connectionsPerUser().values()).as("per-user limit")
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(PER_USER));
        assertThat(stats.users()).as("stats().users()").isEqualTo(perUser.size());
        assertThat(stats.rooms()).as("stats().rooms() after step %d, model rooms %s", steps, rooms)
                .isEqualTo(rooms.size());
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "ModelledManager[" + steps + " steps, open " + openConnections() + ", last steps "
                + history + "]";
    }

    // ---- internals --------------------------------------------------------------------------------

    /**
     * Checks a send's outcome and records its frame for each target. With nobody to reach, a
     * user or thread event is kept in its stream's replay log ({@code STORED}); room, broadcast
     * and single-connection sends are not ({@code NO_TARGET}).
     */
    private void delivered(String what, SendOutcome outcome, long sid, ThreadId thread, RunId run,
            List<Modelled> targets, boolean streamed) {
        SendStatus status = !targets.isEmpty() ? SendStatus.QUEUED
                : streamed ? SendStatus.STORED : SendStatus.NO_TARGET;
        assertThat(outcome.status()).as("status of %s, model targets %s, outcome %s", what,
                ids(targets), outcome).isEqualTo(status);
        assertThat(outcome.queuedLocal()).as("connections %s was queued for, model targets %s",
                what, ids(targets)).isEqualTo(targets.size());
        assertThat(outcome.failedLocal() + outcome.forwardedInstances())
                .as("failed and forwarded targets of %s: %s", what, outcome).isZero();
        String frame = "probe #" + sid + " thread=" + (thread == null ? "-" : thread.value())
                + " run=" + (run == null ? "-" : run.value());
        targets.forEach(c -> c.expectedFrames.add(frame));
        framesDelivered += targets.size();
    }

    private static ApplicationEvent probe(long sid) {
        return ApplicationEvent.of("probe", Map.of("sid", sid));
    }

    private static String describe(JsonNode frame) {
        String type = frame.path("type").asText();
        if ("welcome".equals(type)) {
            return "welcome " + frame.path("connection_id").asText();
        }
        if ("subscribed".equals(type) || "unsubscribed".equals(type)) {
            return type + " " + frame.path("thread_id").asText();
        }
        return type + " #" + frame.path("payload").path("sid").asLong()
                + " thread=" + frame.path("thread_id").asText("-")
                + " run=" + frame.path("run_id").asText("-");
    }

    private void close(Modelled c, CloseReason reason) {
        c.open = false;
        c.expectedClose = reason;
        c.rooms.clear();
        c.threads.clear();
    }

    // Numbers the steps and keeps the last few, for failure messages and toString.
    private void step(String description) {
        steps++;
        history.add(steps + ": " + description);
        if (history.size() > 8) {
            history.remove(0);
        }
    }

    private List<Modelled> open(Predicate<Modelled> filter) {
        List<Modelled> matching = new ArrayList<>();
        connections.values().forEach(c -> {
            if (c.open && filter.test(c)) {
                matching.add(c);
            }
        });
        return matching;
    }

    private List<ConnectionId> select(Predicate<Modelled> filter) {
        List<ConnectionId> ids = new ArrayList<>();
        open(filter).forEach(c -> ids.add(c.id));
        return ids;
    }

    private static List<ConnectionId> ids(List<Modelled> list) {
        List<ConnectionId> ids = new ArrayList<>();
        list.forEach(c -> ids.add(c.id));
        return ids;
    }

    private static String state(Modelled c) {
        if (c == null) {
            return "unknown";
        }
        return c.open ? "open (user " + c.user + ")"
                : "closed with " + (c.expectedClose == null ? "?" : c.expectedClose.code())
                        + " (user " + c.user + ")";
    }
}
