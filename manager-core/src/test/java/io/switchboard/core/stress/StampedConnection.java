package io.switchboard.core.stress;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.FakeConnection;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link FakeConnection} with a clock on its close. The fake records frames and the close in two
 * separate structures, so on its own it cannot say whether the manager tried to write after it
 * closed the connection; this wrapper orders writes and the close under one monitor and remembers
 * every write attempted after the close (which the fake rejects, as a real socket would).
 *
 * <p>The stress test needs the close's {@link System#nanoTime()} to bound a connection's life:
 * a frame of a send that began after the close would be a frame routed to a dead connection.
 */
final class StampedConnection implements Connection {

    private final FakeConnection fake;
    // Guarded by this.
    private long closedAtNanos;
    private CloseReason closeReason;
    private int closeCalls;
    private final List<TextFrame> writesAfterClose = new ArrayList<>();

    StampedConnection(ConnectionId id) {
        this.fake = new FakeConnection(id);
    }

    /** The recording fake behind this connection (frames, parsed). */
    FakeConnection fake() {
        return fake;
    }

    @Override
    public ConnectionId id() {
        return fake.id();
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        return fake.remoteAddress();
    }

    @Override
    public synchronized boolean isOpen() {
        return closeReason == null;
    }

    @Override
    public synchronized CompletableFuture<Void> send(TextFrame frame) {
        if (closeReason != null) {
            writesAfterClose.add(frame);
            return CompletableFuture.failedFuture(new IllegalStateException("closed"));
        }
        return fake.send(frame);
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        return fake.sendPing(payload);
    }

    @Override
    public synchronized void close(CloseReason reason) {
        closeCalls++;
        if (closeReason == null) {
            closeReason = reason;
            closedAtNanos = System.nanoTime();
        }
        fake.close(reason);
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return fake.attributes();
    }

    /** When the first close happened, or {@link Long#MAX_VALUE} while open. */
    synchronized long closedAtNanos() {
        return closeReason == null ? Long.MAX_VALUE : closedAtNanos;
    }

    synchronized Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    synchronized int closeCalls() {
        return closeCalls;
    }

    /** Frames the manager tried to write after it had closed this connection. */
    synchronized List<TextFrame> writesAfterClose() {
        return List.copyOf(writesAfterClose);
    }

    @Override
    public String toString() {
        return "StampedConnection[" + id() + "]";
    }
}
