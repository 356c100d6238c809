package io.switchboard.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The inflater behind every transport's permessage-deflate keeps at most the limit plus one byte
 * per message, keeps the peer's context between messages, and refuses what does not inflate.
 */
@DisplayName("Bounded inflation")
class BoundedInflaterTest {

    private static final int LIMIT = 64 * 1024;

    @Test
    @DisplayName("a message within the limit inflates to its original bytes")
    void inflatesWithinLimit() {
        BoundedInflater inflater = new BoundedInflater(LIMIT);
        String text = "{\"type\":\"ping\",\"pad\":\"" + "abc".repeat(1000) + "\"}";

        ByteBuffer out = inflater.inflate(ByteBuffer.wrap(deflate(text)), true);

        assertThat(StandardCharsets.UTF_8.decode(out).toString()).isEqualTo(text);
        assertThat(inflater.overflowed()).isFalse();
    }

    @Test
    @DisplayName("a compression bomb yields the limit plus one byte, never the whole message")
    void bombIsCutAtTheLimit() {
        BoundedInflater inflater = new BoundedInflater(LIMIT);
        byte[] bomb = deflate(" ".repeat(32 << 20));

        ByteBuffer out = inflater.inflate(ByteBuffer.wrap(bomb), true);

        assertThat(out.remaining()).isEqualTo(LIMIT + 1);
        assertThat(out.capacity()).isLessThanOrEqualTo(LIMIT + 1);
        assertThat(inflater.overflowed()).isTrue();
    }

    @Test
    @DisplayName("the limit counts a message across its fragments, and resets for the next message")
    void limitSpansFragments() {
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

    @Test
    @DisplayName("the peer's compression context carries over from one message to the next")
    void contextTakeover() {
        BoundedInflater inflater = new BoundedInflater(LIMIT);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        String text = "{\"type\":\"ping\",\"pad\":\"" + "repeat me ".repeat(50) + "\"}";

        for (int i = 0; i < 3; i++) {
            ByteBuffer out = inflater.inflate(ByteBuffer.wrap(deflate(deflater, text)), true);
            assertThat(StandardCharsets.UTF_8.decode(out).toString()).isEqualTo(text);
        }
        deflater.end();
    }

    @Test
    @DisplayName("a peer that ends its stream with a final block starts a new one next message")
    void finalBlockStartsNewStream() {
        BoundedInflater inflater = new BoundedInflater(LIMIT);

        for (String text : new String[] {"{\"a\":1}", "{\"b\":2}"}) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
            deflater.finish();
            byte[] chunk = new byte[256];
            int n = deflater.deflate(chunk);
            deflater.end();
            ByteBuffer out = inflater.inflate(ByteBuffer.wrap(chunk, 0, n), true);
            assertThat(StandardCharsets.UTF_8.decode(out).toString()).isEqualTo(text);
        }
    }

    @Test
    @DisplayName("data that is not raw deflate fails as invalid data, without echoing it")
    void invalidData() {
        BoundedInflater inflater = new BoundedInflater(LIMIT);

        assertThatThrownBy(() -> inflater.inflate(
                ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, 0x13, 0x37}), true))
                .isInstanceOf(BoundedInflater.InvalidDataException.class)
                .hasMessage("invalid deflate data");
    }

    @Test
    @DisplayName("the limit holds inside one chunk, a byte past it at most, for a limit of 1")
    void tinyLimit() {
        BoundedInflater inflater = new BoundedInflater(1);

        ByteBuffer out = inflater.inflate(ByteBuffer.wrap(deflate("{}")), true);

        assertThat(out.remaining()).isEqualTo(2);
        assertThat(inflater.overflowed()).as("set until the next message starts").isTrue();
    }

    @Test
    @DisplayName("end is idempotent, and an ended inflater refuses more input")
    void end() {
        BoundedInflater inflater = new BoundedInflater(LIMIT);
        inflater.end();
        inflater.end();

        assertThatThrownBy(() -> inflater.inflate(ByteBuffer.wrap(deflate("{}")), true))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("the empty block a sender strips is recognised at a buffer's end")
    void emptyBlock() {
        ByteBuffer withTail = ByteBuffer.allocate(8).put(new byte[] {1, 0, 0, (byte) 0xff, (byte) 0xff});
        ByteBuffer without = ByteBuffer.allocate(8).put(new byte[] {0, 0, (byte) 0xff});

        assertThat(BoundedInflater.endsWithEmptyBlock(withTail)).isTrue();
        assertThat(BoundedInflater.endsWithEmptyBlock(without)).isFalse();
    }

    // A complete permessage-deflate message: raw deflate, sync-flushed, without the 4-byte tail.
    static byte[] deflate(String text) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] bytes = deflate(deflater, text);
        deflater.end();
        return bytes;
    }

    // One message through a deflater whose context carries over (no reset between messages).
    static byte[] deflate(Deflater deflater, String text) {
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length || !deflater.needsInput());
        byte[] bytes = out.toByteArray();
        return Arrays.copyOf(bytes, bytes.length - 4);
    }
}
