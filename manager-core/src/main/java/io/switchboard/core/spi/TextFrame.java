package io.switchboard.core.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One encoded WebSocket text frame: UTF-8 bytes produced once by the manager and shared, without
 * copying, by every connection it is sent to.
 *
 * <p>Immutable and safe to share between threads. Transports read it through
 * {@link #asByteBuffer()} (a fresh read-only view per call, so each target keeps its own position)
 * or {@link #text()} when their API wants a {@code String}.
 */
public final class TextFrame {

    private final byte[] utf8;
    // Decoded lazily for string-based APIs; a benign race may decode twice, never wrongly.
    private volatile String text;

    private TextFrame(byte[] utf8, String text) {
        this.utf8 = utf8;
        this.text = text;
    }

    /**
     * Wraps bytes that are valid UTF-8. The array is taken over, not copied: the caller must not
     * change it afterwards.
     *
     * @param utf8 the frame's payload
     * @return the frame
     */
    public static TextFrame ofUtf8(byte[] utf8) {
        return new TextFrame(Objects.requireNonNull(utf8, "utf8"), null);
    }

    /**
     * Encodes {@code text} as UTF-8.
     *
     * @param text the frame's payload
     * @return the frame
     */
    public static TextFrame of(String text) {
        return new TextFrame(text.getBytes(StandardCharsets.UTF_8), text);
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
