package io.switchboard.scaling.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.LoggedEvent;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.OpenMessage;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.StoredDelta;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Redis log with streamed answers")
class RedisDeltaLogTest {

    private static final RunId RUN = RunId.of("r-1");
    private static RedisServerProcess redis;
    private Clusters clusters;
    private long emits;
    private final StreamId stream = StreamId.ofThread(UserId.of("alice"), ThreadId.of("t-1"));

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void createClusters() {
        clusters = new Clusters(redis.uri());
    }

    @AfterEach
    void closeClusters() {
        clusters.close();
    }

    // As an emitter appends: its events numbered under its own name, one at a time.
    private long append(RedisReplayLog log, StreamId stream, String type, MessagePart part) {
        return append(log, stream, type, part, "emitter-1:" + (++emits)).seq();
    }

    private static StoredEvent append(RedisReplayLog log, StreamId stream, String type,
            MessagePart part, String key) {
        return log.appendAndRoute(stream, type, Optional.of(RUN),
                part == null || !part.kind().isDelta(), part, key, (seq, epoch) -> TextFrame.of(
                        "{\"type\":\"" + type + "\",\"seq\":" + seq + ",\"epoch\":\"" + epoch
                                + "\"}")).event();
    }

    private static MessagePart started(String id) {
        return new MessagePart(MessagePart.Kind.MESSAGE_STARTED, id, null, null);
    }

    private static MessagePart delta(String id, String text) {
        return new MessagePart(MessagePart.Kind.MESSAGE_DELTA, id, null, text);
    }

    private static MessagePart completed(String id) {
        return new MessagePart(MessagePart.Kind.MESSAGE_COMPLETED, id, null, null);
    }

    // The text of message id after the cursor, checking that the items cover every seq once.
    private static String textAfter(Replay replay, long cursor, String id) {
        assertThat(replay).isInstanceOf(Replay.Events.class);
        StringBuilder text = new StringBuilder();
        long expected = cursor + 1;
        for (LoggedEvent event : ((Replay.Events) replay).events()) {
            assertThat(event.seqFrom()).as("no seq left out or twice").isEqualTo(expected);
            expected = event.seq() + 1;
            if (event instanceof StoredDelta stored && stored.part().id().equals(id)) {
                text.append(stored.part().text());
            }
        }
        assertThat(expected - 1).as("up to the newest").isEqualTo(replay.state().lastSeq());
        return text.toString();
    }

    @Test
    @DisplayName("deltas count against no bound on events: a 3,000-delta answer with a bound of "
            + "5 events replays whole, as one merged delta")
    void deltasDoNotUseUpTheCountBound() {
        RedisReplayLog log = clusters.started("a", builder -> builder.maxEventsPerStream(5)).log();
        append(log, stream, "agent_started", null);
        append(log, stream, "message_started", started("m-1"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            String token = "t" + (i % 10) + " ";
            text.append(token);
            append(log, stream, "message_delta", delta("m-1", token));
        }
        append(log, stream, "message_completed", completed("m-1"));

        Replay replay = log.read(new StreamCursor(stream, Optional.empty(), 0));
        assertThat(textAfter(replay, 0, "m-1")).isEqualTo(text.toString());
        assertThat(((Replay.Events) replay).events()).as("started, one merged delta, completed")
                .hasSize(4);
        String epoch = replay.state().epoch().orElseThrow();

        // Past the bound in events, the oldest event goes with the deltas before it.
        for (int i = 0; i < 5; i++) {
            append(log, stream, "citation", null);
        }
        Replay trimmed = log.read(new StreamCursor(stream, Optional.of(epoch), 3_003));
        assertThat(((Replay.Events) trimmed).events()).hasSize(5);
        assertThat(log.read(new StreamCursor(stream, Optional.of(epoch), 1)))
                .isInstanceOf(Replay.Gap.class);
    }

    @Test
    @DisplayName("a 10,000-delta answer resumes from any point inside it with exactly the rest of "
            + "its text, costs about 50 bytes a delta in Redis, and a read stops before a seq")
    void longAnswerResumesFromAnyPoint() {
        DefaultRedisCluster port = clusters.started("a");
        RedisReplayLog log = port.log();
        append(log, stream, "agent_started", null);
        long start = append(log, stream, "message_started", started("m-1"));
        List<String> deltas = new ArrayList<>();
        String[] tokens = {"Hi, ", "wörld", " 🌍 ", "ok. "};
        for (int i = 0; i < 10_000; i++) {
            String token = tokens[i % tokens.length];
            deltas.add(token);
            append(log, stream, "message_delta", delta("m-1", token));
            if (i == 5_000) {
                // Another event in the middle of the answer (a tool call's progress).
                append(log, stream, "tool_executing", null);
            }
        }
        long last = append(log, stream, "message_completed", completed("m-1"));
        String epoch = log.state(stream).epoch().orElseThrow();
        String whole = String.join("", deltas);

        for (long cursor = 0; cursor <= last; cursor += cursor < 20 || cursor > last - 20 ? 1 : 97) {
            String rest = textAfter(log.read(new StreamCursor(stream,
                    cursor == 0 ? Optional.empty() : Optional.of(epoch), cursor)), cursor, "m-1");
            // Deltas are at seqs start+1 .. start+5001, then the tool event, then the rest.
            long deltasBefore = Math.max(0, Math.min(cursor - start, 5_001))
                    + Math.max(0, cursor - start - 5_002);
            String expected = String.join("", deltas.subList((int) Math.min(deltasBefore,
                    deltas.size()), deltas.size()));
            assertThat(rest).as("the rest after cursor %d", cursor).isEqualTo(expected);
        }
        assertThat(textAfter(log.read(new StreamCursor(stream, Optional.empty(), 0)), 0, "m-1"))
                .isEqualTo(whole);

        // A read that stops before a seq, as for a connection that got the rest live.
        Replay cut = log.read(new StreamCursor(stream, Optional.of(epoch), start + 10), start + 21);
        List<? extends LoggedEvent> items = ((Replay.Events) cut).events();
        assertThat(items).hasSize(1);
        assertThat(items.get(0).seqFrom()).isEqualTo(start + 11);
        assertThat(items.get(0).seq()).isEqualTo(start + 20);
        assertThat(((StoredDelta) items.get(0)).part().text())
                .isEqualTo(String.join("", deltas.subList(10, 20)));

        long bytes = memory(clusters.keys().log(stream)) + memory(clusters.keys().eventKeys(stream));
        System.out.printf("Redis log: %d deltas of %d characters in all cost %d bytes (%.1f per "
                + "delta, text %d bytes)%n", deltas.size(), whole.length(), bytes,
                bytes / (double) deltas.size(), whole.getBytes(StandardCharsets.UTF_8).length);
        assertThat(bytes / deltas.size()).as("bytes per delta in Redis").isLessThan(80);
    }

    @Test
    @DisplayName("a resume that cannot be served names the open message and the characters lost")
    void gapNamesOpenMessages() {
        RedisReplayLog log = clusters.started("a", builder -> builder.maxEventsPerStream(3)).log();
        append(log, stream, "message_started", started("m-1"));
        append(log, stream, "message_delta", delta("m-1", "Hello "));
        append(log, stream, "message_started", started("m-2"));
        append(log, stream, "message_delta", delta("m-2", "done"));
        append(log, stream, "message_completed", completed("m-2"));
        String epoch = log.state(stream).epoch().orElseThrow();
        // The bound of 3 events pushes out seqs 1 to 3: m-1's start and first delta, m-2's start.
        append(log, stream, "citation", null);
        append(log, stream, "citation", null);
        append(log, stream, "message_delta", delta("m-1", "wörld 🌍"));

        Replay.Gap beforeTrimmedDelta = (Replay.Gap) log.read(
                new StreamCursor(stream, Optional.of(epoch), 1));
        assertThat(beforeTrimmedDelta.reason()).isEqualTo(GapReason.TOO_OLD);
        // The cursor is before a trimmed delta of m-1: where it lies in m-1 is unknown, every
        // character of m-1 is counted.
        assertThat(beforeTrimmedDelta.openMessages()).containsExactly(
                new OpenMessage("m-1", Optional.of(RUN), "Hello wörld 🌍".length()));
        Replay.Gap afterTrimmedDelta = (Replay.Gap) log.read(
                new StreamCursor(stream, Optional.of(epoch), 2));
        assertThat(afterTrimmedDelta.reason()).isEqualTo(GapReason.TOO_OLD);
        // The client had "Hello ": exactly the rest is lost.
        assertThat(afterTrimmedDelta.openMessages()).containsExactly(
                new OpenMessage("m-1", Optional.of(RUN), "wörld 🌍".length()));

        Replay otherEpoch = log.read(new StreamCursor(stream, Optional.of("elsewhere"), 4));
        assertThat(((Replay.Gap) otherEpoch).reason()).isEqualTo(GapReason.EPOCH_CHANGED);
        // Another epoch: every character of it the log has seen.
        assertThat(((Replay.Gap) otherEpoch).openMessages()).containsExactly(
                new OpenMessage("m-1", Optional.of(RUN), "Hello wörld 🌍".length()));

        append(log, stream, "message_completed", completed("m-1"));
        assertThat(((Replay.Gap) log.read(new StreamCursor(stream, Optional.of(epoch), 1)))
                .openMessages()).as("a completed message is not open").isEmpty();
    }

    private static long memory(String key) {
        String answer = redis.command("MEMORY", "USAGE", key, "SAMPLES", "0");
        return Long.parseLong(answer.substring(1).trim());
    }

    @Test
    @DisplayName("a retry of an emitter's newest emit is answered with what was stored, a delta "
            + "encoded again for its seq; the log keeps one record per emitter, not per event")
    void emitterKeysStoreOnce() {
        RedisReplayLog log = clusters.started("a").log();
        MessagePart part = delta("m-1", "Hi");
        StoredEvent first = append(log, stream, "message_delta", part, "e-1:7");
        StoredEvent again = append(log, stream, "message_delta", part, "e-1:7");
        assertThat(again.seq()).isEqualTo(first.seq());
        assertThat(again.frame().text()).isEqualTo(first.frame().text());
        assertThat(append(log, stream, "message_delta", part, "e-1:8").seq())
                .isEqualTo(first.seq() + 1);
        StoredEvent event = append(log, stream, "citation", null, "e-1:9");
        assertThat(append(log, stream, "citation", null, "e-1:9").frame().text())
                .isEqualTo(event.frame().text());
        assertThat(append(log, stream, "citation", null, "e-2:9").seq())
                .as("another emitter's emit 9").isEqualTo(event.seq() + 1);
        assertThat(redis.command("HLEN", clusters.keys().eventKeys(stream)))
                .isEqualTo(":2\r\n");
        assertThat(textAfter(log.read(new StreamCursor(stream, Optional.empty(), 0)), 0, "m-1"))
                .isEqualTo("HiHi");
    }

    @Test
    @DisplayName("Redis restarted with its data: the stream moves to a new epoch, and an old "
            + "cursor's recovery_failed still names the answer that was streaming")
    void openMessageSurvivesAnEpochMove() {
        try (RedisServerProcess persistent = RedisServerProcess.startPersistent();
                Clusters own = new Clusters(persistent.uri())) {
            RedisReplayLog log = own.started("a").log();
            append(log, stream, "message_started", started("m-1"));
            append(log, stream, "message_delta", delta("m-1", "Hello "));
            String before = log.state(stream).epoch().orElseThrow();
            persistent.kill();
            persistent.restart();
            long seq = await("the log appends again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .ignoreExceptionsInstanceOf(RuntimeException.class)
                    .until(() -> append(log, stream, "message_delta", delta("m-1", "wörld")), value -> true);
            assertThat(seq).as("a new epoch from its start").isEqualTo(1);
            Replay.Gap gap = (Replay.Gap) log.read(new StreamCursor(stream, Optional.of(before), 2));
            assertThat(gap.reason()).isEqualTo(GapReason.EPOCH_CHANGED);
            assertThat(gap.openMessages()).containsExactly(
                    new OpenMessage("m-1", Optional.of(RUN), "Hello wörld".length()));
            assertThat(textAfter(log.read(new StreamCursor(stream, Optional.empty(), 0)), 0,
                    "m-1")).as("the new epoch holds what came after the move").isEqualTo("wörld");
        }
    }
}
