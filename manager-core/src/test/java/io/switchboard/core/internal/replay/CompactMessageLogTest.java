package io.switchboard.core.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.LoggedEvent;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.OpenMessage;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLogLimits;
import io.switchboard.core.replay.StoredDelta;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.ManualTicker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.openjdk.jol.info.GraphLayout;

/**
 * The in-memory log keeps a streamed message as its text: memory grows with the text, not with the
 * number of deltas; deltas use up no count bound; a resume from anywhere inside the message gets
 * exactly the rest of it; a gap names the open message and how much of it is lost.
 */
class CompactMessageLogTest {

    private static final StreamId STREAM = StreamId.ofThread(UserId.of("alice"), ThreadId.of("t-1"));
    private static final Optional<RunId> RUN = Optional.of(RunId.of("r-1"));
    // Tokens as a model streams them: about four characters each, some not ASCII.
    private static final String[] TOKENS = {"The ", "quic", "k br", "own ", "fox ", "jump", "s ov",
        "er t", "he l", "azy ", "dog.", " Ça ", "va? ", "Oslo", " is ", "cold", " 🌧 ", "rain", "\n"};

    private final ManualTicker ticker = new ManualTicker();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    private InMemoryReplayLog log(int maxEvents) {
        return new InMemoryReplayLog(ReplayLogLimits.builder().maxEventsPerStream(maxEvents).build(),
                ticker, clock);
    }

    private static StoredEvent event(InMemoryReplayLog log, String type, MessagePart part) {
        return log.append(STREAM, type, RUN, true, part, (seq, epoch) ->
                TextFrame.of("{\"type\":\"" + type + "\",\"seq\":" + seq + ",\"epoch\":\"" + epoch
                        + "\",\"payload\":{}}"));
    }

    private static long delta(InMemoryReplayLog log, String messageId, String text) {
        // A realistic envelope size, so that keeping frames would show.
        return log.append(STREAM, "message_delta", RUN, false,
                new MessagePart(MessagePart.Kind.MESSAGE_DELTA, messageId, null, text),
                (seq, epoch) -> TextFrame.of("{\"type\":\"message_delta\",\"stream\":\"alice#t-1\","
                        + "\"seq\":" + seq + ",\"epoch\":\"" + epoch + "\",\"run_id\":\"r-1\","
                        + "\"thread_id\":\"t-1\",\"ts\":\"2026-11-22T12:00:00.123Z\","
                        + "\"payload\":{\"message_id\":\"" + messageId + "\",\"delta\":\"" + text
                        + "\"}}")).seq();
    }

    private static MessagePart started(String id) {
        return new MessagePart(MessagePart.Kind.MESSAGE_STARTED, id, null, null);
    }

    private static MessagePart completed(String id) {
        return new MessagePart(MessagePart.Kind.MESSAGE_COMPLETED, id, null, null);
    }

    /** Streams one answer of {@code deltas} deltas; returns the text and each delta's seq. */
    private static String answer(InMemoryReplayLog log, String id, int deltas, List<Long> seqs) {
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < deltas; i++) {
            String token = TOKENS[random.nextInt(TOKENS.length)];
            text.append(token);
            seqs.add(delta(log, id, token));
        }
        return text.toString();
    }

    private static String replayedText(Replay answer, String id) {
        StringBuilder text = new StringBuilder();
        for (LoggedEvent event : ((Replay.Events) answer).events()) {
            if (event instanceof StoredDelta delta && delta.part().id().equals(id)) {
                text.append(delta.part().text());
            }
        }
        return text.toString();
    }

    @Test
    @DisplayName("an answer of 10,000 deltas of about 4 characters costs at most twice its text, plus a fixed overhead")
    void memoryGrowsWithTheTextNotWithTheDeltas(TestReporter reporter) {
        InMemoryReplayLog log = log(1000);
        event(log, "message_started", started("m-1"));
        long before = GraphLayout.parseInstance(log).totalSize();
        String text = answer(log, "m-1", 10_000, new ArrayList<>());
        event(log, "message_completed", completed("m-1"));
        long after = GraphLayout.parseInstance(log).totalSize();

        long textBytes = text.getBytes(StandardCharsets.UTF_8).length;
        long growth = after - before;
        String figure = String.format(
                "10,000 deltas, %d chars, %d UTF-8 bytes: log grew by %d bytes (%.2f x the text)",
                text.length(), textBytes, growth, (double) growth / textBytes);
        reporter.publishEntry("log memory", figure);
        System.out.println("log memory: " + figure);
        assertThat(growth).isLessThanOrEqualTo(2 * textBytes + 4096);
    }

    @Test
    @DisplayName("a resume from any seq inside the message gets exactly the rest of its text, in one merged delta")
    void resumeFromInsideGetsTheRest() {
        InMemoryReplayLog log = log(1000);
        long startedSeq = event(log, "message_started", started("m-1")).seq();
        List<Long> seqs = new ArrayList<>();
        answer(log, "m-1", 2_000, seqs);
        Replay whole = log.read(new StreamCursor(STREAM, Optional.empty(), 0));
        String epoch = whole.state().epoch().orElseThrow();
        String all = replayedText(whole, "m-1");

        StringBuilder prefix = new StringBuilder();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < seqs.size(); i++) {
            prefix.append(TOKENS[random.nextInt(TOKENS.length)]);
            if (i % 37 != 0 && i != seqs.size() - 1) {
                continue;
            }
            Replay rest = log.read(new StreamCursor(STREAM, Optional.of(epoch), seqs.get(i)));
            assertThat(prefix + replayedText(rest, "m-1")).isEqualTo(all);
            List<? extends LoggedEvent> events = ((Replay.Events) rest).events();
            assertThat(events).hasSizeLessThanOrEqualTo(1);
            if (!events.isEmpty()) {
                assertThat(events.get(0).seqFrom()).isEqualTo(seqs.get(i) + 1);
                assertThat(events.get(0).seq()).isEqualTo(seqs.get(seqs.size() - 1));
            }
        }
        Replay fromBefore = log.read(new StreamCursor(STREAM, Optional.of(epoch), startedSeq - 1));
        assertThat(((Replay.Events) fromBefore).events().get(0)).isInstanceOf(StoredEvent.class);
        assertThat(replayedText(fromBefore, "m-1")).isEqualTo(all);
    }

    @Test
    @DisplayName("a bounded read cuts the message before the first seq the connection got live")
    void boundedReadCutsTheMessage() {
        InMemoryReplayLog log = log(1000);
        event(log, "message_started", started("m-1"));
        List<Long> seqs = new ArrayList<>();
        String all = answer(log, "m-1", 100, seqs);
        String epoch = log.state(STREAM).epoch().orElseThrow();
        Replay cut = log.read(new StreamCursor(STREAM, Optional.of(epoch), seqs.get(9)), seqs.get(50));
        StoredDelta only = (StoredDelta) ((Replay.Events) cut).events().get(0);
        assertThat(only.seqFrom()).isEqualTo(seqs.get(10));
        assertThat(only.seq()).isEqualTo(seqs.get(49));
        String expected = replayedText(log.read(new StreamCursor(STREAM, Optional.of(epoch),
                seqs.get(9))), "m-1");
        Replay tail = log.read(new StreamCursor(STREAM, Optional.of(epoch), seqs.get(49)));
        assertThat(only.part().text() + replayedText(tail, "m-1")).isEqualTo(expected);
        assertThat(all).endsWith(expected);
    }

    @Test
    @DisplayName("deltas use up no count bound: 10,000 deltas with a bound of 10 events stay resumable from the start")
    void deltasDoNotCount() {
        InMemoryReplayLog log = log(10);
        event(log, "agent_started", null);
        event(log, "message_started", started("m-1"));
        String text = answer(log, "m-1", 10_000, new ArrayList<>());
        event(log, "message_completed", completed("m-1"));
        Replay replay = log.read(new StreamCursor(STREAM, Optional.empty(), 0));
        assertThat(replay).isInstanceOf(Replay.Events.class);
        assertThat(replayedText(replay, "m-1")).isEqualTo(text);
        assertThat(((Replay.Events) replay).events()).hasSize(4);
    }

    @Test
    @DisplayName("past the count bound the oldest event goes with the deltas before it; a gap names the open message and the characters lost")
    void gapNamesTheOpenMessage() {
        InMemoryReplayLog log = log(3);
        event(log, "message_started", started("m-1"));
        List<Long> seqs = new ArrayList<>();
        String text = answer(log, "m-1", 50, seqs);
        String epoch = log.state(STREAM).epoch().orElseThrow();
        for (int i = 0; i < 3; i++) {
            event(log, "citation", null); // three more events push message_started out
        }
        delta(log, "m-1", "more");
        Replay gap = log.read(new StreamCursor(STREAM, Optional.of(epoch), seqs.get(9)));
        // The message entry is still whole, but seq started+... were trimmed up to the start.
        Replay fromStart = log.read(new StreamCursor(STREAM, Optional.of(epoch), 0));
        assertThat(fromStart).isInstanceOf(Replay.Gap.class);
        assertThat(((Replay.Gap) fromStart).reason()).isEqualTo(GapReason.TOO_OLD);
        List<OpenMessage> open = ((Replay.Gap) fromStart).openMessages();
        assertThat(open).extracting(OpenMessage::messageId).containsExactly("m-1");
        assertThat(open.get(0).lostChars()).isEqualTo(text.length() + "more".length());
        assertThat(gap).isInstanceOf(Replay.Events.class); // a cursor after the trimmed start is fine

        Replay otherEpoch = log.read(new StreamCursor(STREAM, Optional.of("e-old"), 5));
        assertThat(((Replay.Gap) otherEpoch).reason()).isEqualTo(GapReason.EPOCH_CHANGED);
        assertThat(((Replay.Gap) otherEpoch).openMessages().get(0).lostChars())
                .isEqualTo(text.length() + "more".length());
    }

    @Test
    @DisplayName("a completed message is not open; a message keeps its text for the age window after its last delta")
    void ageAndCompletion() {
        InMemoryReplayLog log = log(1000);
        event(log, "message_started", started("m-1"));
        String text = answer(log, "m-1", 500, new ArrayList<>());
        event(log, "message_completed", completed("m-1"));
        ticker.advance(Duration.ofSeconds(170));
        assertThat(replayedText(log.read(new StreamCursor(STREAM, Optional.empty(), 0)), "m-1"))
                .isEqualTo(text);
        ticker.advance(Duration.ofSeconds(20));
        Replay old = log.read(new StreamCursor(STREAM, Optional.empty(), 0));
        assertThat(((Replay.Gap) old).reason()).isEqualTo(GapReason.TOO_OLD);
        assertThat(((Replay.Gap) old).openMessages()).isEmpty();
    }
}
