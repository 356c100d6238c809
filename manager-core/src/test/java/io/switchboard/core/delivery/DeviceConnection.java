package io.switchboard.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.FakeConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One socket of a stress-test client. Unlike {@link FakeConnection}, {@link #send} and
 * {@link #close} exclude each other: once {@code close} has returned, no frame is ever recorded
 * again, as a real client receives nothing after the close frame. The stress test computes a
 * client's resume cursor from what this socket received right after closing it, so a frame that
 * slipped in later would show up as a false duplicate.
 *
 * <p>A socket can stall (a client that stops reading): the write in flight stays pending until
 * {@link #resumeReading()}, and the manager's queue holds the rest. Thread-safe.
 */
final class DeviceConnection implements Connection {

    private final ConnectionId id = ConnectionId.random();
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

    // Guarded by this.
    private final List<JsonNode> frames = new ArrayList<>();
    private boolean closed;
    private CloseReason closeReason;
    private boolean stalled;
    private TextFrame pendingFrame;
    private CompletableFuture<Void> pendingWrite;
    private int recoveryAnswers;
    private int overlappingWrites;

    @Override
    public ConnectionId id() {
        return id;
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.empty();
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public CompletableFuture<Void> send(TextFrame frame) {
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IOException("socket closed"));
            }
            if (pendingWrite != null) {
                overlappingWrites++;
            }
            if (stalled) {
                pendingFrame = frame;
                pendingWrite = new CompletableFuture<>();
                return pendingWrite;
            }
            record(frame);
            return CompletableFuture.completedFuture(null);
        }
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(CloseReason reason) {
        CompletableFuture<Void> abandoned;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeReason = reason;
            abandoned = pendingWrite;
            pendingWrite = null;
            pendingFrame = null;
        }
        if (abandoned != null) {
            abandoned.completeExceptionally(new IOException("socket closed"));
        }
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    /** Stops reading: the next write stays pending. */
    synchronized void stall() {
        stalled = true;
    }

    /** Reads again: the pending write completes, and the manager drains its queue into us. */
    void resumeReading() {
        CompletableFuture<Void> write;
        synchronized (this) {
            stalled = false;
            write = pendingWrite;
            if (write != null) {
                record(pendingFrame);
                pendingWrite = null;
                pendingFrame = null;
            }
        }
        if (write != null) {
            write.complete(null);
        }
    }

    /** Frames received so far, parsed, in order. */
    synchronized List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    synchronized int frameCount() {
        return frames.size();
    }

    /** How many {@code recovered} or {@code recovery_failed} frames arrived. */
    synchronized int recoveryAnswers() {
        return recoveryAnswers;
    }

    synchronized Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    /** Writes started while another was still pending: the manager promises never to. */
    synchronized int overlappingWrites() {
        return overlappingWrites;
    }

    private void record(TextFrame frame) {
        JsonNode parsed = FakeConnection.parse(frame.text());
        frames.add(parsed);
        String type = parsed.path("type").asText();
        if ("recovered".equals(type) || "recovery_failed".equals(type)) {
            recoveryAnswers++;
        }
    }

    @Override
    public String toString() {
        return "DeviceConnection[" + id + "]";
    }
}
