package io.switchboard.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonValue;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.spi.TextFrame;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The envelope's bytes, as docs/protocol.md shows them, through the codec's reused per-thread
 * generator: frame after frame, after a failed one, after a large one, re-entered, and on several
 * threads at once.
 */
class WireCodecEncodeTest {

    private static final Instant TS = Instant.parse("2026-11-22T12:00:00.123Z");
    private static final String TOOL_FRAME = "{\"type\":\"tool_executing\",\"stream\":\"alice#t-1\",\"seq\":42,"
            + "\"epoch\":\"e-8f2c\",\"run_id\":\"r-9\",\"thread_id\":\"t-1\",\"ts\":\"2026-11-22T12:00:00.123Z\","
            + "\"payload\":{\"tool_call_id\":\"c-1\",\"tool_name\":\"search\",\"arguments\":{\"q\":\"weather\"}}}";

    private final WireCodec codec = new WireCodec();

    @Test
    @DisplayName("an event envelope is the protocol's example, byte for byte, every time on one thread")
    void envelopeBytes() {
        for (int i = 0; i < 3; i++) {
            assertThat(text(codec.encode(toolEnvelope(42L)))).isEqualTo(TOOL_FRAME);
        }
    }

    @Test
    @DisplayName("absent parts are left out; strings are escaped; timestamps keep Instant.toString's form")
    void absentPartsAndEscapes() {
        Envelope bare = new Envelope(ApplicationEvent.of("note", Map.of("text", "é \"x\"\n\u2028")),
                null, null, null, null, null, Instant.parse("2026-11-22T12:00:00Z"));
        assertThat(text(codec.encode(bare))).isEqualTo("{\"type\":\"note\",\"ts\":\"2026-11-22T12:00:00Z\","
                + "\"payload\":{\"text\":\"é \\\"x\\\"\\n\u2028\"}}");
        Envelope micros = new Envelope(ApplicationEvent.of("note", null), "alice#", 1L, "e", null, null,
                Instant.parse("2026-11-22T12:00:00.000100Z"));
        assertThat(text(codec.encode(micros))).isEqualTo("{\"type\":\"note\",\"stream\":\"alice#\",\"seq\":1,"
                + "\"epoch\":\"e\",\"ts\":\"2026-11-22T12:00:00.000100Z\",\"payload\":null}");
    }

    @Test
    @DisplayName("a merged delta has its seq_from and the concatenated text")
    void mergedDeltaBytes() {
        TextFrame frame = codec.mergedDelta("alice#t-1", 9, 12, "e-8f2c", RunId.of("r-9"), ThreadId.of("t-1"),
                Instant.parse("2026-11-22T12:00:00.210Z"),
                new MessagePart(MessagePart.Kind.MESSAGE_DELTA, "m-1", null, "ignored"), "weather in Oslo");
        assertThat(text(frame)).isEqualTo("{\"type\":\"message_delta\",\"stream\":\"alice#t-1\",\"seq_from\":9,"
                + "\"seq\":12,\"epoch\":\"e-8f2c\",\"run_id\":\"r-9\",\"thread_id\":\"t-1\","
                + "\"ts\":\"2026-11-22T12:00:00.210Z\","
                + "\"payload\":{\"message_id\":\"m-1\",\"delta\":\"weather in Oslo\"}}");
    }

    @Test
    @DisplayName("a payload that fails half-written leaves nothing behind for the next frame")
    void afterFailure() {
        Envelope failing = new Envelope(ApplicationEvent.of("bad", new Failing()), "alice#t-1", 1L, "e", null,
                null, TS);
        assertThatThrownBy(() -> codec.encode(failing)).isInstanceOf(EventEncodingException.class);
        assertThat(text(codec.encode(toolEnvelope(42L)))).isEqualTo(TOOL_FRAME);
    }

    @Test
    @DisplayName("a frame larger than the kept buffer is whole, and the next small one too")
    void afterLargeFrame() {
        String big = "x".repeat(FrameScratch.KEEP_LIMIT * 2);
        String frame = text(codec.encode(new Envelope(ApplicationEvent.of("big", Map.of("text", big)),
                null, null, null, null, null, TS)));
        assertThat(frame).isEqualTo("{\"type\":\"big\",\"ts\":\"2026-11-22T12:00:00.123Z\",\"payload\":{\"text\":\""
                + big + "\"}}");
        assertThat(text(codec.encode(toolEnvelope(42L)))).isEqualTo(TOOL_FRAME);
    }

    @Test
    @DisplayName("a payload whose serialization encodes a frame itself does not corrupt the outer one")
    void reentrant() {
        Envelope outer = new Envelope(ApplicationEvent.of("outer", new Reentrant(codec)), null, null, null, null,
                null, TS);
        assertThat(text(codec.encode(outer))).isEqualTo("{\"type\":\"outer\",\"ts\":\"2026-11-22T12:00:00.123Z\","
                + "\"payload\":" + quoted(TOOL_FRAME) + "}");
        assertThat(text(codec.encode(toolEnvelope(42L)))).isEqualTo(TOOL_FRAME);
    }

    @Test
    @DisplayName("threads encoding at once each get their own frames")
    void concurrent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    int wrong = 0;
                    for (long seq = 1; seq <= 5_000; seq++) {
                        String expected = TOOL_FRAME.replace("\"seq\":42", "\"seq\":" + seq);
                        if (!text(codec.encode(toolEnvelope(seq))).equals(expected)) {
                            wrong++;
                        }
                    }
                    return wrong;
                });
            }
            for (Future<Integer> wrong : pool.invokeAll(tasks)) {
                assertThat(wrong.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Envelope toolEnvelope(long seq) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("q", "weather");
        return new Envelope(new ToolExecuting("c-1", "search", arguments), "alice#t-1", seq, "e-8f2c",
                RunId.of("r-9"), ThreadId.of("t-1"), TS);
    }

    private static String text(TextFrame frame) {
        byte[] bytes = new byte[frame.asByteBuffer().remaining()];
        frame.asByteBuffer().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\"", "\\\"") + "\"";
    }

    /** A payload whose serialization fails after the envelope's head is written. */
    public static final class Failing {
        /**
         * Fails.
         *
         * @return never
         */
        public String getValue() {
            throw new IllegalStateException("cannot serialize");
        }
    }

    /** A payload that encodes a frame of the same codec while being serialized. */
    public static final class Reentrant {
        private final WireCodec codec;

        Reentrant(WireCodec codec) {
            this.codec = codec;
        }

        /**
         * The inner frame's text.
         *
         * @return the text
         */
        @JsonValue
        public String inner() {
            return text(codec.encode(toolEnvelope(42L)));
        }
    }
}
