package io.switchboard.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The inflater behind permessage-deflate keeps at most the limit plus one byte per message. */
class BoundedInflaterTest {

    private static final int LIMIT = 64 * 1024;

    @Test
    @DisplayName("a message within the limit inflates to its original bytes")
    void inflatesWithinLimit() throws Exception {
        BoundedInflater inflater = new BoundedInflater(LIMIT);
        String text = "{\"type\":\"ping\",\"pad\":\"" + "abc".repeat(1000) + "\"}";

        ByteBuffer out = inflater.inflate(ByteBuffer.wrap(deflate(text)), true);

        assertThat(StandardCharsets.UTF_8.decode(out).toString()).isEqualTo(text);
        assertThat(inflater.overflowed()).isFalse();
    }

    @Test
    @DisplayName("a compression bomb yields the limit plus one byte, never the whole message")
    void bombIsCutAtTheLimit() throws Exception {
        BoundedInflater inflater = new BoundedInflater(LIMIT);
        byte[] bomb = deflate(" ".repeat(32 << 20));

        ByteBuffer out = inflater.inflate(ByteBuffer.wrap(bomb), true);

        assertThat(out.remaining()).isEqualTo(LIMIT + 1);
        assertThat(out.capacity()).isLessThanOrEqualTo(LIMIT + 1);
    }

    @Test
    @DisplayName("the limit counts a message across its fragments, and resets for the next message")
    void limitSpansFragments() throws Exception {
        BoundedInflater inflater = new BoundedInflater(LIMIT);
        byte[] compressed = deflate(" ".repeat(LIMIT * 2));
        int half = compressed.length / 2;

        int first = inflater.inflate(ByteBuffer.wrap(compressed, 0, half), false).remaining();
        int second = inflater.inflate(
                ByteBuffer.wrap(compressed, half, compressed.length - half), true).remaining();

        assertThat(first + second).isEqualTo(LIMIT + 1);
        ByteBuffer next = inflater.inflate(ByteBuffer.wrap(deflate("{}")), true);
        assertThat(inflater.overflowed()).isFalse();
        assertThat(StandardCharsets.UTF_8.decode(next).toString()).isEqualTo("{}");
    }

    // A complete permessage-deflate message: raw deflate, sync-flushed, without the 4-byte tail.
    static byte[] deflate(String text) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length || !deflater.needsInput());
        deflater.end();
        byte[] bytes = out.toByteArray();
        return Arrays.copyOf(bytes, bytes.length - 4);
    }
}
