package io.switchboard.benchmarks;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A connection whose writes complete at once and go nowhere, so that a benchmark measures the
 * manager and not a socket. It counts the frames and bytes it was given, so no write can be optimized away.
 * Used by one benchmark thread.
 */
final class SinkConnection implements Connection {

    private final ConnectionId id = ConnectionId.random();
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
    private long bytes;
    private long frames;

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
        return true;
    }

    @Override
    public CompletableFuture<Void> send(TextFrame frame) {
        bytes += frame.sizeInBytes();
        frames++;
        return done;
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        return done;
    }

    @Override
    public void close(CloseReason reason) {
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    /** Counts bytes a baseline produced without going through {@link #send}. */
    void consumed(int count) {
        bytes += count;
    }

    /** The bytes written so far. */
    long bytes() {
        return bytes;
    }

    /** The frames written so far. */
    long frames() {
        return frames;
    }
}
