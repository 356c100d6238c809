package io.switchboard.core.internal;

import io.switchboard.core.Admission;
import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.ManagerStats;
import io.switchboard.core.ManagerStats.Refusal;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.SendStatus;
import io.switchboard.core.Ticker;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.cluster.ClusterListener;
import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.cluster.ClusterStats;
import io.switchboard.core.cluster.Forwarded;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.RetryPolicy;
import io.switchboard.core.event.AgentCompleted;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.ApprovalRequested;
import io.switchboard.core.event.MessageDelta;
import io.switchboard.core.event.ToolCallDelta;
import io.switchboard.core.handshake.Subprotocols;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.internal.wire.Envelope;
import io.switchboard.core.internal.wire.ErrorCodes;
import io.switchboard.core.internal.wire.EventEncodingException;
import io.switchboard.core.internal.wire.StreamPosition;
import io.switchboard.core.internal.wire.WireCodec;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.EventTracing;
import io.switchboard.core.spi.TextFrame;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of {@link WebSocketManager}. Not public API: obtain it through
 * {@link WebSocketManager#builder()}.
 *
 * <p>State lives in three registries (connections, rooms, runs); each keeps its own invariants
 * (see their docs), and this class composes them: it encodes each event once, queues the frame on
 * every local target, forwards it to the cluster, and reports what it did.
 */
public final class DefaultWebSocketManager implements WebSocketManager {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultWebSocketManager.class);
    // A safety bound only: control states leave their index once no emitter or association holds
    // them.
    private static final int MAX_CONTROLLED_RUNS = 100_000;

    private final ManagerConfig config;
    private final ClusterPort cluster;
    private final Ticker ticker;
    private final Clock clock;
    private final WireCodec codec = new WireCodec();
    private final StatsRecorder stats = new StatsRecorder();
    private final ConnectionRegistry connections;
    private final RoomRegistry rooms = new RoomRegistry();
    private final Router router;
    private final RunRegistry runs;
    private final RunControls controls;
    private final Observers observers;
    private final InboundDispatcher inbound;
    private final InboundRateLimiter rateLimiter;
    private final OutboundQueue.Shared queues;
    private final ReplayLog replayLog;
    private final StreamDelivery delivery;
    private final RetryPolicy retryPolicy;
    private final Tracing tracing;
    private final ManagerScheduler scheduler = new ManagerScheduler();
    private final Object lifecycleLock = new Object();
    private volatile boolean shuttingDown;
    // Guarded by lifecycleLock.
    private CompletableFuture<Void> shutdown;
    private final List<Session> closingAtShutdown = new ArrayList<>();

    private DefaultWebSocketManager(ManagerParts parts) {
        this.config = parts.config();
        this.cluster = parts.cluster();
        this.ticker = parts.ticker();
        this.clock = parts.clock();
        this.connections =
                new ConnectionRegistry(config.maxConnectionsPerUser(), config.maxConnections());
        this.router = new Router(connections, rooms, stats);
        this.controls = new RunControls(MAX_CONTROLLED_RUNS);
        this.runs = new RunRegistry(config.runAssociationTtl(), config.maxRunAssociations(), ticker,
                controls);
        this.observers = new Observers(parts.observers());
        // A port that brings its own log numbers streams for the whole cluster: it is the log.
        this.replayLog = cluster.replayLog().<ReplayLog>map(log -> log)
                .orElseGet(() -> Objects.requireNonNull(parts.replayLog(), "replayLog"));
        this.retryPolicy = parts.retryPolicy();
        this.tracing = new Tracing(parts.tracing());
        this.delivery = new StreamDelivery(this.replayLog, codec, stats, cluster, clock, router,
                this::closeOverflowing);
        this.inbound = new InboundDispatcher(codec, stats, parts.inboundHandler(),
                config.maxInboundChars(), delivery, this::enqueue,
                new ClientControl(controls, runs,
                        this::sendRunEvent, this::enqueue, codec, clock,
                        parts.runControl()));
        this.rateLimiter = new InboundRateLimiter(config.inboundRateLimit(), ticker);
        this.queues = new OutboundQueue.Shared(config.maxQueuedFrames(), config.maxQueuedBytes(),
                stats, codec, session -> disconnect(session, CloseReason.SEND_FAILED));
        cluster.start(new RemoteTraffic());
        scheduler.every(config.staleSweepInterval(), this::closeStaleConnections);
    }

    /**
     * Builds the manager and tells its observers, once it is fully constructed, that it started.
     *
     * @param parts what the manager is built from (see {@link WebSocketManager#builder()})
     * @return the started manager
     */
    public static DefaultWebSocketManager start(ManagerParts parts) {
        DefaultWebSocketManager manager = new DefaultWebSocketManager(parts);
        manager.observers.managerStarted(manager);
        return manager;
    }

    // ---- connections -----------------------------------------------------------------------

    @Override
    public Admission connect(UserId user, Connection connection, List<StreamCursor> resume) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(resume, "resume");
        if (connections.contains(connection.id())) {
            throw new IllegalArgumentException("connection " + connection.id() + " is already connected");
        }
        if (shuttingDown) {
            return refuse(connection, Refusal.SHUTTING_DOWN, CloseReason.GOING_AWAY);
        }
        StreamId userStream = StreamId.ofUser(user);
        Session session = new Session(user, connection, ticker.read(), this::newQueue);
        // Before the registry: a frame may arrive as soon as the session is registered.
        session.allow(rateLimiter.admit(user));
        Optional<StreamCursor> userCursor =
                resume.stream().filter(cursor -> cursor.stream().equals(userStream)).findFirst();
        // Admitted under the user stream's lock, so its replay precedes any live user event and the
        // welcome's position of the stream is exact. The welcome is queued before the session is
        // registered, so nothing (a broadcast) can come before it.
        ConnectionRegistry.Admitted admitted = delivery.admitResuming(userStream,
                position -> session.outbound().offer(
                        codec.welcome(connection.id(), userStream, position, clock.instant()), null),
                () -> connections.admit(session), result -> result.accepted() ? session : null,
                userCursor);
        if (!admitted.accepted()) {
            rateLimiter.release(user);
            session.outbound().abandon();
            return refuse(connection, Refusal.TOTAL_LIMIT, CloseReason.TRY_AGAIN_LATER);
        }
        if (admitted.evicted() != null) {
            stats.eviction();
            detach(admitted.evicted(), CloseReason.EVICTED);
        }
        session.announce(() -> {
            observers.connected(user, connection);
            cluster.connectionOpened(user, connection.id());
        });
        for (StreamCursor cursor : resume) {
            if (!cursor.stream().equals(userStream)) {
                delivery.resume(session, cursor);
            }
        }
        session.outbound().start();
        LOG.debug("connection {} of user {} admitted", connection.id(), user);
        // A shutdown that began meanwhile may have missed this session: close it here instead.
        if (shuttingDown) {
            disconnect(session, CloseReason.GOING_AWAY);
        }
        return new Admission.Accepted(
                Optional.ofNullable(admitted.evicted()).map(Session::id));
    }

    @Override
    public boolean disconnect(ConnectionId connection, CloseReason reason) {
        Objects.requireNonNull(reason, "reason");
        Session session = connections.get(Objects.requireNonNull(connection, "connection"));
        return session != null && disconnect(session, reason);
    }

    @Override
    public int disconnectUser(UserId user, CloseReason reason) {
        Objects.requireNonNull(reason, "reason");
        int closed = 0;
        for (Session session : connections.ofUser(Objects.requireNonNull(user, "user"))) {
            if (disconnect(session, reason)) {
                closed++;
            }
        }
        return closed;
    }

    @Override
    public void onText(ConnectionId connection, String text) {
        Session session = connections.get(connection);
        if (session == null || text == null) {
            return;
        }
        session.seen(ticker.read());
        if (withinRate(session, Utf8.length(text))) {
            inbound.dispatch(session, text);
        }
    }

    @Override
    public void onBinary(ConnectionId connection) {
        Session session = connections.get(connection);
        if (session != null) {
            session.seen(ticker.read());
            if (withinRate(session, 0)) {
                inbound.refuseBinary(session);
            }
        }
    }

    @Override
    public void onPong(ConnectionId connection, ByteBuffer payload) {
        Session session = connections.get(connection);
        if (session != null) {
            session.seen(ticker.read());
            if (withinRate(session, 0)) {
                observers.pong(session.connection(),
                        payload == null ? ByteBuffer.allocate(0) : payload);
            }
        }
    }

    @Override
    public void onActivity(ConnectionId connection) {
        Session session = connections.get(connection);
        if (session != null) {
            session.seen(ticker.read());
            withinRate(session, 0);
        }
    }

    // Every client frame passes here first; beyond the limit it is dropped, warned of once per
    // excess streak, and a client that keeps going is closed with 1008.
    private boolean withinRate(Session session, long size) {
        InboundRateLimiter.Allowance allowance = session.allowance();
        if (allowance == null) {
            return true;
        }
        switch (allowance.check(size)) {
            case ACCEPT:
                return true;
            case WARN:
                stats.rateLimited();
                stats.inboundError(ErrorCodes.RATE_LIMITED);
                enqueue(session, codec.error(ErrorCodes.RATE_LIMITED,
                        "inbound rate limit exceeded; frames are dropped until you slow down"));
                return false;
            case DROP:
                stats.rateLimited();
                return false;
            default:
                stats.rateLimited();
                if (connections.remove(session)) {
                    // Counted before the close is visible, so a snapshot never shows one without the other.
                    stats.rateLimitClose();
                    LOG.debug("connection {} of user {} over the inbound rate limit", session.id(),
                            session.user());
                    detach(session, CloseReason.RATE_LIMITED);
                }
                return false;
        }
    }

    @Override
    public Optional<Duration> idleTime(ConnectionId connection) {
        Session session = connections.get(Objects.requireNonNull(connection, "connection"));
        return session == null ? Optional.empty()
                : Optional.of(Duration.ofNanos(Math.max(0, ticker.read() - session.lastSeenNanos())));
    }

    // ---- addressing and routing --------------------------------------------------------------

    @Override
    public SendOutcome sendToConnection(ConnectionId connection, AgentEvent event) {
        Target target = new Target.Connection(Objects.requireNonNull(connection, "connection"));
        Collection<Session> local = router.targets(target);
        // Forwarded only when the connection is not here: another instance may hold it.
        return tracing.traced(event, target, null,
                emission -> send(target, local, event, null, null, local.isEmpty(), emission));
    }

    @Override
    public SendOutcome sendToUser(UserId user, AgentEvent event) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(event, "event");
        if (event instanceof MessageDelta || event instanceof ToolCallDelta) {
            throw new IllegalArgumentException("a " + event.type() + " belongs to a run's thread "
                    + "stream (sendToThread, sendToRun, an emitter), not to the user stream");
        }
        if (shuttingDown) {
            return counted(SendStatus.SHUT_DOWN);
        }
        StreamAddress address = StreamAddress.ofUser(user);
        return tracing.traced(event, address.target(), null, emission -> delivery.send(
                address, event, null, EventKey.random(), emission));
    }

    @Override
    public SendOutcome sendToThread(UserId user, ThreadId thread, AgentEvent event) {
        return sendRunEvent(user, thread, null, event);
    }

    @Override
    public boolean associateRun(RunId run, UserId user, ThreadId thread) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(thread, "thread");
        boolean associated = runs.associate(run, user, thread) != null;
        if (!associated) {
            LOG.warn("run {} is associated with another user or thread; association refused", run);
        }
        return associated;
    }

    @Override
    public SendOutcome sendToRun(RunId run, AgentEvent event) {
        Objects.requireNonNull(event, "event");
        RunRegistry.RunRoute route = runs.route(Objects.requireNonNull(run, "run"));
        if (route == null) {
            return counted(shuttingDown ? SendStatus.SHUT_DOWN : SendStatus.UNKNOWN_RUN);
        }
        return sendRunEvent(route.user(), route.thread(), run, event);
    }

    @Override
    public AgentEmitter emitter(UserId user, ThreadId thread, RunId run) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(thread, "thread");
        RunRegistry.RunRoute route = runs.associate(run, user, thread);
        if (route == null) {
            throw new IllegalStateException(
                    "run " + run + " is already associated with another user or thread");
        }
        RunRegistry.KeepAlive association = runs.keepAlive(run, user, thread);
        StreamAddress address = StreamAddress.ofRun(user, thread, run, codec);
        return new DefaultAgentEmitter(user, thread, run, (event, key, emission) -> {
            association.touch();
            return sendRunEvent(address, run, event, key, emission);
        }, retryPolicy, scheduler, route.control(), config.deltaFlushInterval(), ticker,
                tracing.tracing());
    }

    @Override
    public boolean subscribe(ConnectionId connection, ThreadId thread) {
        Objects.requireNonNull(thread, "thread");
        Session session = connections.get(Objects.requireNonNull(connection, "connection"));
        if (session == null || session.isRemoved() || session.subscribed(thread)) {
            return false;
        }
        delivery.subscribe(session, thread, Optional.empty());
        return true;
    }

    @Override
    public boolean unsubscribe(ConnectionId connection, ThreadId thread) {
        Objects.requireNonNull(thread, "thread");
        Session session = connections.get(Objects.requireNonNull(connection, "connection"));
        if (session == null || !session.subscribed(thread)) {
            return false;
        }
        delivery.unsubscribe(session, thread);
        return true;
    }

    @Override
    public boolean joinRoom(ConnectionId connection, RoomName room) {
        Objects.requireNonNull(room, "room");
        Session session = connections.get(Objects.requireNonNull(connection, "connection"));
        if (session == null || !rooms.join(session, room)) {
            return false;
        }
        cluster.roomJoined(room, connection);
        return true;
    }

    @Override
    public boolean leaveRoom(ConnectionId connection, RoomName room) {
        Objects.requireNonNull(room, "room");
        Session session = connections.get(Objects.requireNonNull(connection, "connection"));
        if (session == null || !rooms.leave(session, room)) {
            return false;
        }
        cluster.roomLeft(room, connection);
        return true;
    }

    @Override
    public SendOutcome broadcastToRoom(RoomName room, AgentEvent event) {
        Objects.requireNonNull(room, "room");
        Target target = new Target.Room(room);
        return tracing.traced(event, target, null, emission -> send(target,
                router.targets(target), event, null, null, true, emission));
    }

    @Override
    public SendOutcome broadcastToAll(AgentEvent event) {
        Target target = new Target.All();
        return tracing.traced(event, target, null, emission -> send(target,
                router.targets(target), event, null, null, true, emission));
    }

    // ---- monitoring and lifecycle --------------------------------------------------------------

    @Override
    public ManagerStats stats() {
        Map<UserId, Integer> perUser = connections.perUser();
        // First, so the counters read below hold everything the queues counted so far.
        QueueDepths depths = new QueueDepths();
        for (Session session : connections.all()) {
            session.outbound().harvest(depths);
        }
        return ManagerStats.builder()
                .takenAt(clock.instant())
                .connections(connections.size())
                .users(perUser.size())
                .connectionsPerUser(perUser)
                .rooms(rooms.size())
                .sends(stats.sends())
                .framesQueued(stats.framesQueued())
                .framesWritten(stats.framesWritten())
                .deltasMerged(stats.deltasMerged())
                .framesFailed(stats.framesFailed())
                .queuedFrames(depths.frames())
                .queuedBytes(depths.bytes())
                .evictions(stats.evictions())
                .refusals(stats.refusals())
                .staleClosed(stats.staleClosed())
                .inboundMessages(stats.inboundMessages())
                .inboundErrors(stats.inboundErrors())
                .runAssociations(runs.size())
                .drops(stats.drops())
                .resumes(stats.resumes())
                .replayedEvents(stats.replayedEvents())
                .recoveryFailures(stats.recoveryFailures())
                .acks(stats.acks())
                .ackLatencyAvgMillis(stats.ackLatencyAvgMillis())
                .ackLatencyMaxMillis(stats.ackLatencyMaxMillis())
                .liveness(observers.liveness())
                .cluster(clusterStats())
                .rateLimitedFrames(stats.rateLimitedFrames())
                .rateLimitCloses(stats.rateLimitCloses())
                .build();
    }

    private Optional<ClusterStats> clusterStats() {
        try {
            return cluster.globalStats();
        } catch (RuntimeException e) {
            LOG.warn("cluster port failed to report stats", e);
            return Optional.empty();
        }
    }

    @Override
    public int closeStaleConnections() {
        long now = ticker.read();
        long staleAfter = config.staleAfter().toNanos();
        int closed = 0;
        for (Session session : connections.all()) {
            if (now - session.lastSeenNanos() > staleAfter
                    && disconnect(session, CloseReason.STALE)) {
                stats.staleClose();
                closed++;
            }
        }
        return closed;
    }

    @Override
    public CompletableFuture<Void> shutdown(CloseReason reason) {
        Objects.requireNonNull(reason, "reason");
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        synchronized (lifecycleLock) {
            if (shutdown != null) {
                return shutdown;
            }
            shuttingDown = true;
            for (Session session : connections.all()) {
                if (connections.remove(session)) {
                    forget(session, reason);
                    closingAtShutdown.add(session);
                    closing.add(session.outbound().closeWhenFlushed(reason));
                }
            }
            shutdown = CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
        }
        LOG.info("shutting down: closing {} connections with {}", closing.size(), reason.code());
        return shutdown;
    }

    @Override
    public void close() {
        CompletableFuture<Void> flushed = shutdown(CloseReason.GOING_AWAY);
        try {
            flushed.get(config.shutdownGracePeriod().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("queues did not flush within {}; closing the rest now",
                    config.shutdownGracePeriod());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("flushing queues failed; closing the rest now", e.getCause());
        }
        synchronized (lifecycleLock) {
            closingAtShutdown.forEach(session -> session.outbound().closeNow(CloseReason.GOING_AWAY));
            closingAtShutdown.clear();
        }
        scheduler.stop();
        observers.managerClosed();
        cluster.close();
        replayLog.close();
    }

    // ---- internals -------------------------------------------------------------------------------

    private OutboundQueue newQueue(Session session) {
        boolean agUi = session.connection().subprotocol()
                .filter(Subprotocols.AG_UI::equals).isPresent();
        return new OutboundQueue(session, queues, agUi ? codec.agUiRenderer() : null);
    }

    private Admission refuse(Connection connection, Refusal refusal, CloseReason reason) {
        stats.refusal(refusal);
        LOG.debug("connection {} refused: {}", connection.id(), refusal);
        connection.close(reason);
        return new Admission.Refused(reason);
    }

    private boolean disconnect(Session session, CloseReason reason) {
        if (!connections.remove(session)) {
            return false;
        }
        detach(session, reason);
        return true;
    }

    // For a session that has just left the registry: closes it and tells everyone who tracks it.
    private void detach(Session session, CloseReason reason) {
        forget(session, reason);
        session.outbound().closeNow(reason);
        LOG.debug("connection {} of user {} closed: {}", session.id(), session.user(), reason.code());
    }

    private void forget(Session session, CloseReason reason) {
        for (RoomName room : rooms.leaveAll(session)) {
            cluster.roomLeft(room, session.id());
        }
        session.depart(() -> {
            rateLimiter.release(session.user());
            cluster.connectionClosed(session.user(), session.id());
            observers.disconnected(session.user(), session.connection(), reason);
        });
    }

    // Events of a thread, with or without a run, go to the thread's stream.
    private SendOutcome sendRunEvent(UserId user, ThreadId thread, RunId run, AgentEvent event) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(event, "event");
        StreamAddress address = StreamAddress.ofThread(user, thread);
        return tracing.traced(event, address.target(), run,
                emission -> sendRunEvent(address, run, event, EventKey.random(), emission));
    }

    // One attempt to a thread's stream; the key is the same for every attempt of this event.
    private SendOutcome sendRunEvent(StreamAddress address, RunId run, AgentEvent event,
            EventKey key, EventTracing.Emission emission) {
        Objects.requireNonNull(event, "event");
        if (shuttingDown) {
            return counted(SendStatus.SHUT_DOWN);
        }
        RunControlState control = null;
        if (run != null && (event instanceof ApprovalRequested || event instanceof AgentCompleted)) {
            control = runControl(run, address.id().user(), address.id().thread().orElseThrow());
            // Decidable before any tab can see the request.
            if (control != null && event instanceof ApprovalRequested request) {
                controls.requested(control, request.requestId());
            }
        }
        SendOutcome outcome = delivery.send(address, event, run, key, emission);
        if (control != null && event instanceof AgentCompleted
                && (outcome.stored() || outcome.reachedAnyone())) {
            control.end();
        }
        return outcome;
    }

    // The control state of a run of this user and thread, wherever it is still held.
    private RunControlState runControl(RunId run, UserId user, ThreadId thread) {
        RunControlState state = runs.control(run);
        return state != null && state.owns(user, thread) ? state : null;
    }

    // Events outside any stream (one connection, rooms, everyone): not numbered, not replayed.
    private SendOutcome send(Target target, Collection<Session> local, AgentEvent event,
            ThreadId thread, RunId run, boolean forward, EventTracing.Emission emission) {
        Objects.requireNonNull(event, "event");
        if (shuttingDown) {
            return counted(SendStatus.SHUT_DOWN);
        }
        TextFrame frame;
        try {
            frame = Tracing.carrying(codec.encode(
                    new Envelope(event, null, null, null, run, thread, clock.instant())), emission);
        } catch (EventEncodingException e) {
            LOG.warn("event of type {} could not be encoded", event.type(), e);
            return counted(SendStatus.ENCODING_FAILED);
        }
        Router.FanOut fanOut = router.fanOut(local, frame, this::closeOverflowing);
        Forwarded forwarded = forward ? cluster.forward(target, frame) : Forwarded.NONE;
        SendStatus status = fanOut.queued() + forwarded.instances() > 0 ? SendStatus.QUEUED
                : fanOut.failed() + forwarded.failed() > 0 ? SendStatus.FAILED
                : SendStatus.NO_TARGET;
        stats.send(status);
        return new SendOutcome(status, fanOut.queued(), forwarded.instances(), fanOut.failed(),
                forwarded.failed(), false);
    }

    private SendOutcome counted(SendStatus status) {
        stats.send(status);
        return SendOutcome.of(status);
    }

    // Queues one frame (a reply, an error) for one session.
    private boolean enqueue(Session session, TextFrame frame) {
        AfterUnlock after = new AfterUnlock();
        boolean accepted = Router.accepted(router.queue(session, frame, null, after));
        after.run(this::closeOverflowing);
        return accepted;
    }

    // A connection whose queue overflowed is closed with a resumable cursor's code.
    private void closeOverflowing(Session session) {
        disconnect(session, CloseReason.OUTBOUND_OVERFLOW);
    }

    /** Traffic from other instances of the cluster. */
    private final class RemoteTraffic implements ClusterListener {

        @Override
        public int deliverLocally(Target target, TextFrame frame) {
            Optional<StreamPosition> position = target instanceof Target.User
                    || target instanceof Target.Thread ? codec.streamPosition(frame) : Optional.empty();
            if (!ownsItsStream(target, position)) {
                return 0;
            }
            EventTracing.Delivery traced = tracing.tracing().delivering(frame.context(), target);
            if (position.isPresent()) {
                int queued = 0;
                try {
                    queued = delivery.deliverRemote(position.get(), frame,
                            () -> router.targets(target));
                } finally {
                    traced.ended(queued);
                }
                return queued;
            }
            int queued = 0;
            try {
                queued = router.fanOut(router.targets(target), frame,
                        DefaultWebSocketManager.this::closeOverflowing).queued();
            } finally {
                traced.ended(queued);
            }
            return queued;
        }

        // Isolation does not rest on the cluster's routing: a numbered frame addressed to a user or
        // a thread must belong to that user's own stream.
        private boolean ownsItsStream(Target target, Optional<StreamPosition> position) {
            UserId addressee = target instanceof Target.User user ? user.user()
                    : target instanceof Target.Thread thread ? thread.user() : null;
            if (addressee == null) {
                return true;
            }
            if (position.isPresent() && !position.get().stream().user().equals(addressee)) {
                LOG.warn("refused a remote frame of stream {} addressed to user {}",
                        position.get().stream(), addressee);
                return false;
            }
            return true;
        }

        @Override
        public boolean closeLocally(ConnectionId connection, CloseReason reason) {
            return disconnect(connection, reason);
        }

        @Override
        public void verifyStreams() {
            delivery.verify(connections.all());
        }
    }
}
