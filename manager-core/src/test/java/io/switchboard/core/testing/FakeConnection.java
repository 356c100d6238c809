package io.switchboard.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The one fake of the connection SPI, for every test that needs a socket without a transport.
 * It records what a client at the other end would have read: every frame written, in order, and
 * the close. A test decides how writes complete ({@link WriteMode}: at once, held until released
 * like a client that stopped reading, or failing), what a ping does (nothing, or an answer through
 * the manager, at once or late) and may run a hook inside a write.
 *
 * <h2>One clock</h2>
 * Writes and the close are ordered under this connection's monitor, as on a real socket: once
 * {@link #close} has returned no frame is recorded again, a write attempted after the close is
 * refused and kept in {@link #writesAfterClose()}, and {@link #closedAtNanos()} bounds the
 * connection's life. With {@link Builder#closeAbandonsHeldWrites()}, the close also fails the write
 * a stalled client left pending, as a socket that goes away does; without it, held writes stay
 * pending until {@link #releaseWrites()}.
 *
 * <h2>Threading</h2>
 * Thread-safe. Hooks and ping answers run outside the monitor, so they may call the manager.
 * {@link #maxWritesInFlight()} is counted outside the monitor too, so two sends the manager let
 * overlap are seen even when both complete at once. It implements the connection SPI only; it is
 * never a manager.
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
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ConnectionId id;
    private final Optional<InetSocketAddress> remoteAddress;
    private final boolean closeAbandonsHeldWrites;
    private final BiConsumer<ConnectionId, TextFrame> onSend;
    private final BiConsumer<ConnectionId, ByteBuffer> onPing;
    private final Optional<Executor> writer;
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final List<Long> pingNanos = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    // Guarded by this.
    private final List<TextFrame> frames = new ArrayList<>();
    private final List<JsonNode> parsed = new ArrayList<>();
    private final Map<String, Integer> typeCounts = new HashMap<>();
    private final List<TextFrame> heldFrames = new ArrayList<>();
    private final List<CompletableFuture<Void>> heldWrites = new ArrayList<>();
    private final List<TextFrame> writesAfterClose = new ArrayList<>();
    private WriteMode mode;
    private CloseReason closeReason;
    private long closedAtNanos;
    private int closeCalls;

    /**
     * A connection with a random id whose writes complete at once.
     */
    public FakeConnection() {
        this(builder());
    }

    /**
     * A connection with the given id whose writes complete at once.
     *
     * @param id the id
     */
    public FakeConnection(ConnectionId id) {
        this(builder().id(id));
    }

    private FakeConnection(Builder builder) {
        this.id = builder.id != null ? builder.id : ConnectionId.random();
        this.remoteAddress = Optional.ofNullable(builder.remoteAddress);
        this.closeAbandonsHeldWrites = builder.closeAbandonsHeldWrites;
        this.onSend = builder.onSend;
        this.onPing = builder.onPing;
        this.writer = Optional.ofNullable(builder.writer);
        this.mode = builder.mode;
    }

    /**
     * Starts a connection with options; without any it is {@code new FakeConnection()}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A connection that answers every ping with its pong through {@code manager}, on another
     * thread, as a browser does.
     *
     * @param manager the manager the connection is admitted to
     * @return the connection
     */
    public static FakeConnection answeringPings(WebSocketManager manager) {
        return builder().onPing((id, echo) -> CompletableFuture.runAsync(() -> manager.onPong(id, echo)))
                .build();
    }

    /**
     * Sets how later writes complete.
     *
     * @param mode the mode
     * @return this connection
     */
    public FakeConnection writeMode(WriteMode mode) {
        synchronized (this) {
            this.mode = Objects.requireNonNull(mode, "mode");
        }
        return this;
    }

    @Override
    public ConnectionId id() {
        return id;
    }

    @Override
    public Optional<Executor> writer() {
        return writer;
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        return remoteAddress;
    }

    @Override
    public synchronized boolean isOpen() {
        return closeReason == null;
    }

    @Override
    public CompletableFuture<Void> send(TextFrame frame) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        CompletableFuture<Void> written = write(frame);
        onSend.accept(id, frame);
        return written;
    }

    /** Records or holds one frame; a write that is over at once leaves the in-flight count. */
    private synchronized CompletableFuture<Void> write(TextFrame frame) {
        if (mode != WriteMode.HELD || closeReason != null) {
            inFlight.decrementAndGet();
        }
        if (closeReason != null) {
            writesAfterClose.add(frame);
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        switch (mode) {
            case HELD: {
                CompletableFuture<Void> pending = new CompletableFuture<>();
                heldFrames.add(frame);
                heldWrites.add(pending);
                return pending;
            }
            case FAILING:
                return CompletableFuture.failedFuture(new IOException("write failed"));
            default:
                frames.add(frame);
                return CompletableFuture.completedFuture(null);
        }
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        pingNanos.add(System.nanoTime());
        ByteBuffer echo = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
        onPing.accept(id, echo);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(CloseReason reason) {
        List<CompletableFuture<Void>> abandoned = List.of();
        synchronized (this) {
            closeCalls++;
            if (closeReason != null) {
                return;
            }
            closeReason = reason;
            closedAtNanos = System.nanoTime();
            if (closeAbandonsHeldWrites) {
                abandoned = List.copyOf(heldWrites);
                heldWrites.clear();
                heldFrames.clear();
            }
        }
        for (CompletableFuture<Void> write : abandoned) {
            inFlight.decrementAndGet();
            write.completeExceptionally(new ClosedChannelException());
        }
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    /**
     * Switches to immediate writes and completes every held write, in order: the client reads
     * again.
     */
    public void releaseWrites() {
        List<CompletableFuture<Void>> released;
        synchronized (this) {
            mode = WriteMode.IMMEDIATE;
            frames.addAll(heldFrames);
            heldFrames.clear();
            released = List.copyOf(heldWrites);
            heldWrites.clear();
        }
        for (CompletableFuture<Void> write : released) {
            inFlight.decrementAndGet();
            write.complete(null);
        }
    }

    /**
     * The frames written so far, as the raw shared frames.
     *
     * @return a snapshot
     */
    public synchronized List<TextFrame> rawFrames() {
        return List.copyOf(frames);
    }

    /**
     * How many frames were written so far.
     *
     * @return the count
     */
    public synchronized int frameCount() {
        return frames.size();
    }

    /**
     * The frames written so far, parsed (each frame is parsed once, however often this is asked).
     *
     * @return a snapshot
     */
    public synchronized List<JsonNode> frames() {
        parseNewFrames();
        return List.copyOf(parsed);
    }

    // Guarded by this. Parses what arrived since the last call and counts it by type.
    private void parseNewFrames() {
        for (int i = parsed.size(); i < frames.size(); i++) {
            JsonNode frame = parse(frames.get(i).text());
            parsed.add(frame);
            typeCounts.merge(type(frame), 1, Integer::sum);
        }
    }

    /**
     * The types of the frames written so far, in order.
     *
     * @return a snapshot
     */
    public List<String> types() {
        return frames().stream().map(FakeConnection::type).toList();
    }

    /**
     * The frames of one type.
     *
     * @param type the frame type
     * @return a snapshot
     */
    public List<JsonNode> framesOfType(String type) {
        return frames().stream().filter(frame -> type.equals(type(frame))).toList();
    }

    /**
     * How many frames of any of {@code types} were written so far.
     *
     * @param types the frame types
     * @return the count
     */
    public synchronized int countOfTypes(String... types) {
        parseNewFrames();
        int count = 0;
        for (String type : Set.copyOf(Arrays.asList(types))) {
            count += typeCounts.getOrDefault(type, 0);
        }
        return count;
    }

    /**
     * The frames of one run, in order.
     *
     * @param runId the run's id
     * @return a snapshot
     */
    public List<JsonNode> framesOfRun(String runId) {
        return frames().stream().filter(frame -> runId.equals(frame.path("run_id").asText())).toList();
    }

    /**
     * Waits until a written frame matches.
     *
     * @param matches the condition
     * @param timeout how long to wait at most
     * @return the first matching frame
     * @throws AssertionError naming the types that did arrive, if none matched in time
     */
    public JsonNode await(Predicate<JsonNode> matches, Duration timeout) {
        try {
            return Awaitility.await("a matching frame on " + id).atMost(timeout)
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> frames().stream().filter(matches).findFirst(), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no matching frame on " + id + " within " + timeout
                    + "; received " + types(), e);
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
        return await(frame -> type.equals(type(frame)), timeout);
    }

    /**
     * Waits for a frame of {@code type}, up to ten seconds.
     *
     * @param type the frame type
     * @return the first frame of that type
     */
    public JsonNode awaitType(String type) {
        return awaitType(type, WAIT);
    }

    /**
     * How the connection was closed.
     *
     * @return the first close reason, or empty while open
     */
    public synchronized Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    /**
     * When the first close happened.
     *
     * @return its {@link System#nanoTime()}, or {@link Long#MAX_VALUE} while open
     */
    public synchronized long closedAtNanos() {
        return closeReason == null ? Long.MAX_VALUE : closedAtNanos;
    }

    /**
     * How often {@link #close} was called.
     *
     * @return the number of calls
     */
    public synchronized int closeCalls() {
        return closeCalls;
    }

    /**
     * Frames the manager tried to write after this connection was closed (all refused).
     *
     * @return a snapshot
     */
    public synchronized List<TextFrame> writesAfterClose() {
        return List.copyOf(writesAfterClose);
    }

    /**
     * The most writes ever outstanding at once; the manager promises one.
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
    public synchronized int heldWrites() {
        return heldWrites.size();
    }

    /**
     * When each ping was sent, in order.
     *
     * @return the {@link System#nanoTime()} of every ping so far
     */
    public List<Long> pingNanos() {
        return List.copyOf(pingNanos);
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

    private static String type(JsonNode frame) {
        return frame.path("type").asText();
    }

    @Override
    public String toString() {
        return "FakeConnection[" + id + "]";
    }

    /** Options of a {@link FakeConnection}; every one has the default of {@code new FakeConnection()}. */
    public static final class Builder {

        private ConnectionId id;
        private InetSocketAddress remoteAddress;
        private WriteMode mode = WriteMode.IMMEDIATE;
        private boolean closeAbandonsHeldWrites;
        private BiConsumer<ConnectionId, TextFrame> onSend = (id, frame) -> { };
        private BiConsumer<ConnectionId, ByteBuffer> onPing = (id, echo) -> { };
        private Executor writer;

        private Builder() {
        }

        /**
         * The connection's writing thread ({@link Connection#writer()}); none by default, so
         * writes start on the sending thread.
         *
         * @param executor the writing thread's executor
         * @return this builder
         */
        public Builder writer(Executor executor) {
            this.writer = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The connection's id; random by default.
         *
         * @param id the id
         * @return this builder
         */
        public Builder id(ConnectionId id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * The connection's id; random by default.
         *
         * @param id the id's value
         * @return this builder
         */
        public Builder id(String id) {
            return id(ConnectionId.of(id));
        }

        /**
         * The peer's address; none by default.
         *
         * @param address the address
         * @return this builder
         */
        public Builder remoteAddress(InetSocketAddress address) {
            this.remoteAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * How writes complete at first; {@link WriteMode#IMMEDIATE} by default.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder writeMode(WriteMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The close fails the writes a stalled client left pending and drops their frames, as a
         * socket that goes away does; off by default.
         *
         * @return this builder
         */
        public Builder closeAbandonsHeldWrites() {
            this.closeAbandonsHeldWrites = true;
            return this;
        }

        /**
         * Runs {@code hook} inside every write, after the frame is recorded and before the write's
         * future is returned, on the manager's thread and outside the connection's monitor.
         *
         * @param hook receives the connection's id and the frame
         * @return this builder
         */
        public Builder onSend(BiConsumer<ConnectionId, TextFrame> hook) {
            this.onSend = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * What a ping does: {@code answer} receives the connection's id and a copy of the payload
         * (the pong to echo). Nothing by default: a peer that never answers.
         *
         * @param answer the peer's answer, typically a {@code manager.onPong} on some executor
         * @return this builder
         */
        public Builder onPing(BiConsumer<ConnectionId, ByteBuffer> answer) {
            this.onPing = Objects.requireNonNull(answer, "answer");
            return this;
        }

        /**
         * Builds the connection.
         *
         * @return a new open connection
         */
        public FakeConnection build() {
            return new FakeConnection(this);
        }
    }
}
