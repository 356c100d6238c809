package io.switchboard.core.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One encoded WebSocket text frame: UTF-8 bytes produced once by the manager and shared, without
 * copying, by every connection it is sent to.
 *
 * <p>A frame may carry a {@linkplain #context() context}: an opaque header of its event (a W3C
 * trace context, put there by the manager's {@link EventTracing}) that a cluster port carries with
 * the frame to other instances, so that the instance that delivers it can continue the emitting
 * code's trace. The context is never part of the payload: no client ever sees it.
 *
 * <p>Immutable and safe to share between threads. Transports read it through
 * {@link #asByteBuffer()} (a fresh read-only view per call, so each target keeps its own position)
 * or {@link #text()} when their API wants a {@code String}; a reader that keeps a copy takes it
 * with {@link #copyTo(byte[], int)}.
 */
public final class TextFrame {

    /** The longest context a frame carries, in characters. */
    public static final int MAX_CONTEXT_LENGTH = 512;

    private final byte[] utf8;
    private final String context;
    // Decoded lazily for string-based APIs; a benign race may decode twice, never wrongly.
    private volatile String text;

    private TextFrame(byte[] utf8, String text, String context) {
        this.utf8 = utf8;
        this.text = text;
        this.context = context;
    }

    /**
     * Wraps bytes that are valid UTF-8. The array is taken over, not copied: the caller must not
     * change it afterwards.
     *
     * @param utf8 the frame's payload
     * @return the frame
     */
    public static TextFrame ofUtf8(byte[] utf8) {
        return new TextFrame(Objects.requireNonNull(utf8, "utf8"), null, null);
    }

    /**
     * Encodes {@code text} as UTF-8.
     *
     * @param text the frame's payload
     * @return the frame
     */
    public static TextFrame of(String text) {
        return new TextFrame(text.getBytes(StandardCharsets.UTF_8), text, null);
    }

    /**
     * The same frame (the same bytes, not copied) carrying {@code context}.
     *
     * @param context printable ASCII (space to {@code ~}), 1 to {@value #MAX_CONTEXT_LENGTH}
     *     characters, so that every cluster port can carry it in a text header
     * @return the frame with the context
     * @throws IllegalArgumentException if the context is empty, too long or not printable ASCII
     */
    public TextFrame withContext(String context) {
        Objects.requireNonNull(context, "context");
        if (context.isEmpty() || context.length() > MAX_CONTEXT_LENGTH) {
            throw new IllegalArgumentException("a frame's context has 1 to " + MAX_CONTEXT_LENGTH
                    + " characters, this one " + context.length());
        }
        for (int i = 0; i < context.length(); i++) {
            char c = context.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(
                        "a frame's context is printable ASCII; character " + i + " is not");
            }
        }
        return new TextFrame(utf8, text, context);
    }

    /**
     * The event's context, carried between instances and never sent to a client.
     *
     * @return the context, or empty if the frame carries none
     */
    public Optional<String> context() {
        return Optional.ofNullable(context);
    }

    /**
     * A read-only view of the payload, positioned at zero. No bytes are copied.
     *
     * @return a new view on every call
     */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(utf8).asReadOnlyBuffer();
    }

    /**
     * Copies the payload into {@code target} from {@code offset}: for a reader that keeps the
     * bytes (a log's store, a buffer of its own) and needs no view to do it.
     *
     * @param target where the bytes go
     * @param offset the index in {@code target} of the payload's first byte
     * @throws IndexOutOfBoundsException if {@code target} has fewer than {@link #sizeInBytes()}
     *     bytes from {@code offset}
     */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(utf8, 0, target, offset, utf8.length);
    }

    /**
     * The payload as a string.
     *
     * @return the decoded text
     */
    public String text() {
        String decoded = text;
        if (decoded == null) {
            decoded = new String(utf8, StandardCharsets.UTF_8);
            text = decoded;
        }
        return decoded;
    }

    /**
     * The payload's size on the wire.
     *
     * @return the number of UTF-8 bytes
     */
    public int sizeInBytes() {
        return utf8.length;
    }

    /** Describes the frame by size only: payloads never reach logs. */
    @Override
    public String toString() {
        return "TextFrame[" + utf8.length + " bytes]";
    }
}
