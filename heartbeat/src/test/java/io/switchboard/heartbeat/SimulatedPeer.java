package io.switchboard.heartbeat;

import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A peer behind the connection SPI that answers pings like a client would, through the real
 * manager: at once, late, or never. Used to run thousands of connections without sockets; the
 * transports' kit covers the same cases over real sockets.
 */
final class SimulatedPeer implements Connection {

    /** How the peer answers pings. */
    enum Behaviour {
        ANSWERS,
        SILENT,
        LATE
    }

    private final ConnectionId id = ConnectionId.random();
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final AtomicReference<CloseReason> closed = new AtomicReference<>();
    private final Queue<Long> pingTimes = new ConcurrentLinkedQueue<>();
    private final Behaviour behaviour;
    private final Duration lateBy;
    private final ScheduledExecutorService answers;
    private volatile WebSocketManager manager;
    private volatile long closedAtNanos;

    SimulatedPeer(Behaviour behaviour, Duration lateBy, ScheduledExecutorService answers) {
        this.behaviour = behaviour;
        this.lateBy = lateBy;
        this.answers = answers;
    }

    private volatile long attachedAtNanos;

    void attach(WebSocketManager manager) {
        this.manager = manager;
        this.attachedAtNanos = System.nanoTime();
    }

    /** When the peer was connected: a silent peer's last sign of life. */
    long attachedAtNanos() {
        return attachedAtNanos;
    }

    @Override
    public ConnectionId id() {
        return id;
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.empty();
    }

    @Override
    public boolean isOpen() {
        return closed.get() == null;
    }

    @Override
    public CompletableFuture<Void> send(TextFrame frame) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        pingTimes.add(System.nanoTime());
        ByteBuffer echo = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
        switch (behaviour) {
            case ANSWERS:
                answers.execute(() -> manager.onPong(id, echo));
                break;
            case LATE:
                answers.schedule(() -> manager.onPong(id, echo), lateBy.toNanos(), TimeUnit.NANOSECONDS);
                break;
            default:
                break;
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(CloseReason reason) {
        if (closed.compareAndSet(null, reason)) {
            closedAtNanos = System.nanoTime();
        }
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    Behaviour behaviour() {
        return behaviour;
    }

    Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closed.get());
    }

    long closedAtNanos() {
        return closedAtNanos;
    }

    Queue<Long> pingTimes() {
        return pingTimes;
    }
}
