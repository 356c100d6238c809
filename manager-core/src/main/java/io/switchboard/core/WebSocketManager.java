package io.switchboard.core;

import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.control.RunControl;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.RetryPolicy;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.MessageDelta;
import io.switchboard.core.event.ToolCallDelta;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.internal.DefaultWebSocketManager;
import io.switchboard.core.internal.ManagerParts;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogLimits;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.ConnectionObserver;
import io.switchboard.core.spi.EventTracing;
import io.switchboard.core.spi.InboundMessageHandler;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one place where an application's WebSocket connections live, and the one road by which
 * agent events reach users. There is exactly one implementation, created by {@link #builder()};
 * transports, heartbeat and clustering are adapters around it, never managers of their own.
 *
 * <h2>Isolation</h2>
 * An event addressed to a user, a user's thread or a run reaches only that user's connections.
 * A connection's user is fixed when it connects, from the transport's authenticated handshake;
 * nothing a client sends can change it.
 *
 * <h2>Threading</h2>
 * Every method is safe to call from any thread at any time, concurrently with every other method,
 * including after {@link #close()} (sends then return {@link SendStatus#SHUT_DOWN}). No method
 * blocks on a connection's I/O: sends encode the event once, queue the same bytes for every
 * target and return; queues drain on the transports' threads. Only {@link #close()} waits, for at
 * most the configured grace period.
 *
 * <h2>Names from the legacy system</h2>
 * {@code connect_user} is {@link #connect}, {@code disconnect_user} is {@link #disconnectUser},
 * {@code send_message} is {@link #sendToConnection}, {@code send_to_user}, {@code send_to_thread},
 * {@code associate_run_id}, {@code join_room}, {@code leave_room}, {@code broadcast_to_room} and
 * {@code broadcast_to_all} keep their meaning in Java naming.
 */
public interface WebSocketManager extends AutoCloseable {

    /**
     * Starts building the manager.
     *
     * @return a builder with the defaults of {@link ManagerConfig#defaults()}, a single-instance
     *     cluster and no inbound handler
     */
    static Builder builder() {
        return new Builder();
    }

    // ---- connections -----------------------------------------------------------------------

    /**
     * Admits a connection for {@code user}, whom the transport authenticated during the handshake.
     *
     * <p>If the user already holds {@code maxConnectionsPerUser} connections, the oldest of them is
     * closed with {@link CloseReason#EVICTED} and the new one takes its place. Otherwise, if the
     * manager holds {@code maxConnections} in all, the new connection is refused and closed with
     * {@link CloseReason#TRY_AGAIN_LATER} (1013); no other user's connection is ever evicted to
     * make room. An admitted connection first receives a {@code welcome} frame, which says where
     * the user stream stood at admission: every later event of it reaches the connection live, so
     * a client without a cursor for it can start there without losing anything.
     *
     * @param user the authenticated user
     * @param connection the transport's connection, not yet admitted
     * @return what happened; a refused connection has already been closed
     * @throws IllegalArgumentException if a connection with the same id is already admitted
     */
    default Admission connect(UserId user, Connection connection) {
        return connect(user, connection, List.of());
    }

    /**
     * Admits a connection, as {@link #connect(UserId, Connection)}, and resumes streams from the
     * client's cursors before any live event reaches it: the replayed events (or a
     * {@code recovery_failed} frame per stream) follow the welcome frame, then live events follow
     * with no gap and no duplicate. Thread streams named by a cursor are subscribed. Transports
     * pass the cursors a client sent with its handshake; clients may also resume with a
     * {@code hello} or {@code resume} frame later.
     *
     * @param user the authenticated user
     * @param connection the transport's connection, not yet admitted
     * @param resume the client's cursors, at most one per stream; cursors of streams that are not
     *     the user's are refused without revealing anything
     * @return what happened; a refused connection has already been closed
     * @throws IllegalArgumentException if a connection with the same id is already admitted
     */
    Admission connect(UserId user, Connection connection, List<StreamCursor> resume);

    /**
     * Removes a connection and closes it with {@code reason} (a no-op close if the socket is
     * already closed). Transports call this when a socket closes, whichever side closed it.
     *
     * @param connection the connection
     * @param reason the close code and reason
     * @return {@code true} if the connection was admitted and is now removed
     */
    boolean disconnect(ConnectionId connection, CloseReason reason);

    /**
     * Removes and closes every connection of {@code user} on this instance.
     *
     * @param user the user
     * @param reason the close code and reason
     * @return how many connections were closed
     */
    int disconnectUser(UserId user, CloseReason reason);

    /**
     * Handles a text frame a client sent. Malformed, oversize or unknown frames are answered with
     * an {@code error} frame and change nothing else; application messages go to the
     * {@link InboundMessageHandler}. Never throws for bad input. Frames of unknown connections
     * are ignored.
     *
     * @param connection the connection that received the frame
     * @param text the frame's text
     */
    void onText(ConnectionId connection, String text);

    /**
     * Handles a binary frame a client sent. Binary frames are not part of the protocol: the client
     * gets an {@code error} frame with code {@code unsupported} and the connection stays open.
     *
     * @param connection the connection that received the frame
     */
    void onBinary(ConnectionId connection);

    /**
     * Records a pong: the connection is alive. Observers see it (the heartbeat measures RTT).
     *
     * @param connection the connection that received the pong
     * @param payload the pong's payload
     */
    void onPong(ConnectionId connection, ByteBuffer payload);

    /**
     * Records other traffic from the client (a ping frame): the connection is alive.
     *
     * @param connection the connection
     */
    void onActivity(ConnectionId connection);

    /**
     * How long a connection has sent nothing: no frame, no ping, no pong. The one notion of "last
     * seen" that the stale sweep and the heartbeat share.
     *
     * @param connection the connection
     * @return the time since its last inbound traffic, or empty if it is not admitted
     */
    Optional<Duration> idleTime(ConnectionId connection);

    // ---- addressing and routing --------------------------------------------------------------

    /**
     * Sends an event to one connection.
     *
     * @param connection the connection
     * @param event the event
     * @return what was done
     */
    SendOutcome sendToConnection(ConnectionId connection, AgentEvent event);

    /**
     * Sends an event to every connection of {@code user}, in the user's own stream.
     *
     * <p>Deltas ({@link MessageDelta}, {@link ToolCallDelta}) are refused here: an answer streams
     * in its run's thread stream ({@link #sendToThread}, {@link #sendToRun}, an emitter). The
     * user stream is live on a connection from its admission, so a late resume of it replays
     * older events after newer live ones; a client can place every frame exactly only when each
     * covers one event, and a delta may be merged with its neighbours.
     *
     * @param user the user
     * @param event the event
     * @return what was done
     * @throws IllegalArgumentException if {@code event} is a message or tool-call delta
     */
    SendOutcome sendToUser(UserId user, AgentEvent event);

    /**
     * Sends an event to the connections of {@code user} subscribed to {@code thread}.
     *
     * @param user the user who owns the thread
     * @param thread the thread
     * @param event the event
     * @return what was done
     */
    SendOutcome sendToThread(UserId user, ThreadId thread, AgentEvent event);

    /**
     * Associates a run with the user and thread it belongs to, so that {@link #sendToRun} can
     * address it. The association lives {@code runAssociationTtl} after its last use. A run belongs
     * to one user and thread for good: associating it again with the same pair refreshes it, with
     * another pair is refused.
     *
     * @param run the run
     * @param user its user
     * @param thread its thread
     * @return {@code false} if the run is already associated with another user or thread
     */
    boolean associateRun(RunId run, UserId user, ThreadId thread);

    /**
     * Sends an event of a run to the connections of the run's user subscribed to the run's thread.
     *
     * @param run the run, associated through {@link #associateRun}
     * @param event the event
     * @return what was done; {@link SendStatus#UNKNOWN_RUN} if the run has no association
     */
    SendOutcome sendToRun(RunId run, AgentEvent event);

    /**
     * An emitter for one run: associates the run with its user and thread and returns an object
     * with one method per event, which keeps the run's order and retries transient failures with
     * the manager's retry policy. Its events keep the association alive: the emitter refreshes it
     * at most once a second (a tenth of {@link ManagerConfig#runAssociationTtl()} if that is
     * shorter), never per event, so the association expires between that interval less than the
     * TTL and the TTL after the emitter's last event.
     *
     * @param user the run's user
     * @param thread the run's thread
     * @param run the run
     * @return the emitter
     * @throws IllegalStateException if the run is already associated with another user or thread
     */
    AgentEmitter emitter(UserId user, ThreadId thread, RunId run);

    /**
     * Subscribes a connection to one of its user's threads, as a client's {@code subscribe} frame
     * does; the client receives a {@code subscribed} frame.
     *
     * @param connection the connection
     * @param thread a thread of the connection's user
     * @return {@code true} if the connection is admitted and was not yet subscribed
     */
    boolean subscribe(ConnectionId connection, ThreadId thread);

    /**
     * Ends a subscription.
     *
     * @param connection the connection
     * @param thread the thread
     * @return {@code true} if the connection was subscribed
     */
    boolean unsubscribe(ConnectionId connection, ThreadId thread);

    /**
     * Adds a connection to a room. A removed connection leaves all its rooms.
     *
     * @param connection the connection
     * @param room the room
     * @return {@code true} if the connection is admitted and was not yet a member
     */
    boolean joinRoom(ConnectionId connection, RoomName room);

    /**
     * Removes a connection from a room.
     *
     * @param connection the connection
     * @param room the room
     * @return {@code true} if the connection was a member
     */
    boolean leaveRoom(ConnectionId connection, RoomName room);

    /**
     * Sends an event to every member of a room.
     *
     * @param room the room
     * @param event the event
     * @return what was done
     */
    SendOutcome broadcastToRoom(RoomName room, AgentEvent event);

    /**
     * Sends an event to every connection.
     *
     * @param event the event
     * @return what was done
     */
    SendOutcome broadcastToAll(AgentEvent event);

    // ---- monitoring and lifecycle --------------------------------------------------------------

    /**
     * Takes a snapshot of connections, rooms and counters.
     *
     * @return the snapshot
     */
    ManagerStats stats();

    /**
     * Closes, with {@link CloseReason#STALE}, every connection that sent nothing for longer than
     * {@code staleAfter}. The manager's own sweeper calls this every {@code staleSweepInterval}.
     *
     * @return how many connections were closed
     */
    int closeStaleConnections();

    /**
     * Starts a graceful shutdown: new connections are refused, sends return
     * {@link SendStatus#SHUT_DOWN}, each connection's queue is flushed and the connection closed
     * with {@code reason}. Idempotent: later calls return the first call's future.
     *
     * @param reason {@link CloseReason#GOING_AWAY} (1001), or {@link CloseReason#SERVICE_RESTART}
     *     (1012) when clients should reconnect to another instance
     * @return a future completed once every connection is closed and every thread the manager
     *     started has stopped
     */
    CompletableFuture<Void> shutdown(CloseReason reason);

    /**
     * Shuts down with {@link CloseReason#GOING_AWAY} and waits up to {@code shutdownGracePeriod}
     * for queues to flush; then closes whatever is still open, stops the manager's thread, and
     * closes the replay log and the cluster port.
     */
    @Override
    void close();

    /**
     * Builds the manager. Not thread-safe; use from one thread. The manager it builds is.
     */
    final class Builder {
        private ManagerConfig config = ManagerConfig.defaults();
        private ClusterPort cluster;
        private ReplayLog replayLog;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private InboundMessageHandler inboundHandler;
        private RunControl runControl;
        private final List<ConnectionObserver> observers = new ArrayList<>();
        private EventTracing tracing;
        private Ticker ticker = Ticker.system();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Limits and timings. Default {@link ManagerConfig#defaults()}.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(ManagerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * The cluster the manager is part of. Default {@link ClusterPort#localOnly()}. The manager
         * starts the port when it is built and closes it on {@code close()}.
         *
         * @param cluster the cluster port
         * @return this builder
         */
        public Builder cluster(ClusterPort cluster) {
            this.cluster = Objects.requireNonNull(cluster, "cluster");
            return this;
        }

        /**
         * Where streams are kept for replay. Default an in-memory log with
         * {@link ReplayLogLimits#defaults()} on the builder's ticker
         * and clock; with a cluster port that brings its own log ({@link ClusterPort#replayLog()})
         * that log, and setting another one fails the build. The manager closes the log on
         * {@code close()}.
         *
         * @param log the replay log
         * @return this builder
         */
        public Builder replayLog(ReplayLog log) {
            this.replayLog = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * How emitters retry transient failures. Default {@link RetryPolicy#defaults()}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Receives clients' {@code message} frames. Default none: such frames get an
         * {@code error} frame with code {@code unsupported}.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder inboundHandler(InboundMessageHandler handler) {
            this.inboundHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Receives users' authorized {@code cancel} requests and approval decisions. Default
         * none: they still reach the runs' emitters ({@code cancellation()},
         * {@code decision(..)}) and every tab.
         *
         * @param control the handler
         * @return this builder
         */
        public Builder runControl(RunControl control) {
            this.runControl = Objects.requireNonNull(control, "control");
            return this;
        }

        /**
         * Adds a lifecycle observer (heartbeat, metrics). Observers are called in the order added.
         *
         * @param observer the observer
         * @return this builder
         */
        public Builder addObserver(ConnectionObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * Follows events across instances: the emitting code's context travels with each event's
         * frame to the instance that delivers it (the OpenTelemetry module's tracing carries a W3C
         * trace context, with optional emit and deliver spans). Default
         * {@link EventTracing#none()}.
         *
         * @param tracing the tracing
         * @return this builder
         */
        public Builder tracing(EventTracing tracing) {
            this.tracing = Objects.requireNonNull(tracing, "tracing");
            return this;
        }

        /**
         * The monotonic time source for ages and timeouts. Default {@link Ticker#system()}.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * The wall clock for the envelope's {@code ts}. Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds and starts the manager (its stale sweep, and the cluster port).
         *
         * @return the manager
         * @throws IllegalStateException if a replay log was set and the cluster port brings its own
         */
        public WebSocketManager build() {
            if (cluster != null && replayLog != null && cluster.replayLog().isPresent()) {
                throw new IllegalStateException("the cluster port " + cluster + " brings its own "
                        + "replay log, which numbers streams for the whole cluster; do not set "
                        + "replayLog as well");
            }
            ClusterPort port = cluster == null ? ClusterPort.localOnly() : cluster;
            return DefaultWebSocketManager.start(new ManagerParts()
                    .config(config)
                    .cluster(port)
                    // A port that brings its own log numbers streams for the whole cluster: it is
                    // the log, and no in-memory one is made beside it.
                    .replayLog(replayLog != null || port.replayLog().isPresent() ? replayLog
                            : ReplayLog.inMemory(ReplayLogLimits.defaults(), ticker, clock))
                    .retryPolicy(retryPolicy)
                    .inboundHandler(inboundHandler)
                    .runControl(runControl)
                    .observers(observers)
                    .tracing(tracing == null ? EventTracing.none() : tracing)
                    .ticker(ticker)
                    .clock(clock));
        }
    }
}
