package io.switchboard.core.testing;

import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import java.util.Optional;

/**
 * A replay log for unit tests of core that loses every stream right after each append, as a
 * bounded log under memory pressure may evict a stream between its events: each event is stored
 * in a fresh in-memory log (a fresh epoch at seq 1), and reads go to one that never kept anything.
 * Thread-safe. It implements the replay log port only; it is never a manager.
 */
public final class ForgetfulReplayLog implements ReplayLog {

    private final ReplayLog nothingKept = ReplayLog.inMemory();

    @Override
    public StoredEvent append(StreamId stream, String type, Optional<RunId> run, boolean lifecycle,
            EventEncoder encoder) {
        return ReplayLog.inMemory().append(stream, type, run, lifecycle, encoder);
    }

    @Override
    public Replay read(StreamCursor cursor) {
        return nothingKept.read(cursor);
    }

    @Override
    public StreamState state(StreamId stream) {
        return nothingKept.state(stream);
    }

    @Override
    public Optional<StoredEvent> find(StreamId stream, long seq) {
        return nothingKept.find(stream, seq);
    }
}
