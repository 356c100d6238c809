package io.switchboard.core.internal.replay;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.switchboard.core.Ticker;
import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogLimits;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import io.switchboard.core.replay.GapReason;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The in-memory replay log. Streams live in a Caffeine cache weighed by their bytes, so the total
 * is bounded. A stream's events age out after {@code maxAge}; the stream itself (its epoch, last
 * seq and last lifecycle event) is kept for twice that since its last use, so that a late client
 * still learns where the stream stands. A stream evicted or forgotten starts a new epoch with its
 * next event, which tells any old cursor that history was lost.
 *
 * <p>An append costs the cache a quiet read, not a write: the stream's log is looked up without
 * touching the cache's policy, and changed under its own monitor. Once per second (a tenth of a
 * shorter age limit) an append looks it up as a use instead, so a stream in use never expires
 * and counts as used for the size bound, while the cache's read buffers and their upkeep see one
 * read per stream and interval rather than one per event. The cache
 * re-weighs a stream only when its bytes have moved by {@link #REWEIGH_BYTES} since it was last
 * weighed, so the byte bound holds within that much per stream, and the cache's upkeep (done on
 * the calling thread, so this log starts no thread) is amortized over many events instead of
 * running on every one. A stream the cache evicts is retired under its monitor: an operation
 * that finds it retired looks the stream up again, so none is ever applied to a log the cache no
 * longer holds.
 *
 * <p>A streamed message is kept as its text, once (see {@link StreamLog}): its memory grows with
 * the text, not with the number of deltas, and its deltas count against no bound but age and
 * bytes.
 */
public final class InMemoryReplayLog implements ReplayLog {

    /** How far a stream's bytes may move before the cache re-weighs it. */
    static final long REWEIGH_BYTES = 4 * 1024;
    // The longest an append goes without telling the cache the stream is in use; a tenth of a
    // shorter age limit. The cache expires a stream only twice the age limit after its last use.
    private static final long MAX_USE_INTERVAL_NANOS = 1_000_000_000L;

    private final ReplayLogLimits limits;
    private final Ticker ticker;
    private final Clock clock;
    private final Cache<StreamId, StreamLog> streams;
    private final Policy<StreamId, StreamLog> quietly;
    private final long useIntervalNanos;

    /**
     * Creates the log; use {@link ReplayLog#inMemory}.
     *
     * @param limits its bounds
     * @param ticker monotonic time
     * @param clock wall time
     */
    public InMemoryReplayLog(ReplayLogLimits limits, Ticker ticker, Clock clock) {
        this.limits = limits;
        this.ticker = ticker;
        this.clock = clock;
        this.streams = Caffeine.newBuilder()
                .maximumWeight(limits.maxTotalBytes())
                .weigher((StreamId stream, StreamLog log) -> log.weight())
                .expireAfterAccess(limits.maxAge().multipliedBy(2))
                .ticker(ticker::read)
                .executor(Runnable::run)
                // Inside the cache's removal of the entry; no cache call is ever made while a
                // stream's monitor is held, so the two cannot wait on each other.
                .evictionListener((StreamId stream, StreamLog log, RemovalCause cause) -> {
                    if (log != null) {
                        synchronized (log) {
                            log.retire();
                        }
                    }
                })
                .build();
        this.quietly = streams.policy();
        this.useIntervalNanos = Math.max(1, Math.min(MAX_USE_INTERVAL_NANOS,
                limits.maxAge().toNanos() / 10));
    }

    @Override
    public StoredEvent append(StreamId stream, String type, Optional<RunId> run,
            boolean lifecycle, EventEncoder encoder) {
        return append(stream, type, run, lifecycle, null, encoder);
    }

    @Override
    public StoredEvent append(StreamId stream, String type, Optional<RunId> run,
            boolean lifecycle, MessagePart part, EventEncoder encoder) {
        while (true) {
            long looked = ticker.read();
            // A quiet lookup leaves the cache's buffers alone; the stream's use is recorded once
            // per interval, which keeps it from expiring and counts it for the size bound.
            StreamLog log = quietly.getIfPresentQuietly(stream);
            if (log == null || looked - log.nextUseNanos() >= 0) {
                log = streams.get(stream, id -> new StreamLog(id, newEpoch()));
                log.usedUntil(looked + useIntervalNanos);
            }
            StoredEvent stored;
            boolean reweigh;
            synchronized (log) {
                if (log.retired()) {
                    continue;
                }
                // Read under the monitor, so a stream's times only grow.
                long now = ticker.read();
                long seq = log.nextSeq();
                stored = new StoredEvent(seq, log.epoch(), type, run, lifecycle, clock.millis(),
                        encoder.encode(seq, log.epoch()));
                if (part != null && part.kind().isDelta()) {
                    // Kept as text: the frame goes to live clients only.
                    log.addDelta(seq, stored, part, now);
                } else {
                    log.add(stored, part, now, limits.maxEventsPerStream());
                }
                log.trimOlderThan(now - limits.maxAge().toNanos());
                reweigh = log.reweigh(REWEIGH_BYTES);
            }
            if (reweigh) {
                // Same log, new weight; a no-op if the cache evicted it meanwhile.
                streams.asMap().replace(stream, log, log);
            }
            return stored;
        }
    }

    @Override
    public Replay read(StreamCursor cursor) {
        return read(cursor, Long.MAX_VALUE);
    }

    @Override
    public Replay read(StreamCursor cursor, long beforeSeq) {
        Replay answer = withStream(cursor.stream(), log -> {
            log.trimOlderThan(ticker.read() - limits.maxAge().toNanos());
            return log.read(cursor, beforeSeq);
        });
        if (answer != null) {
            return answer;
        }
        // Nothing kept: a client that saw nothing missed nothing; any other cursor lost history.
        StreamState empty = StreamState.empty(cursor.stream());
        return cursor.epoch().isEmpty() && cursor.seq() == 0
                ? new Replay.Events(List.of(), empty)
                : new Replay.Gap(GapReason.EPOCH_CHANGED, empty);
    }

    @Override
    public StreamState state(StreamId stream) {
        StreamState state = withStream(stream, StreamLog::state);
        return state != null ? state : StreamState.empty(stream);
    }

    @Override
    public Optional<StoredEvent> find(StreamId stream, long seq) {
        Optional<StoredEvent> found = withStream(stream, log -> log.find(seq));
        return found != null ? found : Optional.empty();
    }

    // Runs an operation on a kept stream under its monitor; null if the cache holds none.
    private <T> T withStream(StreamId stream, Function<StreamLog, T> operation) {
        while (true) {
            StreamLog log = streams.getIfPresent(stream);
            if (log == null) {
                return null;
            }
            synchronized (log) {
                if (!log.retired()) {
                    return operation.apply(log);
                }
            }
        }
    }

    /** A fresh epoch: random, so a restarted or evicted stream never reuses one. */
    private static String newEpoch() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
