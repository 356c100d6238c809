package io.switchboard.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.spi.TextFrame;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * An emitter's pre-encoded ids give the very bytes of an envelope encoded field by field, for any
 * ids, any epoch (escaped as the generator escapes, also when the log changes it between events)
 * and with or without a run or thread.
 */
class EnvelopeIdsProperties {

    private static final Instant TS = Instant.parse("2026-12-02T10:00:00.5Z");

    private final WireCodec codec = new WireCodec();

    @Property(tries = 300)
    void sameBytesAsFieldByField(@ForAll("ids") String user, @ForAll("ids") String threadName,
            @ForAll("ids") String runName, @ForAll boolean withRun, @ForAll boolean withThread,
            @ForAll @Size(min = 1, max = 6) List<@From("epochs") String> epochs) {
        String stream = user + "#" + threadName;
        RunId run = withRun ? RunId.of(runName) : null;
        ThreadId thread = withThread ? ThreadId.of(threadName) : null;
        EnvelopeIds ids = codec.envelopeIds(stream, run, thread);
        long seq = 1;
        for (String epoch : epochs) {
            ToolExecuting event = new ToolExecuting("c-" + seq, "search", Map.of("q", "x" + seq));
            Envelope envelope = new Envelope(event, stream, seq, epoch, run, thread, TS);
            assertThat(text(codec.encode(envelope, ids))).isEqualTo(text(codec.encode(envelope)));
            seq++;
        }
    }

    @Property(tries = 100)
    void equalButOtherIdsAreEncodedFieldByField(@ForAll("ids") String user, @ForAll("ids") String threadName) {
        String stream = user + "#" + threadName;
        EnvelopeIds ids = codec.envelopeIds(stream, RunId.of("r-1"), ThreadId.of(threadName));
        // The same stream, another run than the ids were made for: its own run_id is written.
        Envelope other = new Envelope(ApplicationEvent.of("note", Map.of("n", 1)), stream, 7L, "e-1",
                RunId.of("r-2"), ThreadId.of(threadName), TS);
        String frame = text(codec.encode(other, ids));
        assertThat(frame).isEqualTo(text(codec.encode(other))).contains("\"run_id\":\"r-2\"");
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abcXYZ019._:@/-").ofMinLength(1).ofMaxLength(20);
    }

    @Provide
    Arbitrary<String> epochs() {
        // The in-memory log's are hex; another log's may hold anything the generator must escape.
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(16),
                Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMinLength(1).ofMaxLength(12),
                Arbitraries.of("é \"x\"\n\u2028", "\\", "\u0000\u001f"));
    }

    private static String text(TextFrame frame) {
        return StandardCharsets.UTF_8.decode(frame.asByteBuffer()).toString();
    }
}
