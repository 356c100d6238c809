package io.switchboard.core.testing;

import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A replay log for unit tests of core that loses every stream right after each append, as a
 * bounded log under memory pressure may evict a stream between its events: every event starts a
 * fresh epoch at seq 1, and reads find nothing kept. Thread-safe. It implements the replay log
 * port only; it is never a manager.
 */
public final class ForgetfulReplayLog implements ReplayLog {

    private final AtomicLong epochs = new AtomicLong();

    @Override
    public StoredEvent append(StreamId stream, String type, Optional<RunId> run, boolean lifecycle,
            EventEncoder encoder) {
        String epoch = "e" + epochs.incrementAndGet();
        return new StoredEvent(1, epoch, type, run, lifecycle, 0, encoder.encode(1, epoch));
    }

    @Override
    public Replay read(StreamCursor cursor) {
        StreamState empty = StreamState.empty(cursor.stream());
        return cursor.epoch().isEmpty() && cursor.seq() == 0
                ? new Replay.Events(List.of(), empty)
                : new Replay.Gap(GapReason.EPOCH_CHANGED, empty);
    }

    @Override
    public StreamState state(StreamId stream) {
        return StreamState.empty(stream);
    }

    @Override
    public Optional<StoredEvent> find(StreamId stream, long seq) {
        return Optional.empty();
    }
}
