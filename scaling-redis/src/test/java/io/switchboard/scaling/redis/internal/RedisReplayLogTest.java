package io.switchboard.scaling.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.LoggedEvent;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The replay log on Redis Streams")
class RedisReplayLogTest {

    private static final Duration POLL = Duration.ofMillis(5);

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

    private static StreamCursor cursor(StreamId stream, String epoch, long seq) {
        return new StreamCursor(stream, Optional.ofNullable(epoch), seq);
    }

    private static List<Long> seqs(Replay replay) {
        assertThat(replay).isInstanceOf(Replay.Events.class);
        return ((Replay.Events) replay).events().stream().map(LoggedEvent::seq).toList();
    }

    @Test
    @DisplayName("numbers a new stream from 1 in a new epoch and replays exactly what a cursor missed")
    void numbersAndReplays() {
        ReplayLog log = clusters.started("a").log();
        List<StoredEvent> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored.add(Clusters.append(log, stream, "tool_executing", false));
        }
        String epoch = stored.get(0).epoch();
        assertThat(stored).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(stored).extracting(StoredEvent::epoch).containsOnly(epoch);
        assertThat(stored.get(2).frame().text()).contains("\"seq\":3").contains(epoch);

        Replay replay = log.read(cursor(stream, epoch, 2));
        assertThat(seqs(replay)).containsExactly(3L, 4L, 5L);
        assertThat(((StoredEvent) ((Replay.Events) replay).events().get(0)).frame().text())
                .isEqualTo(stored.get(2).frame().text());
        assertThat(replay.state().epoch()).contains(epoch);
        assertThat(replay.state().lastSeq()).isEqualTo(5);
        assertThat(seqs(log.read(cursor(stream, epoch, 5)))).isEmpty();
        assertThat(seqs(log.read(cursor(stream, null, 0)))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    @DisplayName("answers a cursor it cannot serve with the reason and the stream's state")
    void gaps() {
        ReplayLog log = clusters.started("a").log();
        StreamId absent = StreamId.ofUser(UserId.of("nobody"));
        assertThat(seqs(log.read(cursor(absent, null, 0)))).isEmpty();
        assertThat(((Replay.Gap) log.read(cursor(absent, "e-old", 4))).reason())
                .isEqualTo(GapReason.EPOCH_CHANGED);

        Clusters.append(log, stream, "agent_started", true);
        StoredEvent last = Clusters.append(log, stream, "agent_thinking", false);
        Replay.Gap ahead = (Replay.Gap) log.read(cursor(stream, last.epoch(), 9));
        assertThat(ahead.reason()).isEqualTo(GapReason.CURSOR_AHEAD);
        Replay.Gap otherEpoch = (Replay.Gap) log.read(cursor(stream, "e-other", 1));
        assertThat(otherEpoch.reason()).isEqualTo(GapReason.EPOCH_CHANGED);
        assertThat(otherEpoch.state().epoch()).contains(last.epoch());
        assertThat(otherEpoch.state().lastSeq()).isEqualTo(2);
        assertThat(otherEpoch.state().lastLifecycle()).hasValueSatisfying(mark -> {
            assertThat(mark.type()).isEqualTo("agent_started");
            assertThat(mark.seq()).isEqualTo(1);
        });
        assertThat(((Replay.Gap) log.read(cursor(stream, null, 3))).reason())
                .isEqualTo(GapReason.EPOCH_CHANGED);
        assertThat(log.state(stream).lastSeq()).isEqualTo(2);
        assertThat(log.find(stream, 2)).hasValueSatisfying(found ->
                assertThat(found.type()).isEqualTo("agent_thinking"));
    }

    @Test
    @DisplayName("keeps at most maxEventsPerStream events: an older cursor gets too_old")
    void countBound() {
        ReplayLog log = clusters.started("a", config -> config.maxEventsPerStream(5)).log();
        String epoch = null;
        for (int i = 0; i < 8; i++) {
            epoch = Clusters.append(log, stream, "tool_executing", false).epoch();
        }
        assertThat(((Replay.Gap) log.read(cursor(stream, epoch, 2))).reason())
                .isEqualTo(GapReason.TOO_OLD);
        assertThat(seqs(log.read(cursor(stream, epoch, 3)))).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(redis.command("XLEN", clusters.keys().log(stream)))
                .isEqualTo(":5\r\n");
    }

    @Test
    @DisplayName("drops events older than maxEventAge, and forgets a stream unused for twice that")
    void ageBound() {
        ReplayLog log = clusters.started("a", config -> config.maxEventAge(Duration.ofMillis(400)))
                .log();
        String epoch = Clusters.append(log, stream, "agent_started", true).epoch();
        Clusters.append(log, stream, "tool_executing", false);
        await("the first events age out").atMost(Duration.ofSeconds(5)).pollInterval(POLL)
                .until(() -> log.read(cursor(stream, epoch, 0)) instanceof Replay.Gap gap
                        && gap.reason() == GapReason.TOO_OLD);
        await("the idle stream is forgotten").atMost(Duration.ofSeconds(5)).pollInterval(POLL)
                .until(() -> redis.command("EXISTS", clusters.keys().meta(stream))
                        .equals(":0\r\n"));
        StoredEvent next = Clusters.append(log, stream, "agent_started", true);
        assertThat(next.seq()).isEqualTo(1);
        assertThat(next.epoch()).isNotEqualTo(epoch);
        assertThat(((Replay.Gap) log.read(cursor(stream, epoch, 2))).reason())
                .isEqualTo(GapReason.EPOCH_CHANGED);
    }

    @Test
    @DisplayName("is shared: a cursor from one instance resumes exactly on another")
    void sharedBetweenInstances() {
        ReplayLog a = clusters.started("a").log();
        ReplayLog b = clusters.started("b").log();
        StoredEvent first = Clusters.append(a, stream, "agent_started", true);
        Clusters.append(a, stream, "tool_executing", false);
        assertThat(seqs(b.read(cursor(stream, first.epoch(), 1)))).containsExactly(2L);
        // b appends next, then a must continue after b's event, not overwrite it.
        assertThat(Clusters.append(b, stream, "tool_completed", false).seq()).isEqualTo(3);
        StoredEvent fourth = Clusters.append(a, stream, "agent_completed", true);
        assertThat(fourth.seq()).isEqualTo(4);
        assertThat(fourth.epoch()).isEqualTo(first.epoch());
        assertThat(seqs(a.read(cursor(stream, first.epoch(), 0)))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    @DisplayName("gives concurrent appends of two instances unique, strictly increasing seqs")
    void concurrentAppends() throws Exception {
        List<ReplayLog> logs = List.of(clusters.started("a").log(),
                clusters.started("b").log());
        int perWriter = 150;
        ExecutorService writers = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<StoredEvent>>> results = new ArrayList<>();
        for (int writer = 0; writer < 4; writer++) {
            ReplayLog log = logs.get(writer % 2);
            results.add(writers.submit(() -> {
                go.await();
                List<StoredEvent> mine = new ArrayList<>();
                for (int i = 0; i < perWriter; i++) {
                    mine.add(Clusters.append(log, stream, "tool_executing", false));
                }
                return mine;
            }));
        }
        go.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<List<StoredEvent>> result : results) {
            List<Long> mine = result.get().stream().map(StoredEvent::seq).toList();
            assertThat(mine).isSorted().doesNotHaveDuplicates();
            all.addAll(mine);
        }
        writers.shutdown();
        Collections.sort(all);
        List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= 4L * perWriter; seq++) {
            expected.add(seq);
        }
        assertThat(all).isEqualTo(expected);
        String epoch = logs.get(0).state(stream).epoch().orElseThrow();
        List<StoredEvent> replay = ((Replay.Events) logs.get(1).read(cursor(stream, epoch, 0)))
                .events().stream().map(StoredEvent.class::cast).toList();
        assertThat(replay).extracting(StoredEvent::seq).isEqualTo(expected);
        replay.forEach(event ->
                assertThat(event.frame().text()).contains("\"seq\":" + event.seq() + ","));
    }
}
