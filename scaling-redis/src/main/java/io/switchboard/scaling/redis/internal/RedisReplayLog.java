package io.switchboard.scaling.redis.internal;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogException;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.scaling.redis.RedisClusterConfig;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay log on Redis Streams, shared by every instance. Not public API: obtain it through
 * {@code RedisCluster.replayLog()}.
 *
 * <p>An append is one Lua script that checks the stream is where this instance believes it is
 * (epoch and last seq, cached per stream), stores the frame encoded for the next seq, trims by
 * count and age, and writes the frame to the inboxes of the instances holding the user. If another
 * instance appended meanwhile, the script answers the stream's true position and the event is
 * encoded again for it: seqs are unique and strictly increasing across instances.
 *
 * <p>While Redis is unreachable, appends go to a {@link FallbackSegment} per stream, in an epoch
 * of its own, so the manager keeps delivering to this instance's clients; reads of such a segment
 * are served from it, other reads fail (the manager answers {@code busy}). When Redis is back,
 * {@link #adoptFallbackSegments()} moves each segment into the shared log; see the README.
 *
 * <p>Thread-safe. Calls on one stream are serialized by a stripe lock (the manager holds its own
 * stream lock around them too); each call blocks for at most about the command timeout per
 * attempt, and throws {@link ReplayLogException} when Redis fails during a read.
 */
public final class RedisReplayLog implements ReplayLog {

    private static final Logger LOG = LoggerFactory.getLogger(RedisReplayLog.class);
    // With the pauses below, enough to outlast a 200 ms claim of an instance that vanished.
    private static final int MAX_ATTEMPTS = 128;

    private final RedisLink link;
    private final Keys keys;
    private final Handoff handoff;
    private final RedisClusterConfig config;
    private final Clock clock;
    private final StripedLocks locks = new StripedLocks(256);
    private final BoundedMap<StreamId, Position> positions = new BoundedMap<>(50_000);
    private final Map<StreamId, FallbackSegment> fallback = new ConcurrentHashMap<>();
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong appendedLocally = new AtomicLong();
    private final AtomicLong adopted = new AtomicLong();
    private final AtomicLong adoptedAsBreak = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();

    RedisReplayLog(RedisLink link, Keys keys, Handoff handoff, RedisClusterConfig config,
            Clock clock) {
        this.link = link;
        this.keys = keys;
        this.handoff = handoff;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public StoredEvent append(StreamId stream, String type, Optional<RunId> run, boolean lifecycle,
            EventEncoder encoder) {
        return append(stream, type, run, lifecycle, null, encoder);
    }

    /**
     * Stores a delta as one entry of its own (its frame, plus its message part so that a replay
     * merges consecutive deltas); deltas count against no bound but age.
     */
    @Override
    public StoredEvent append(StreamId stream, String type, Optional<RunId> run, boolean lifecycle,
            MessagePart part, EventEncoder encoder) {
        MessagePart delta = part != null && part.kind().isDelta() ? part : null;
        ReentrantLock lock = locks.of(stream);
        lock.lock();
        try {
            if (link.isClosed()) {
                throw new ReplayLogException("the Redis cluster port is closed", null);
            }
            if (!link.available() || fallback.containsKey(stream)) {
                return appendLocally(stream, positions.get(stream), type, run, lifecycle, encoder);
            }
            Position known = positions.get(stream);
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                String epoch = known == null ? newEpoch("r") : known.epoch();
                long seq = known == null ? 1 : known.seq() + 1;
                TextFrame frame = encoder.encode(seq, epoch);
                List<Object> answer;
                try {
                    answer = link.await(link.script(link.scripts.append, ScriptOutputType.MULTI,
                            new String[] {keys.meta(stream), keys.log(stream),
                                keys.user(stream.user()), keys.readers(stream.user()),
                                keys.meta(stream) + ":claim"},
                            appendArguments(stream, epoch, seq, type, run, lifecycle, frame,
                                    delta)));
                } catch (RedisException e) {
                    return appendLocally(stream, known, type, run, lifecycle, encoder);
                }
                String status = text(answer.get(0));
                if (status.equals("ok")) {
                    int routed = Integer.parseInt(text(answer.get(4)));
                    positions.put(stream, new Position(epoch, seq));
                    handoff.routed(frame, routed);
                    appended.incrementAndGet();
                    forwarded.addAndGet(routed);
                    return new StoredEvent(seq, epoch, type, run, lifecycle,
                            Long.parseLong(text(answer.get(3))), frame);
                }
                if (status.equals("late")) {
                    link.failed(new RedisException("an append ran after its deadline"));
                    return appendLocally(stream, known, type, run, lifecycle, encoder);
                }
                String actual = text(answer.get(1));
                known = actual.isEmpty() ? null
                        : new Position(actual, Long.parseLong(text(answer.get(2))));
                if (attempt > 1) {
                    // Another instance keeps appending to this stream: a random pause breaks the
                    // symmetry of two writers that retry in lockstep.
                    java.util.concurrent.locks.LockSupport.parkNanos(ThreadLocalRandom.current()
                            .nextLong(Math.min(attempt, 10) * 200_000L));
                }
            }
            throw new ReplayLogException("stream " + stream + " changed under " + MAX_ATTEMPTS
                    + " consecutive appends of other instances", null);
        } finally {
            lock.unlock();
        }
    }

    private String[] appendArguments(StreamId stream, String epoch, long seq, String type,
            Optional<RunId> run, boolean lifecycle, TextFrame frame, MessagePart delta) {
        List<String> args = new java.util.ArrayList<>(List.of(epoch, Long.toString(seq - 1),
                Long.toString(link.deadlineMillis()), type, run.map(RunId::value).orElse(""),
                lifecycle ? "1" : "0", FrameWire.write(frame), Integer.toString(config.maxEventsPerStream()),
                Long.toString(config.maxEventAge().toMillis()), Long.toString(streamTtlMillis()),
                config.instanceId(), keys.prefix(), kind(stream), stream.user().value(),
                thread(stream), Integer.toString(config.inboxMaxLength())));
        if (delta != null) {
            args.add(delta.id());
            args.add(delta.toolName() == null ? "" : delta.toolName());
            args.add(delta.text());
        }
        return args.toArray(String[]::new);
    }

    // Under the stream's lock.
    private StoredEvent appendLocally(StreamId stream, Position known, String type,
            Optional<RunId> run, boolean lifecycle, EventEncoder encoder) {
        FallbackSegment segment = fallback.get(stream);
        if (segment == null) {
            if (fallback.size() >= config.maxFallbackStreams()) {
                throw new ReplayLogException("Redis is unavailable and " + fallback.size()
                        + " streams already wait for it (maxFallbackStreams)", null);
            }
            segment = new FallbackSegment(stream, known, newEpoch("f"));
            fallback.put(stream, segment);
            LOG.debug("stream {} continues locally in epoch {} while Redis is unavailable",
                    stream, segment.epoch());
        }
        long seq = segment.nextSeq();
        TextFrame frame = encoder.encode(seq, segment.epoch());
        long now = clock.millis();
        StoredEvent event = new StoredEvent(seq, segment.epoch(), type, run, lifecycle, now, frame);
        segment.add(event, config.maxEventsPerStream());
        segment.trimStoredBefore(now - config.maxEventAge().toMillis());
        handoff.routed(frame, 0);
        appendedLocally.incrementAndGet();
        return event;
    }

    @Override
    public Replay read(StreamCursor cursor) {
        StreamId stream = cursor.stream();
        ReentrantLock lock = locks.of(stream);
        lock.lock();
        try {
            FallbackSegment segment = fallback.get(stream);
            if (segment != null) {
                Replay local = segment.read(cursor);
                if (local != null) {
                    return local;
                }
                throw new ReplayLogException("stream " + stream
                        + " has events waiting to move into Redis; resume again shortly", null);
            }
            if (!link.available() || link.isClosed()) {
                throw new ReplayLogException("Redis is unavailable", null);
            }
            List<Object> answer;
            try {
                answer = link.await(link.script(link.scripts.read, ScriptOutputType.MULTI,
                        new String[] {keys.meta(stream), keys.log(stream),
                            keys.readers(stream.user())},
                        cursor.epoch().orElse(""), Long.toString(cursor.seq()),
                        config.instanceId(), Long.toString(config.instanceTtl().toMillis()),
                        Long.toString(config.maxEventAge().toMillis()),
                        Integer.toString(config.maxEventsPerStream()),
                        Long.toString(streamTtlMillis())));
            } catch (RedisException e) {
                throw new ReplayLogException("Redis could not be read: " + e.getMessage(), e);
            }
            String status = text(answer.get(0));
            if (status.equals("empty")) {
                StreamState empty = StreamState.empty(stream);
                return cursor.epoch().isEmpty() && cursor.seq() == 0
                        ? new Replay.Events(List.of(), empty)
                        : new Replay.Gap(GapReason.EPOCH_CHANGED, empty);
            }
            if (status.equals("gap")) {
                StreamState state = LogEntries.state(stream, answer.get(2));
                remember(state);
                return new Replay.Gap(
                        GapReason.valueOf(text(answer.get(1)).toUpperCase(Locale.ROOT)), state);
            }
            StreamState state = LogEntries.state(stream, answer.get(1));
            remember(state);
            return new Replay.Events(LogEntries.events(answer.get(2)), state);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StreamState state(StreamId stream) {
        ReentrantLock lock = locks.of(stream);
        lock.lock();
        try {
            FallbackSegment segment = fallback.get(stream);
            if (segment != null) {
                return segment.state();
            }
            if (!link.available() || link.isClosed()) {
                throw new ReplayLogException("Redis is unavailable", null);
            }
            try {
                List<String> meta = link.await(link.async().hmget(keys.meta(stream), "epoch", "seq",
                        "lct", "lcr", "lcs")).stream()
                        .map(value -> value.getValueOrElse(""))
                        .toList();
                if (meta.get(0).isEmpty()) {
                    return StreamState.empty(stream);
                }
                return LogEntries.state(stream, List.<Object>copyOf(meta));
            } catch (RedisException e) {
                throw new ReplayLogException("Redis could not be read: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<StoredEvent> find(StreamId stream, long seq) {
        ReentrantLock lock = locks.of(stream);
        lock.lock();
        try {
            FallbackSegment segment = fallback.get(stream);
            if (segment != null) {
                return segment.find(seq);
            }
            if (!link.available() || link.isClosed()) {
                return Optional.empty();
            }
            String segmentNumber = link.await(link.async().hget(keys.meta(stream), "g"));
            if (segmentNumber == null) {
                return Optional.empty();
            }
            String id = segmentNumber + "-" + seq;
            return link.await(link.async().xrange(keys.log(stream),
                    io.lettuce.core.Range.create(id, id))).stream()
                    .findFirst()
                    .map(LogEntries::event);
        } catch (RedisException e) {
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves every fallback segment into the shared log, in the order of its events; runs when
     * Redis answers again. A segment that was not adopted stays and is tried again next time.
     *
     * @return {@code true} if no segment is left
     */
    boolean adoptFallbackSegments() {
        for (StreamId stream : List.copyOf(fallback.keySet())) {
            ReentrantLock lock = locks.of(stream);
            lock.lock();
            try {
                FallbackSegment segment = fallback.get(stream);
                if (segment == null) {
                    continue;
                }
                if (segment.events().isEmpty()) {
                    // Everything aged out: nothing to adopt; a resume of it gets too_old or
                    // epoch_changed from the shared log.
                    fallback.remove(stream);
                    continue;
                }
                List<Object> answer = link.await(link.script(link.scripts.adopt,
                        ScriptOutputType.MULTI, new String[] {keys.meta(stream), keys.log(stream),
                            keys.user(stream.user()), keys.readers(stream.user())},
                        adoptArguments(segment)));
                String status = text(answer.get(0));
                boolean continuous = text(answer.get(1)).equals("1");
                forwarded.addAndGet(Long.parseLong(text(answer.get(2))));
                positions.put(stream, new Position(segment.epoch(), segment.lastSeq()));
                fallback.remove(stream);
                if (status.equals("ok")) {
                    adopted.incrementAndGet();
                    if (!continuous) {
                        adoptedAsBreak.incrementAndGet();
                    }
                }
                LOG.info("stream {}: {} events of the outage moved into Redis ({})", stream,
                        segment.events().size(), continuous ? "continuing its epoch"
                                : "as a new epoch: older cursors get epoch_changed");
            } catch (RedisException e) {
                LOG.debug("adopting the fallback segment of {} failed; will retry", stream, e);
                return false;
            } finally {
                lock.unlock();
            }
        }
        return true;
    }

    private String[] adoptArguments(FallbackSegment segment) {
        List<StoredEvent> events = segment.events();
        StreamId stream = segment.stream();
        Position base = segment.base();
        String[] args = new String[13 + events.size() * 6];
        args[0] = base == null ? "" : base.epoch();
        args[1] = base == null ? "0" : Long.toString(base.seq());
        args[2] = segment.epoch();
        args[3] = Integer.toString(config.maxEventsPerStream());
        args[4] = Long.toString(config.maxEventAge().toMillis());
        args[5] = Long.toString(streamTtlMillis());
        args[6] = config.instanceId();
        args[7] = keys.prefix();
        args[8] = kind(stream);
        args[9] = stream.user().value();
        args[10] = thread(stream);
        args[11] = Integer.toString(config.inboxMaxLength());
        args[12] = Integer.toString(events.size());
        int i = 13;
        for (StoredEvent event : events) {
            args[i++] = Long.toString(event.seq());
            args[i++] = event.type();
            args[i++] = event.run().map(RunId::value).orElse("");
            args[i++] = event.lifecycle() ? "1" : "0";
            args[i++] = Long.toString(event.storedAtMillis());
            args[i++] = FrameWire.write(event.frame());
        }
        return args;
    }

    boolean hasFallbackSegments() {
        return !fallback.isEmpty();
    }

    /** Frames the log's scripts wrote to other instances' inboxes. */
    long forwarded() {
        return forwarded.get();
    }

    long appended() {
        return appended.get();
    }

    long appendedLocally() {
        return appendedLocally.get();
    }

    long adopted() {
        return adopted.get();
    }

    long adoptedAsBreak() {
        return adoptedAsBreak.get();
    }

    /** Does nothing: the cluster port owns the connections and releases them in its close. */
    @Override
    public void close() {
        // The port closes the shared link.
    }

    private void remember(StreamState state) {
        state.epoch().ifPresent(epoch ->
                positions.put(state.stream(), new Position(epoch, state.lastSeq())));
    }

    private long streamTtlMillis() {
        return config.maxEventAge().toMillis() * 2;
    }

    static String kind(StreamId stream) {
        return stream.thread().isPresent() ? "t" : "u";
    }

    static String thread(StreamId stream) {
        return stream.thread().map(io.switchboard.core.id.ThreadId::value).orElse("");
    }

    private static String newEpoch(String kind) {
        return kind + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
