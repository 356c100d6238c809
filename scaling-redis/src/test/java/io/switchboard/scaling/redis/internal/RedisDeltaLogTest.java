package io.switchboard.scaling.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.LoggedEvent;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.StoredDelta;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Redis log with streamed answers")
class RedisDeltaLogTest {

    private static RedisServerProcess redis;
    private Clusters clusters;
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

    private static void append(ReplayLog log, StreamId stream, String type, MessagePart part) {
        log.append(stream, type, Optional.of(RunId.of("r-1")), part == null || !part.kind().isDelta(),
                part, (seq, epoch) -> TextFrame.of("{\"type\":\"" + type + "\",\"seq\":" + seq
                        + ",\"epoch\":\"" + epoch + "\"}"));
    }

    @Test
    @DisplayName("deltas count against no bound: a 3,000-delta answer with a bound of 5 events replays whole, as merged deltas")
    void deltasDoNotUseUpTheCountBound() {
        ReplayLog log = clusters.started("a", builder -> builder.maxEventsPerStream(5)).replayLog();
        append(log, stream, "agent_started", null);
        append(log, stream, "message_started",
                new MessagePart(MessagePart.Kind.MESSAGE_STARTED, "m-1", null, null));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            String token = "t" + (i % 10) + " ";
            text.append(token);
            append(log, stream, "message_delta",
                    new MessagePart(MessagePart.Kind.MESSAGE_DELTA, "m-1", null, token));
        }
        append(log, stream, "message_completed",
                new MessagePart(MessagePart.Kind.MESSAGE_COMPLETED, "m-1", null, null));

        Replay replay = log.read(new StreamCursor(stream, Optional.empty(), 0));
        assertThat(replay).isInstanceOf(Replay.Events.class);
        StringBuilder replayed = new StringBuilder();
        long expectedSeq = 1;
        for (LoggedEvent event : ((Replay.Events) replay).events()) {
            assertThat(event.seqFrom()).isEqualTo(expectedSeq);
            expectedSeq = event.seq() + 1;
            if (event instanceof StoredDelta delta) {
                replayed.append(delta.part().text());
            }
        }
        assertThat(expectedSeq - 1).isEqualTo(3_003);
        assertThat(replayed.toString()).isEqualTo(text.toString());

        // Past the bound in events, the oldest event goes with the deltas before it.
        for (int i = 0; i < 5; i++) {
            append(log, stream, "citation", null);
        }
        Replay trimmed = log.read(new StreamCursor(stream, Optional.of(replay.state().epoch()
                .orElseThrow()), 3_003));
        assertThat(((Replay.Events) trimmed).events()).hasSize(5);
        Replay tooOld = log.read(new StreamCursor(stream, Optional.of(replay.state().epoch()
                .orElseThrow()), 1));
        assertThat(tooOld).isInstanceOf(Replay.Gap.class);
    }
}
