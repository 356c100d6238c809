package io.switchboard.scaling.redis.internal;

import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.switchboard.core.cluster.ClusterReplayLog;
import io.switchboard.core.cluster.Forwarded;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLogException;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.scaling.redis.RedisClusterConfig;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay log on Redis Streams, shared by every instance and the only place a stream's seq is
 * assigned. Not public API: the cluster port brings it ({@code ClusterPort.replayLog()}).
 *
 * <p>An append is one Lua script in the user's slot that checks the stream is where this instance
 * believes it is (epoch and last seq, cached per stream), stores the frame encoded for the next
 * seq, trims by count and age, and answers the instances holding the user; the frame is then
 * handed to their inboxes. If another instance appended meanwhile, the script answers the stream's
 * true position and the event is encoded again for it: seqs are unique and strictly increasing
 * across instances. Every attempt of one event carries the same key, so an attempt whose answer
 * was lost (a timeout, a reset connection, a failover) is never stored twice: its retry answers
 * what was stored. While Redis does not answer, an append fails ({@link ReplayLogException}, the
 * manager reports {@code STORE_FAILED} and the emitter retries); nothing is ever numbered outside
 * Redis, so no second epoch can exist. When an attempt went unanswered (rather than refused) and
 * Redis does not answer the check that follows either, the event may be stored: the exception
 * says so ({@link ReplayLogException#storedUnknown()}) and the send reports
 * {@code STORE_UNCONFIRMED}, never a failure the event may contradict.
 *
 * <p>Thread-safe. Calls on one stream are serialized by a stripe lock (the manager holds its own
 * stream lock around them too); each call blocks for at most about the command timeout.
 */
public final class RedisReplayLog implements ClusterReplayLog {

    private static final Logger LOG = LoggerFactory.getLogger(RedisReplayLog.class);
    // With the pauses below, enough to outlast a 200 ms claim of an instance that vanished.
    private static final int MAX_ATTEMPTS = 128;

    private final RedisLink link;
    private final Keys keys;
    private final Inboxes inboxes;
    private final Membership membership;
    private final RedisClusterConfig config;
    private final StripedLocks locks = new StripedLocks(256);
    private final BoundedMap<StreamId, Position> positions = new BoundedMap<>(50_000);
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();

    RedisReplayLog(RedisLink link, Keys keys, Inboxes inboxes, Membership membership,
            RedisClusterConfig config) {
        this.link = link;
        this.keys = keys;
        this.inboxes = inboxes;
        this.membership = membership;
        this.config = config;
    }

    @Override
    public StoredEvent append(StreamId stream, String type, Optional<RunId> run, boolean lifecycle,
            EventEncoder encoder) {
        return appendAndRoute(stream, type, run, lifecycle, null, newKey(), encoder).event();
    }

    @Override
    public StoredEvent append(StreamId stream, String type, Optional<RunId> run, boolean lifecycle,
            MessagePart part, EventEncoder encoder) {
        return appendAndRoute(stream, type, run, lifecycle, part, newKey(), encoder).event();
    }

    /**
     * Stores a delta as a small entry of its own, without its frame (a replay encodes consecutive
     * deltas of a message as one merged frame), counted against the bound on deltas only; the
     * events of a text message keep its record for {@code open_messages}.
     */
    @Override
    public Routed appendAndRoute(StreamId stream, String type, Optional<RunId> run,
            boolean lifecycle, MessagePart part, String key, EventEncoder encoder) {
        ReentrantLock lock = locks.of(stream);
        lock.lock();
        try {
            if (link.isClosed()) {
                throw new ReplayLogException("the Redis cluster port is closed", null);
            }
            long giveUpAt = System.nanoTime() + link.timeout().toNanos();
            boolean checked = false;
            // Whether an attempt went unanswered rather than refused: it may have run in time.
            boolean maybeRan = false;
            Position known = positions.get(stream);
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                String epoch = known == null ? newEpoch() : known.epoch();
                long seq = known == null ? 1 : known.seq() + 1;
                TextFrame frame = encoder.encode(seq, epoch);
                List<Object> answer;
                try {
                    answer = link.await(link.script(link.scripts.append, ScriptOutputType.MULTI,
                            new String[] {keys.meta(stream), keys.log(stream),
                                keys.eventKeys(stream), keys.userConnections(stream.user()),
                                keys.readers(stream.user()), keys.claim(stream),
                                keys.openMessages(stream)},
                            epoch, Long.toString(seq - 1), Long.toString(link.deadlineMillis()),
                            type, run.map(RunId::value).orElse(""), lifecycle ? "1" : "0",
                            FrameWire.write(frame), Integer.toString(config.maxEventsPerStream()),
                            Long.toString(config.maxEventAge().toMillis()),
                            Long.toString(streamTtlMillis()), config.instanceId(), key,
                            newEpoch(), partCode(part), part == null ? "" : part.id(),
                            part == null || part.toolName() == null ? "" : part.toolName(),
                            part == null || part.text() == null ? "" : part.text(),
                            Integer.toString(config.maxDeltasPerStream())));
                } catch (RedisException e) {
                    // Refused at once (disconnected) or timed out: the same key again, while time
                    // is left; a stored attempt then answers itself.
                    maybeRan |= mayHaveRun(e);
                    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20) >= giveUpAt) {
                        // An attempt that timed out may have run in time with its answer late:
                        // then the event is stored, and one more attempt answers it. If Redis
                        // cannot say, neither can the caller be told it failed.
                        Stored stored = !maybeRan ? Stored.NO
                                : checked ? Stored.UNKNOWN : storedMeanwhile(stream, key);
                        if (stored == Stored.YES) {
                            checked = true;
                            giveUpAt = System.nanoTime() + link.timeout().toNanos();
                            continue;
                        }
                        throw new ReplayLogException("Redis did not store the event"
                                + (stored == Stored.UNKNOWN ? " or did not say whether it did: "
                                        : ": ") + e.getMessage(), e, stored == Stored.UNKNOWN);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    continue;
                }
                String status = text(answer.get(0));
                switch (status) {
                    case "ok" -> {
                        positions.put(stream, new Position(epoch, seq));
                        appended.incrementAndGet();
                        return routed(stream, new StoredEvent(seq, epoch, type, run, lifecycle,
                                Long.parseLong(text(answer.get(3))), frame), answer.get(4));
                    }
                    case "dup" -> {
                        // A delta is kept without its frame: encoded again for its place.
                        long storedSeq = Long.parseLong(text(answer.get(2)));
                        String storedEpoch = text(answer.get(1));
                        String storedFrame = text(answer.get(5));
                        return routed(stream, new StoredEvent(storedSeq, storedEpoch, type, run,
                                lifecycle, Long.parseLong(text(answer.get(3))),
                                storedFrame.isEmpty() ? encoder.encode(storedSeq, storedEpoch)
                                        : FrameWire.read(storedFrame)), answer.get(4));
                    }
                    case "gone" -> {
                        // Stored once, in an epoch whose history is gone since: its clients were
                        // told; the event is not stored again.
                        long storedSeq = Long.parseLong(text(answer.get(2)));
                        String storedEpoch = text(answer.get(1));
                        return new Routed(new StoredEvent(storedSeq, storedEpoch, type, run,
                                lifecycle, Long.parseLong(text(answer.get(3))),
                                encoder.encode(storedSeq, storedEpoch)), Forwarded.NONE);
                    }
                    case "late" -> {
                        // Redis ran it after its deadline: it stored nothing. Again while time is
                        // left (a pause shorter than the command timeout changes nothing).
                        if (System.nanoTime() >= giveUpAt) {
                            link.failed(new RedisException("an append ran after its deadline"));
                            // An earlier attempt that went unanswered may have run in time.
                            throw new ReplayLogException("Redis ran the append too late", null,
                                    maybeRan);
                        }
                        continue;
                    }
                    default -> {
                        String actual = text(answer.get(1));
                        known = actual.isEmpty() ? null
                                : new Position(actual, Long.parseLong(text(answer.get(2))));
                        if (attempt > 1) {
                            // Another instance keeps appending to this stream: a random pause
                            // breaks the symmetry of two writers that retry in lockstep.
                            LockSupport.parkNanos(ThreadLocalRandom.current()
                                    .nextLong(Math.min(attempt, 10) * 200_000L));
                        }
                    }
                }
            }
            throw new ReplayLogException("stream " + stream + " changed under " + MAX_ATTEMPTS
                    + " consecutive appends of other instances", null);
        } finally {
            lock.unlock();
        }
    }

    /** What became of an attempt whose answer did not come. */
    private enum Stored {
        YES,
        NO,
        UNKNOWN
    }

    // Whether Redis may have received and run the command: every failure but Lettuce refusing it
    // before sending, on a connection that is down or closed. The test errs on the safe side: a
    // refusal it does not recognise counts as a command that may have run, so the caller is told
    // "unknown", never "not stored" for an event that was.
    private static boolean mayHaveRun(RedisException e) {
        String message = String.valueOf(e.getMessage());
        return !(message.startsWith("Currently not connected")
                || message.startsWith("Connection is closed"));
    }

    // Whether the event of this key is stored, asked after an attempt timed out. Commands on one
    // connection run in order, so when this read is answered the attempt has run (in time, or as
    // nothing after its deadline): the answer is what became of it. No answer: unknown.
    private Stored storedMeanwhile(StreamId stream, String key) {
        int colon = key.lastIndexOf(':');
        boolean sender = colon > 0 && key.substring(colon + 1).chars().allMatch(Character::isDigit)
                && colon < key.length() - 1;
        try {
            String record = link.await(link.async().hget(keys.eventKeys(stream),
                    sender ? key.substring(0, colon) : key));
            if (record == null) {
                return Stored.NO;
            }
            return !sender || record.startsWith(key.substring(colon + 1) + " ") ? Stored.YES
                    : Stored.NO;
        } catch (RedisException e) {
            return Stored.UNKNOWN;
        }
    }

    // Hands the stored frame to the inboxes of the instances the script named.
    private Routed routed(StreamId stream, StoredEvent event, Object targets) {
        int handed = 0;
        int refused = 0;
        String thread = stream.thread().map(ThreadId::value).orElse("");
        for (Object target : (List<?>) targets) {
            if (membership.departed(text(target))) {
                continue;
            }
            if (inboxes.pushStream(text(target), "k", "s", "u", stream.user().value(), "h", thread,
                    "f", FrameWire.write(event.frame()))) {
                handed++;
            } else {
                refused++;
            }
        }
        forwarded.addAndGet(handed);
        return new Routed(event, new Forwarded(handed, refused));
    }

    @Override
    public Replay read(StreamCursor cursor) {
        return read(cursor, Long.MAX_VALUE);
    }

    /** Cuts nothing: the log keeps one entry per delta, so the script stops before the seq. */
    @Override
    public Replay read(StreamCursor cursor, long beforeSeq) {
        StreamId stream = cursor.stream();
        List<Object> answer = readScript(stream, cursor.epoch().orElse(""), cursor.seq(), "",
                beforeSeq);
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
                    GapReason.valueOf(text(answer.get(1)).toUpperCase(Locale.ROOT)), state,
                    LogEntries.openMessages(answer.get(3)));
        }
        StreamState state = LogEntries.state(stream, answer.get(1));
        remember(state);
        return new Replay.Events(LogEntries.items(state, answer.get(2)), state);
    }

    @Override
    public StreamState state(StreamId stream) {
        List<Object> answer = readScript(stream, "", 0, "state", Long.MAX_VALUE);
        if (text(answer.get(0)).equals("empty")) {
            return StreamState.empty(stream);
        }
        StreamState state = LogEntries.state(stream, answer.get(1));
        remember(state);
        return state;
    }

    // Marks this instance as a reader of the user, so that appends route here from now on.
    private List<Object> readScript(StreamId stream, String epoch, long seq, String mode,
            long beforeSeq) {
        if (link.isClosed()) {
            throw new ReplayLogException("the Redis cluster port is closed", null);
        }
        try {
            return link.await(link.script(link.scripts.read, ScriptOutputType.MULTI,
                    new String[] {keys.meta(stream), keys.log(stream), keys.readers(stream.user()),
                        keys.eventKeys(stream), keys.openMessages(stream)},
                    epoch, Long.toString(seq), config.instanceId(),
                    Long.toString(config.instanceTtl().toMillis()),
                    Long.toString(config.maxEventAge().toMillis()),
                    Integer.toString(config.maxEventsPerStream()),
                    Long.toString(streamTtlMillis()), newEpoch(), mode,
                    Long.toString(beforeSeq == Long.MAX_VALUE ? 0 : Math.max(1, beforeSeq)),
                    Integer.toString(config.maxDeltasPerStream())));
        } catch (RedisException e) {
            throw new ReplayLogException("Redis could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredEvent> find(StreamId stream, long seq) {
        if (link.isClosed() || !link.available()) {
            return Optional.empty();
        }
        try {
            String id = "0-" + seq;
            return link.await(link.async().xrange(keys.log(stream), Range.create(id, id))).stream()
                    .findFirst()
                    .flatMap(LogEntries::event);
        } catch (RedisException e) {
            return Optional.empty();
        }
    }

    /** Frames this log handed to other instances' inboxes. */
    long forwarded() {
        return forwarded.get();
    }

    long appended() {
        return appended.get();
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

    // How the append script is told which event of a streamed message this is.
    private static String partCode(MessagePart part) {
        if (part == null) {
            return "";
        }
        return switch (part.kind()) {
            case MESSAGE_STARTED -> "ms";
            case MESSAGE_DELTA -> "md";
            case MESSAGE_COMPLETED -> "mc";
            case TOOL_CALL_DELTA -> "td";
        };
    }

    private long streamTtlMillis() {
        return config.maxEventAge().toMillis() * 2;
    }

    private static String newEpoch() {
        return "r" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    private static String newKey() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
