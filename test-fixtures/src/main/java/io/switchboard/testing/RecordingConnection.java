package io.switchboard.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The connection SPI as a client at the other end of a socket would see it: every frame the
 * manager writes is recorded in order, as the client would have read it; pings are answered with
 * a pong through the manager, as a browser does; closes are recorded. For tests of modules that
 * sit on core (metrics, tracing, bridges), where a transport would add nothing but a socket.
 *
 * <p>Thread-safe. It implements the connection SPI only; it is never a manager.
 */
public final class RecordingConnection implements Connection {

    private static final ObjectReader JSON = new ObjectMapper().reader();

    private final ConnectionId id = ConnectionId.random();
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final AtomicReference<CloseReason> closed = new AtomicReference<>();
    private final WebSocketManager manager;

    /**
     * A connection that answers pings through {@code manager}.
     *
     * @param manager the manager the connection is admitted to
     */
    public RecordingConnection(WebSocketManager manager) {
        this.manager = manager;
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
        frames.add(frame.text());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        ByteBuffer echo = payload.duplicate();
        CompletableFuture.runAsync(() -> manager.onPong(id, echo));
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

    /**
     * How the connection was closed.
     *
     * @return the reason, or empty while it is open
     */
    public Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closed.get());
    }

    /**
     * Every frame received so far, parsed, in order.
     *
     * @return a snapshot
     */
    public List<JsonNode> frames() {
        return frames.stream().map(RecordingConnection::parse).toList();
    }

    /**
     * The frames of one run received so far, in order.
     *
     * @param runId the run's id
     * @return a snapshot
     */
    public List<JsonNode> framesOfRun(String runId) {
        return frames().stream().filter(frame -> runId.equals(frame.path("run_id").asText()))
                .toList();
    }

    /**
     * Waits until a received frame matches.
     *
     * @param matches the condition
     * @param timeout how long to wait at most
     * @return the first matching frame
     * @throws AssertionError naming the frames' types if none matched in time
     */
    public JsonNode await(Predicate<JsonNode> matches, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<JsonNode> found = frames().stream().filter(matches).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no matching frame within " + timeout + "; received "
                        + frames().stream().map(frame -> frame.path("type").asText()).toList());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * Waits for a frame of {@code type}.
     *
     * @param type the frame type
     * @param timeout how long to wait at most
     * @return the first frame of that type
     */
    public JsonNode awaitType(String type, Duration timeout) {
        return await(frame -> type.equals(frame.path("type").asText()), timeout);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "RecordingConnection[" + id + "]";
    }
}
