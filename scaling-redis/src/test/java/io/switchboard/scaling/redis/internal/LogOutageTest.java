package io.switchboard.scaling.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLogException;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.scaling.redis.testing.Await;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The replay log while Redis is unreachable")
class LogOutageTest {

    private RedisServerProcess redis;
    private Clusters clusters;
    private final StreamId stream = StreamId.ofThread(UserId.of("alice"), ThreadId.of("t-1"));

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start();
        clusters = new Clusters(redis.uri());
    }

    @AfterEach
    void stop() {
        clusters.close();
        redis.close();
    }

    private static StreamCursor cursor(StreamId stream, String epoch, long seq) {
        return new StreamCursor(stream, Optional.ofNullable(epoch), seq);
    }

    private static List<String> positions(Replay replay) {
        assertThat(replay).isInstanceOf(Replay.Events.class);
        return ((Replay.Events) replay).events().stream()
                .map(event -> event.epoch() + "/" + event.seq()).toList();
    }

    @Test
    @DisplayName("killed: appends continue in a local epoch; after the restart they are in the log "
            + "and cursors of the lost data get epoch_changed")
    void killedAndRestarted() {
        DefaultRedisCluster a = clusters.started("a");
        DefaultRedisCluster b = clusters.started("b");
        String before = Clusters.append(a.replayLog(), stream, "agent_started", true).epoch();
        Clusters.append(a.replayLog(), stream, "tool_executing", false);

        redis.kill();
        StoredEvent f1 = Clusters.append(a.replayLog(), stream, "tool_completed", false);
        StoredEvent f2 = Clusters.append(a.replayLog(), stream, "agent_completed", true);
        assertThat(a.redisAvailable()).isFalse();
        assertThat(f1.epoch()).isNotEqualTo(before).startsWith("f");
        assertThat(List.of(f1.seq(), f2.seq())).containsExactly(1L, 2L);
        // Served locally: the fallback epoch, and the last position known before the outage.
        assertThat(positions(a.replayLog().read(cursor(stream, f1.epoch(), 1))))
                .containsExactly(f1.epoch() + "/2");
        assertThat(positions(a.replayLog().read(cursor(stream, before, 2))))
                .containsExactly(f1.epoch() + "/1", f1.epoch() + "/2");
        assertThatThrownBy(() -> a.replayLog().read(cursor(stream, before, 1)))
                .isInstanceOf(ReplayLogException.class);
        assertThatThrownBy(() -> b.replayLog().read(cursor(stream, before, 2)))
                .isInstanceOf(ReplayLogException.class);

        redis.restart();
        Await.until(Duration.ofSeconds(10), "a recovers and moves its events into Redis",
                () -> a.redisAvailable() && !a.log().hasFallbackSegments());
        Await.until(Duration.ofSeconds(10), "b recovers", b::redisAvailable);
        assertThat(positions(b.replayLog().read(cursor(stream, f1.epoch(), 0))))
                .containsExactly(f1.epoch() + "/1", f1.epoch() + "/2");
        Replay.Gap lost = (Replay.Gap) b.replayLog().read(cursor(stream, before, 2));
        assertThat(lost.reason()).isEqualTo(GapReason.EPOCH_CHANGED);
        assertThat(lost.state().lastLifecycle()).hasValueSatisfying(mark ->
                assertThat(mark.type()).isEqualTo("agent_completed"));
        StoredEvent after = Clusters.append(b.replayLog(), stream, "agent_started", true);
        assertThat(after.epoch() + "/" + after.seq()).isEqualTo(f1.epoch() + "/3");
        assertThat(a.log().adoptedAsBreak()).isEqualTo(1);
    }

    @Test
    @DisplayName("frozen: appends fail over within the command timeout; after the thaw the local "
            + "segment continues the epoch, so old cursors resume exactly")
    void frozenAndThawed() {
        DefaultRedisCluster a = clusters.started("a");
        DefaultRedisCluster b = clusters.started("b");
        String before = Clusters.append(a.replayLog(), stream, "agent_started", true).epoch();
        Clusters.append(a.replayLog(), stream, "tool_executing", false);

        redis.freeze();
        long started = System.nanoTime();
        StoredEvent f1 = Clusters.append(a.replayLog(), stream, "tool_completed", false);
        long firstMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        StoredEvent f2 = Clusters.append(a.replayLog(), stream, "agent_completed", true);
        long secondMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(firstMillis).as("bounded by the command timeout").isLessThan(1500);
        assertThat(secondMillis).as("no Redis round trip once it is known down").isLessThan(100);
        assertThat(f2.epoch()).isEqualTo(f1.epoch()).startsWith("f");
        redis.thaw();

        Await.until(Duration.ofSeconds(10), "a recovers and moves its events into Redis",
                () -> a.redisAvailable() && !a.log().hasFallbackSegments());
        Await.until(Duration.ofSeconds(10), "b recovers", b::redisAvailable);
        assertThat(positions(b.replayLog().read(cursor(stream, before, 2))))
                .containsExactly(f1.epoch() + "/1", f1.epoch() + "/2");
        assertThat(positions(b.replayLog().read(cursor(stream, before, 1))))
                .containsExactly(before + "/2", f1.epoch() + "/1", f1.epoch() + "/2");
        // The append that timed out during the freeze ran after its deadline and stored nothing.
        assertThat(redis.command("XLEN", clusters.prefix() + ":log:" + stream.wireName()))
                .isEqualTo(":4\r\n");
        assertThat(a.log().adoptedAsBreak()).isZero();
        assertThat(Clusters.append(b.replayLog(), stream, "agent_started", true).seq()).isEqualTo(3);
    }
}
