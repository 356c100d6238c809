package io.switchboard.core.spi;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

/**
 * The shape every transport's {@link Connection} shares, written once: a fixed id, the attribute
 * map, and one close state that remembers which side closed first and why. A transport extends it
 * and writes only what speaks its server's API: whether its socket is open, how to write a text
 * frame and a ping, and how to start the closing handshake.
 *
 * <h2>Close state</h2>
 * The first close wins, whichever side made it: {@link #close(CloseReason)} (the manager, or the
 * transport for something it detected) or {@link #markClosing(CloseReason)} (the peer's close
 * frame, a dropped socket, a failed connection). From then on {@link #isOpen()} is {@code false}
 * for good, sends fail with {@link ClosedChannelException} without reaching the server's API, and
 * {@link #closeReason()} is what the transport reports to {@code WebSocketManager.disconnect}.
 *
 * <h2>Threading</h2>
 * As {@link Connection}: every method may be called from any thread and must not block. The close
 * state is atomic; {@link #startClose} runs once, on the thread of the first {@code close} call.
 */
public abstract class AbstractConnection implements Connection {

    /**
     * How long a connection cut off for abuse ({@link #stopsReading}) stays open after its close
     * frame, unread, before the transport drops TCP.
     */
    protected static final Duration CUT_OFF_GRACE = Duration.ofSeconds(1);

    private static final VarHandle ATTRIBUTES;
    private static final VarHandle CLOSED_WITH;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ATTRIBUTES = lookup.findVarHandle(AbstractConnection.class, "attributes",
                    ConcurrentMap.class);
            CLOSED_WITH = lookup.findVarHandle(AbstractConnection.class, "closedWith",
                    CloseReason.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConnectionId id;
    // Made on first use: most connections never hold an attribute, and an idle connection should
    // cost little more than its socket. Set once (compare-and-set), never replaced.
    private volatile ConcurrentMap<String, Object> attributes;
    // Null while open; set once (compare-and-set) by the first close.
    private volatile CloseReason closedWith;

    /**
     * Creates the connection's shared state.
     *
     * @param id the connection's id, fixed for its life
     */
    protected AbstractConnection(ConnectionId id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    /**
     * Creates the connection's shared state with the attributes the handshake attached (the
     * authentication's, for example roles).
     *
     * @param id the connection's id, fixed for its life
     * @param attributes copied into {@link #attributes()}; an empty map costs nothing
     */
    protected AbstractConnection(ConnectionId id, Map<String, Object> attributes) {
        this(id);
        if (!attributes.isEmpty()) {
            attributes().putAll(attributes);
        }
    }

    @Override
    public final ConnectionId id() {
        return id;
    }

    @Override
    public final ConcurrentMap<String, Object> attributes() {
        ConcurrentMap<String, Object> map = attributes;
        if (map != null) {
            return map;
        }
        ConcurrentMap<String, Object> made = new ConcurrentHashMap<>();
        Object won = ATTRIBUTES.compareAndExchange(this, null, made);
        @SuppressWarnings("unchecked")
        ConcurrentMap<String, Object> existing = (ConcurrentMap<String, Object>) won;
        return existing == null ? made : existing;
    }

    @Override
    public final boolean isOpen() {
        return closedWith == null && isSocketOpen();
    }

    @Override
    public final CompletableFuture<Void> send(TextFrame frame) {
        Objects.requireNonNull(frame, "frame");
        return whileOpen(AbstractConnection::write, frame);
    }

    @Override
    public final CompletableFuture<Void> sendPing(ByteBuffer payload) {
        Objects.requireNonNull(payload, "payload");
        return whileOpen(AbstractConnection::writePing, payload);
    }

    // Unbound method references (no allocation per send): every frame passes here.
    private <T> CompletableFuture<Void> whileOpen(
            BiFunction<AbstractConnection, T, CompletableFuture<Void>> writing, T value) {
        if (!isOpen()) {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        try {
            return writing.apply(this, value);
        } catch (RuntimeException e) {
            // Servers throw when the socket closed between the check and the write.
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public final void close(CloseReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (CLOSED_WITH.compareAndSet(this, null, reason)) {
            startClose(reason);
        }
    }

    /**
     * Records a close that did not start here (the peer's close frame, a dropped socket, a
     * violation the transport fails the connection for), unless a close came first.
     *
     * @param reason why the connection is closing
     * @return {@code true} if this was the first close
     */
    protected final boolean markClosing(CloseReason reason) {
        return CLOSED_WITH.compareAndSet(this, null, Objects.requireNonNull(reason, "reason"));
    }

    /**
     * What to tell the manager once the socket has closed: the first close's reason, or
     * {@link CloseReason#NORMAL} if the socket went away without one.
     *
     * @return the reason
     */
    public final CloseReason closeReason() {
        CloseReason reason = closedWith;
        return reason != null ? reason : CloseReason.NORMAL;
    }

    /**
     * Whether a close for {@code reason} cuts the peer off: the transport sends the close frame,
     * stops reading at once (nothing the peer still sends costs the server anything, and the
     * server's threads, shared with other connections, stay free) and drops TCP after
     * {@link #CUT_OFF_GRACE} rather than waiting for an answer. True for
     * {@link CloseReason#RATE_LIMITED}.
     *
     * @param reason the close's reason
     * @return whether the transport stops reading
     */
    protected static boolean stopsReading(CloseReason reason) {
        return reason.equals(CloseReason.RATE_LIMITED);
    }

    /**
     * Whether the server's socket can still carry frames.
     *
     * @return {@code false} once the server's channel, session or socket is closed
     */
    protected abstract boolean isSocketOpen();

    /**
     * Writes one text frame through the server's API; called only while open.
     *
     * @param frame the shared frame; must not be modified
     * @return completed once the frame is written to the socket
     */
    protected abstract CompletableFuture<Void> write(TextFrame frame);

    /**
     * Writes one ping through the server's API; called only while open.
     *
     * @param payload at most 125 bytes; the caller may reuse it afterwards
     * @return completed once the ping is written
     */
    protected abstract CompletableFuture<Void> writePing(ByteBuffer payload);

    /**
     * Starts the closing handshake with {@code reason} and returns at once; runs once, for the
     * first close. Arms whatever drops the socket if the peer never answers.
     *
     * @param reason the close code and reason to send
     */
    protected abstract void startClose(CloseReason reason);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + "]";
    }
}
