package io.switchboard.core.testing;

import static org.assertj.core.api.Assertions.fail;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection for unit tests of core: records every frame and close, and lets a test decide how
 * writes complete (at once, never until released, or failing). Thread-safe. It implements the
 * transport SPI only; it is never a manager.
 */
public final class FakeConnection implements Connection {

    /** How {@link #send} completes. */
    public enum WriteMode {
        /** Every write completes at once, inline. */
        IMMEDIATE,
        /** Writes stay pending until {@link #releaseWrites()} (a client that stops reading). */
        HELD,
        /** Every write fails. */
        FAILING
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionId id;
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final List<TextFrame> frames = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> heldWrites =
            new ConcurrentLinkedQueue<>();
    private final List<TextFrame> heldFrames = new CopyOnWriteArrayList<>();
    private final AtomicReference<CloseReason> closeReason = new AtomicReference<>();
    private final AtomicInteger closeCalls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile WriteMode mode = WriteMode.IMMEDIATE;

    /**
     * A connection with a random id.
     */
    public FakeConnection() {
        this(ConnectionId.random());
    }

    /**
     * A connection with the given id.
     *
     * @param id the id
     */
    public FakeConnection(ConnectionId id) {
        this.id = id;
    }

    /**
     * Sets how later writes complete.
     *
     * @param mode the mode
     * @return this connection
     */
    public FakeConnection writeMode(WriteMode mode) {
        this.mode = mode;
        return this;
    }

    @Override
    public ConnectionId id() {
        return id;
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.of(new InetSocketAddress("127.0.0.1", 40000));
    }

    @Override
    public boolean isOpen() {
        return closeReason.get() == null;
    }

    @Override
    public CompletableFuture<Void> send(TextFrame frame) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        if (!isOpen()) {
            inFlight.decrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("closed"));
        }
        switch (mode) {
            case HELD: {
                CompletableFuture<Void> pending = new CompletableFuture<>();
                heldFrames.add(frame);
                heldWrites.add(pending);
                return pending;
            }
            case FAILING:
                inFlight.decrementAndGet();
                return CompletableFuture.failedFuture(new IllegalStateException("write failed"));
            default:
                frames.add(frame);
                inFlight.decrementAndGet();
                return CompletableFuture.completedFuture(null);
        }
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(CloseReason reason) {
        closeCalls.incrementAndGet();
        closeReason.compareAndSet(null, reason);
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    /**
     * Switches to immediate writes and completes every held write, in order.
     */
    public void releaseWrites() {
        mode = WriteMode.IMMEDIATE;
        CompletableFuture<Void> pending;
        int index = 0;
        while ((pending = heldWrites.poll()) != null) {
            frames.add(heldFrames.get(index++));
            inFlight.decrementAndGet();
            pending.complete(null);
        }
        heldFrames.subList(0, index).clear();
    }

    /**
     * The frames written so far, as the raw shared frames.
     *
     * @return a snapshot
     */
    public List<TextFrame> rawFrames() {
        return List.copyOf(frames);
    }

    /**
     * The frames written so far, parsed.
     *
     * @return a snapshot
     */
    public List<JsonNode> frames() {
        List<JsonNode> parsed = new ArrayList<>();
        for (TextFrame frame : frames) {
            parsed.add(parse(frame.text()));
        }
        return parsed;
    }

    /**
     * The types of the frames written so far, in order.
     *
     * @return a snapshot
     */
    public List<String> types() {
        List<String> types = new ArrayList<>();
        frames().forEach(frame -> types.add(frame.path("type").asText()));
        return types;
    }

    /**
     * The frames of one type.
     *
     * @param type the frame type
     * @return a snapshot
     */
    public List<JsonNode> framesOfType(String type) {
        List<JsonNode> matching = new ArrayList<>();
        frames().forEach(frame -> {
            if (type.equals(frame.path("type").asText())) {
                matching.add(frame);
            }
        });
        return matching;
    }

    /**
     * The last frame written, waiting up to {@code timeout} for at least {@code count} frames.
     *
     * @param count how many frames must have arrived
     * @param timeout how long to wait
     * @return the last frame
     */
    public JsonNode awaitFrames(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("expected %d frames on %s within %s but got %d: %s", count, id, timeout,
                        frames.size(), types());
            }
            Thread.onSpinWait();
        }
        return parse(frames.get(count - 1).text());
    }

    /**
     * How the connection was closed.
     *
     * @return the first close reason, or empty while open
     */
    public Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closeReason.get());
    }

    /**
     * How often {@link #close} was called.
     *
     * @return the number of calls
     */
    public int closeCalls() {
        return closeCalls.get();
    }

    /**
     * The most writes ever outstanding at once.
     *
     * @return the maximum
     */
    public int maxWritesInFlight() {
        return maxInFlight.get();
    }

    /**
     * Writes waiting for {@link #releaseWrites()}.
     *
     * @return the number of held writes
     */
    public int heldWrites() {
        return heldWrites.size();
    }

    /**
     * Parses one frame's JSON.
     *
     * @param text the frame
     * @return the tree
     */
    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "FakeConnection[" + id + "]";
    }
}
