package io.switchboard.core.internal.replay;

import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.OpenMessage;
import io.switchboard.core.replay.StoredDelta;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every delta of one message (or tool call) of a stream, kept as its text once: the UTF-8 bytes of
 * all deltas in order, each delta's byte length as a varint (one byte for a delta shorter than 128
 * bytes), and the seqs as runs of consecutive numbers (one run unless other events of the stream
 * came between two deltas). So its memory grows with the text, not with the number of deltas, and
 * a replay can still start after any of its seqs. Not thread-safe: its stream log guards it.
 */
final class MessageText {

    // Objects, arrays headers and fields: what a message costs beyond its bytes.
    private static final long OVERHEAD = 160;

    private final MessagePart.Kind kind;
    private final String id;
    private final String toolName;
    private final Optional<RunId> run;
    private final boolean announced;
    private final Utf8Bytes text = new Utf8Bytes();
    private final Utf8Bytes lengths = new Utf8Bytes();
    // Run i covers seqs runStart[i] .. runStart[i] + runCount[i] - 1.
    private long[] runStart = new long[1];
    private int[] runCount = new int[1];
    private int runs;
    private final long createdSeq;
    private long lastSeq;
    private long lastAppendNanos;
    private long lastStoredAtMillis;
    private boolean completed;

    /**
     * @param announced whether a {@code message_started} opened it (then it is open until
     *     completed, even with no delta yet)
     */
    MessageText(MessagePart.Kind kind, String id, String toolName, Optional<RunId> run,
            boolean announced, long createdSeq, long nowNanos, long nowMillis) {
        this.kind = kind;
        this.id = id;
        this.toolName = toolName;
        this.run = run;
        this.announced = announced;
        this.createdSeq = createdSeq;
        this.lastSeq = createdSeq;
        this.lastAppendNanos = nowNanos;
        this.lastStoredAtMillis = nowMillis;
    }

    boolean holds(MessagePart.Kind deltaKind, Optional<RunId> deltaRun) {
        return kind == deltaKind && run.equals(deltaRun) && !completed;
    }

    /** Adds one delta; seqs only grow. */
    void append(long seq, String delta, long nowNanos, long nowMillis) {
        lengths.appendVarint(text.appendUtf8(delta));
        if (runs > 0 && runStart[runs - 1] + runCount[runs - 1] == seq) {
            runCount[runs - 1]++;
        } else {
            if (runs == runStart.length) {
                runStart = Arrays.copyOf(runStart, runs * 2);
                runCount = Arrays.copyOf(runCount, runs * 2);
            }
            runStart[runs] = seq;
            runCount[runs] = 1;
            runs++;
        }
        lastSeq = seq;
        lastAppendNanos = nowNanos;
        lastStoredAtMillis = nowMillis;
    }

    void complete() {
        completed = true;
    }

    long lastSeq() {
        return lastSeq;
    }

    long createdSeq() {
        return createdSeq;
    }

    long lastAppendNanos() {
        return lastAppendNanos;
    }

    String id() {
        return id;
    }

    /** The bytes this entry holds, for the log's weight. */
    long footprint() {
        return text.footprint() + lengths.footprint() + runStart.length * 12L + OVERHEAD;
    }

    /**
     * Adds the deltas with {@code after < seq < before}, one {@link StoredDelta} per run of
     * consecutive seqs, to {@code out}.
     */
    void replay(long after, long before, String epoch, List<StoredDelta> out) {
        int[] position = {0};
        int offset = 0;
        for (int r = 0; r < runs; r++) {
            long first = Math.max(runStart[r], after + 1);
            long last = Math.min(runStart[r] + runCount[r] - 1, before - 1);
            int from = -1;
            for (long seq = runStart[r]; seq < runStart[r] + runCount[r]; seq++) {
                if (seq == first) {
                    from = offset;
                }
                offset += lengths.readVarint(position);
                if (seq == last && from >= 0) {
                    out.add(new StoredDelta(first, last, epoch, run, lastStoredAtMillis,
                            new MessagePart(kind, id, toolName, text.text(from, offset))));
                }
            }
        }
    }

    /**
     * This message as a {@code recovery_failed} reports it, if it is a message still streaming.
     *
     * @param after the client's cursor, or -1 if it cannot be placed in this epoch
     */
    Optional<OpenMessage> openAfter(long after) {
        if (kind != MessagePart.Kind.MESSAGE_DELTA || completed || (!announced && runs == 0)) {
            return Optional.empty();
        }
        int[] position = {0};
        int offset = 0;
        int from = after < 0 ? 0 : -1;
        for (int r = 0; r < runs && from < 0; r++) {
            for (long seq = runStart[r]; seq < runStart[r] + runCount[r]; seq++) {
                if (seq > after) {
                    from = offset;
                    break;
                }
                offset += lengths.readVarint(position);
            }
        }
        long lost = from < 0 ? 0 : text.utf16Length(from, text.size());
        return Optional.of(new OpenMessage(id, run, lost));
    }
}
