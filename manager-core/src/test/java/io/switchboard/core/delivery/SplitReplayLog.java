package io.switchboard.core.delivery;

import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import java.util.Optional;
import java.util.Set;

/**
 * A replay log (through the public port only) that keeps some streams in a log with a narrow
 * window and the rest in a wide one, so that one manager has streams a long absence can and cannot
 * outlive.
 */
final class SplitReplayLog implements ReplayLog {

    private final Set<StreamId> narrowStreams;
    private final ReplayLog narrow;
    private final ReplayLog wide;

    SplitReplayLog(Set<StreamId> narrowStreams, ReplayLog narrow, ReplayLog wide) {
        this.narrowStreams = Set.copyOf(narrowStreams);
        this.narrow = narrow;
        this.wide = wide;
    }

    private ReplayLog of(StreamId stream) {
        return narrowStreams.contains(stream) ? narrow : wide;
    }

    @Override
    public StoredEvent append(StreamId stream, String type, Optional<RunId> run, boolean lifecycle,
            EventEncoder encoder) {
        return of(stream).append(stream, type, run, lifecycle, encoder);
    }

    @Override
    public Replay read(StreamCursor cursor) {
        return of(cursor.stream()).read(cursor);
    }

    @Override
    public StreamState state(StreamId stream) {
        return of(stream).state(stream);
    }

    @Override
    public Optional<StoredEvent> find(StreamId stream, long seq) {
        return of(stream).find(stream, seq);
    }

    @Override
    public void close() {
        narrow.close();
        wide.close();
    }
}
