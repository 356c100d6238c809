package io.switchboard.scaling.redis.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection for tests of the cluster port: writes complete at once and every frame is
 * recorded; closes are recorded. It implements the transport SPI only; it is never a manager.
 */
public final class TestConnection implements Connection {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionId id;
    private final List<TextFrame> frames = new CopyOnWriteArrayList<>();
    private final AtomicReference<CloseReason> closed = new AtomicReference<>();
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

    public TestConnection(String id) {
        this.id = ConnectionId.of(id);
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
        if (!isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException("closed"));
        }
        frames.add(frame);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(CloseReason reason) {
        closed.compareAndSet(null, reason);
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    /** The close reason, once closed. */
    public Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closed.get());
    }

    /** Every frame so far, parsed. */
    public List<JsonNode> frames() {
        List<JsonNode> parsed = new ArrayList<>();
        for (TextFrame frame : frames) {
            try {
                parsed.add(JSON.readTree(frame.text()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parsed;
    }

    /** The frames of one type. */
    public List<JsonNode> frames(String type) {
        return frames().stream().filter(frame -> type.equals(frame.path("type").asText())).toList();
    }

    @Override
    public String toString() {
        return "TestConnection[" + id + "]";
    }
}
