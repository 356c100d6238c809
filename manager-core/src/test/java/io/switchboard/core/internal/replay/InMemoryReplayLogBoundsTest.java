package io.switchboard.core.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLogLimits;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.ManualTicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The in-memory log's bounds across streams, now that an append touches the cache with a quiet
 * read and records a use once per interval: a stream in use never expires, and the byte bound
 * still evicts streams.
 */
class InMemoryReplayLogBoundsTest {

    private static final int EVENT_BYTES = 1024;

    private final ManualTicker ticker = new ManualTicker();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    private static StreamId stream(int n) {
        return StreamId.ofThread(UserId.of("u-" + n), ThreadId.of("t-1"));
    }

    private static StoredEvent append(InMemoryReplayLog log, StreamId stream) {
        return log.append(stream, "tool_executing", Optional.empty(), true,
                (seq, epoch) -> TextFrame.of("x".repeat(EVENT_BYTES)));
    }

    @Test
    @DisplayName("a stream appended to more often than its idle expiry keeps its epoch")
    void streamInUseNeverExpires() {
        // 100 s of appends 5 s apart; the stream expires 20 s after its last use.
        keepsItsEpoch(Duration.ofSeconds(5), 20);
    }

    @Test
    @DisplayName("a stream appended to many times a second, which the cache is told of once a second, keeps its epoch")
    void streamUsedBetweenRecordedUsesNeverExpires() {
        // 60 s of appends 50 ms apart: most are quiet lookups, which alone would let it expire.
        keepsItsEpoch(Duration.ofMillis(50), 1200);
    }

    // Appends every step, then idles past the expiry (twice the 10 s age limit).
    private void keepsItsEpoch(Duration step, int appends) {
        InMemoryReplayLog log = new InMemoryReplayLog(ReplayLogLimits.builder()
                .maxAge(Duration.ofSeconds(10)).build(), ticker, clock);
        String epoch = append(log, stream(1)).epoch();
        for (int i = 0; i < appends; i++) {
            ticker.advance(step);
            assertThat(append(log, stream(1)).epoch()).isEqualTo(epoch);
        }
        ticker.advance(Duration.ofSeconds(21));
        assertThat(append(log, stream(1)).epoch()).as("idle beyond the expiry").isNotEqualTo(epoch);
    }

    @Test
    @DisplayName("the byte bound evicts streams: what stays is within the bound and the re-weigh slack")
    void byteBoundEvicts() {
        long bound = 256 * 1024;
        InMemoryReplayLog log = new InMemoryReplayLog(ReplayLogLimits.builder()
                .maxTotalBytes(bound).build(), ticker, clock);
        int streams = 200;
        // 2 MB written, 10 KB per stream: eight times the bound.
        for (int round = 0; round < 10; round++) {
            for (int n = 0; n < streams; n++) {
                append(log, stream(n));
            }
        }
        long kept = 0;
        int keptStreams = 0;
        for (int n = 0; n < streams; n++) {
            Replay replay = log.read(new StreamCursor(stream(n), Optional.empty(), 0));
            if (replay instanceof Replay.Events events && !events.events().isEmpty()) {
                kept += (long) events.events().size() * EVENT_BYTES;
                keptStreams++;
            }
        }
        assertThat(keptStreams).as("some streams stay").isPositive();
        // Each stream is weighed within REWEIGH_BYTES of what it holds.
        assertThat(kept).isLessThanOrEqualTo(bound + keptStreams * InMemoryReplayLog.REWEIGH_BYTES);
    }
}
