package io.switchboard.core.internal.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;

/**
 * One thread's means of writing frames: a JSON generator kept open over a byte buffer that is
 * reset for every frame, and the timestamp text. Making a generator and a growing buffer per
 * frame cost more than the envelope's fields themselves; a frame now costs one copy of its bytes.
 * A generator that failed mid-frame is dropped, and a buffer grown past {@link #KEEP_LIMIT} is
 * not kept, so one large frame does not pin memory on the thread. Not thread-safe: one per
 * thread, and not re-entrant (a caller that finds it {@link #busy()} writes with a fresh one).
 */
final class FrameScratch {

    /** The largest buffer kept between frames. */
    static final int KEEP_LIMIT = 64 * 1024;
    private static final int INITIAL_SIZE = 512;

    private final ObjectMapper mapper;
    private final InstantText instantText = new InstantText();
    private Bytes bytes = new Bytes(INITIAL_SIZE);
    private JsonGenerator generator;
    private boolean busy;

    FrameScratch(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Whether a frame is being written with this scratch on this thread now.
     *
     * @return true inside {@link #begin()} .. {@link #finish()} or {@link #abandon()}
     */
    boolean busy() {
        return busy;
    }

    /**
     * Starts a frame: the generator, positioned before the frame's top-level object.
     *
     * @return the generator
     * @throws IOException if the generator cannot be made
     */
    JsonGenerator begin() throws IOException {
        busy = true;
        bytes.reset();
        if (generator == null) {
            generator = mapper.createGenerator(bytes);
            // One frame per root value: without this the generator puts a space between them.
            generator.setRootValueSeparator(null);
        }
        return generator;
    }

    /**
     * Ends the frame written since {@link #begin()}.
     *
     * @return the frame's bytes, the caller's own
     * @throws IOException if the generator cannot flush
     */
    byte[] finish() throws IOException {
        generator.flush();
        byte[] frame = bytes.copy();
        if (bytes.capacity() > KEEP_LIMIT) {
            bytes = new Bytes(INITIAL_SIZE);
            generator = null;
        }
        busy = false;
        return frame;
    }

    /** Drops the generator after a frame failed half-written; the next frame makes a new one. */
    void abandon() {
        generator = null;
        bytes = new Bytes(INITIAL_SIZE);
        busy = false;
    }

    /**
     * Writes {@code ts} as a JSON string, as {@code Instant.toString} would.
     *
     * @param target the generator of the frame
     * @param ts the instant
     * @throws IOException if the generator fails
     */
    void writeInstant(JsonGenerator target, Instant ts) throws IOException {
        int length = instantText.format(ts);
        target.writeString(instantText.chars(), 0, length);
    }

    /**
     * Writes bytes that are JSON already (the generator's context does not see them: they must
     * leave it where it was, for example between two fields of an object).
     *
     * @param target the generator of the frame
     * @param source the bytes
     * @param offset where they start
     * @param length how many
     * @throws IOException if the generator fails
     */
    void writeRaw(JsonGenerator target, byte[] source, int offset, int length) throws IOException {
        // What the generator holds goes first; it holds nothing after a flush.
        target.flush();
        bytes.write(source, offset, length);
    }

    // A growable byte buffer without ByteArrayOutputStream's locks; reset per frame.
    private static final class Bytes extends OutputStream {
        private byte[] buffer;
        private int count;

        Bytes(int size) {
            buffer = new byte[size];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] source, int offset, int length) {
            ensure(length);
            System.arraycopy(source, offset, buffer, count, length);
            count += length;
        }

        void reset() {
            count = 0;
        }

        int capacity() {
            return buffer.length;
        }

        byte[] copy() {
            return Arrays.copyOf(buffer, count);
        }

        private void ensure(int more) {
            if (buffer.length - count < more) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + more));
            }
        }
    }
}
