package io.switchboard.scaling.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.cluster.ClusterReplayLog;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.LoggedEvent;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLogException;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import io.switchboard.scaling.redis.testing.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The log is the only numbering authority: while Redis does not answer nothing is numbered, a
 * pause shorter than the command timeout changes nothing, an attempt whose answer was lost is
 * stored once, and a Redis that lost or may have lost history gives the stream a new epoch once.
 */
@DisplayName("The replay log while Redis fails")
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

    private static ClusterReplayLog.Routed append(ClusterReplayLog log, StreamId stream,
            String key) {
        return log.appendAndRoute(stream, "progress", Optional.empty(), true, null, key, (seq, epoch) ->
                TextFrame.of("{\"type\":\"progress\",\"seq\":" + seq + ",\"epoch\":\"" + epoch
                        + "\",\"key\":\"" + key + "\"}"));
    }

    @Test
    @DisplayName("killed: appends fail (nothing is numbered elsewhere); restarted empty: the stream "
            + "gets one new epoch for every instance, and an old cursor gets epoch_changed")
    void killedAndRestartedEmpty() {
        DefaultRedisCluster a = clusters.started("a");
        DefaultRedisCluster b = clusters.started("b");
        String before = Clusters.append(a.log(), stream, "agent_started", true).epoch();
        Clusters.append(b.log(), stream, "tool_executing", false);

        redis.kill();
        assertThatThrownBy(() -> Clusters.append(a.log(), stream, "tool_completed", false))
                .isInstanceOf(ReplayLogException.class);
        redis.restart();

        StoredEvent onA = await("a appends again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsInstanceOf(RuntimeException.class)
                .until(() -> Clusters.append(a.log(), stream, "agent_completed", true), value -> true);
        StoredEvent onB = Clusters.append(b.log(), stream, "agent_completed", true);
        assertThat(onA.epoch()).isNotEqualTo(before);
        assertThat(onB.epoch()).as("one new epoch, cluster-wide").isEqualTo(onA.epoch());
        assertThat(List.of(onA.seq(), onB.seq())).containsExactly(1L, 2L);
        Replay old = b.log().read(cursor(stream, before, 2));
        assertThat(old).isInstanceOf(Replay.Gap.class);
        assertThat(((Replay.Gap) old).reason()).isEqualTo(GapReason.EPOCH_CHANGED);
        assertThat(old.state().epoch()).contains(onA.epoch());
    }

    @Test
    @DisplayName("frozen for less than the command timeout: the append waits and lands in the "
            + "same epoch, in order")
    void shortPause() throws Exception {
        DefaultRedisCluster a = clusters.started("a",
                config -> config.commandTimeout(Duration.ofSeconds(2)));
        StoredEvent first = Clusters.append(a.log(), stream, "agent_started", true);
        redis.freeze();
        CompletableFuture<StoredEvent> during = CompletableFuture.supplyAsync(() ->
                Clusters.append(a.log(), stream, "tool_executing", false));
        LockSupport.parkNanos(Duration.ofMillis(700).toNanos());
        redis.thaw();
        StoredEvent second = during.get(5, TimeUnit.SECONDS);
        assertThat(second.epoch()).isEqualTo(first.epoch());
        assertThat(second.seq()).isEqualTo(2);
        assertThat(Clusters.append(a.log(), stream, "tool_completed", false).seq()).isEqualTo(3);
    }

    @Test
    @DisplayName("an attempt whose answer was lost is stored once: its retry with the same key "
            + "answers the stored event, even from another instance")
    void sameKeyStoresOnce() {
        DefaultRedisCluster a = clusters.started("a");
        DefaultRedisCluster b = clusters.started("b");
        StoredEvent first = append(a.log(), stream, "k-1").event();
        StoredEvent again = append(b.log(), stream, "k-1").event();
        assertThat(again.seq()).isEqualTo(first.seq());
        assertThat(again.epoch()).isEqualTo(first.epoch());
        assertThat(again.frame().text()).isEqualTo(first.frame().text());
        assertThat(append(a.log(), stream, "k-2").event().seq()).isEqualTo(2);
        assertThat(((Replay.Events) a.log().read(cursor(stream, first.epoch(), 0))).events())
                .extracting(LoggedEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    @DisplayName("frozen past the timeout: the append fails and runs late as nothing; after the "
            + "thaw the stream continues in the same epoch with no event stored twice")
    void longPause() {
        DefaultRedisCluster a = clusters.started("a");
        StoredEvent first = append(a.log(), stream, "k-1").event();
        redis.freeze();
        assertThatThrownBy(() -> append(a.log(), stream, "k-2"))
                .isInstanceOf(ReplayLogException.class);
        LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        redis.thaw();
        StoredEvent retried = await("the retry lands").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsInstanceOf(RuntimeException.class)
                .until(() -> append(a.log(), stream, "k-2").event(), value -> true);
        assertThat(retried.epoch()).isEqualTo(first.epoch());
        assertThat(retried.seq()).isEqualTo(2);
        assertThat(((Replay.Events) a.log().read(cursor(stream, first.epoch(), 0))).events())
                .extracting(LoggedEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    @DisplayName("restarted with its data under a new replication id: the stream moves to a new "
            + "epoch once, since the newest events may be lost; old cursors get epoch_changed")
    void restartedWithData() {
        redis.close();
        redis = RedisServerProcess.startPersistent();
        clusters = new Clusters(redis.uri());
        DefaultRedisCluster a = clusters.started("a");
        DefaultRedisCluster b = clusters.started("b");
        String before = Clusters.append(a.log(), stream, "agent_started", true).epoch();
        redis.kill();
        redis.restart();
        StoredEvent next = await("a appends again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsInstanceOf(RuntimeException.class)
                .until(() -> Clusters.append(a.log(), stream, "tool_executing", false), value -> true);
        assertThat(next.epoch()).isNotEqualTo(before);
        assertThat(next.seq()).isEqualTo(1);
        assertThat(Clusters.append(b.log(), stream, "tool_completed", false).epoch())
                .isEqualTo(next.epoch());
        assertThat(((Replay.Gap) b.log().read(cursor(stream, before, 1))).reason())
                .isEqualTo(GapReason.EPOCH_CHANGED);
    }

    @Test
    @DisplayName("an append that ran in time but whose answer came after the timeout is found "
            + "stored: answered as stored, stored once, never reported failed")
    void lateAnswer() {
        try (TcpProxy proxy = TcpProxy.to(redis.port());
                Clusters viaProxy = new Clusters(proxy.uri())) {
            DefaultRedisCluster a = viaProxy.started("a");
            StoredEvent first = append(a.log(), stream, "k-1").event();
            // Redis runs the next append at once; its answer reaches the client 700 ms later,
            // after the command timeout (500 ms).
            proxy.holdAnswers(Duration.ofMillis(700));
            StoredEvent second = append(a.log(), stream, "k-2").event();
            assertThat(second.seq()).isEqualTo(2);
            assertThat(second.epoch()).isEqualTo(first.epoch());
            assertThat(((Replay.Events) a.log().read(cursor(stream, first.epoch(), 0))).events())
                    .extracting(LoggedEvent::seq).containsExactly(1L, 2L);
        }
    }

    @Test
    @DisplayName("an append whose answer is lost, and whose check gets no answer either, says it may "
            + "be stored (never that it failed); its retry with the same key finds it stored once")
    void unansweredCheck() {
        try (TcpProxy proxy = TcpProxy.to(redis.port());
                Clusters viaProxy = new Clusters(proxy.uri())) {
            DefaultRedisCluster a = viaProxy.started("a");
            StoredEvent first = append(a.log(), stream, "k-1").event();
            // Redis runs the append at once; its answer, and the answer to the check that
            // follows the timeout (500 ms), reach the client only after 2.5 s.
            proxy.holdAnswers(Duration.ofMillis(2_500));
            assertThatThrownBy(() -> append(a.log(), stream, "k-2"))
                    .isInstanceOfSatisfying(ReplayLogException.class,
                            e -> assertThat(e.storedUnknown()).as("may be stored").isTrue());
            StoredEvent retried = await("the retry is answered").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(ReplayLogException.class)
                    .until(() -> append(a.log(), stream, "k-2").event(), value -> true);
            assertThat(retried.seq()).isEqualTo(2);
            assertThat(retried.epoch()).isEqualTo(first.epoch());
            assertThat(((Replay.Events) a.log().read(cursor(stream, first.epoch(), 0))).events())
                    .extracting(LoggedEvent::seq).containsExactly(1L, 2L);
        }
    }

    @Test
    @DisplayName("an append refused while Redis is down says it stored nothing")
    void refusedIsNotStored() {
        DefaultRedisCluster a = clusters.started("a");
        append(a.log(), stream, "k-1");
        redis.kill();
        // The first append may still go out on the socket before Lettuce sees it closed (then it
        // may have run, as far as the client can tell); once the connection is known down, the
        // append is refused before it is sent, and that is known not stored.
        await("an append refused as not stored").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    try {
                        append(a.log(), stream, "k-2");
                        return false;
                    } catch (ReplayLogException e) {
                        return !e.storedUnknown();
                    }
                });
    }
}
