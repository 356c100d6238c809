package io.switchboard.core.internal.wire;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SerializedString;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * The envelope fields every event of one emitter repeats (its stream, the stream's epoch, its run
 * and its thread), encoded once, for {@link WireCodec#encode(Envelope, EnvelopeIds)} to copy into
 * each frame.
 *
 * <p>Why: an emitter's events are far apart among thousands of streams, so encoding these fields
 * per event read four strings and their bytes that the processor no longer had cached, and
 * escaped them char by char. Their encoded bytes side by side are one array.
 *
 * <p>Thread-safe. The bytes for an epoch are an immutable snapshot, replaced whole when the
 * stream's epoch changes (rarely: when the log loses the stream's history).
 */
public final class EnvelopeIds {

    private final String stream;
    private final RunId run;
    private final ThreadId thread;
    // Not volatile: a snapshot's fields are final, so a thread that reads one sees all of it. Two
    // threads that race to replace it make equal ones.
    private Encoded encoded;

    /**
     * The bytes of one epoch: {@code ,"stream":".."} up to {@code streamEnd}, then
     * {@code ,"epoch":"..","run_id":"..","thread_id":".."}, each field only if present, as the
     * codec writes them around the seq.
     */
    record Encoded(String epoch, byte[] bytes, int streamEnd) {
    }

    EnvelopeIds(String stream, RunId run, ThreadId thread) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.run = run;
        this.thread = thread;
    }

    /**
     * Whether these are the very ids {@code envelope} carries. Compared by identity: the emitter's
     * own instances are what it passes, and reading others' to compare them would cost what this
     * class saves. An envelope with equal but other ids is encoded field by field, as without.
     */
    boolean carriedBy(Envelope envelope) {
        return envelope.stream() == stream && envelope.run() == run && envelope.thread() == thread;
    }

    /** The encoded fields with {@code epoch}, made when the epoch differs from the last one's. */
    Encoded forEpoch(String epoch) {
        Encoded current = encoded;
        // The in-memory log hands out one epoch string per stream: identity is the usual answer.
        if (current == null || !Objects.equals(current.epoch(), epoch)) {
            current = encode(epoch);
            encoded = current;
        }
        return current;
    }

    private Encoded encode(String epoch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        field(out, WireCodec.STREAM, stream);
        int streamEnd = out.size();
        field(out, WireCodec.EPOCH, epoch);
        field(out, WireCodec.RUN_ID, run == null ? null : run.value());
        field(out, WireCodec.THREAD_ID, thread == null ? null : thread.value());
        return new Encoded(epoch, out.toByteArray(), streamEnd);
    }

    // As the generator writes a string field after another field: comma, quoted name, colon,
    // quoted value, escaped as the generator escapes.
    private static void field(ByteArrayOutputStream out, SerializedString name, String value) {
        if (value == null) {
            return;
        }
        out.write(',');
        out.write('"');
        out.writeBytes(name.asQuotedUTF8());
        out.write('"');
        out.write(':');
        out.write('"');
        out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(value));
        out.write('"');
    }
}
