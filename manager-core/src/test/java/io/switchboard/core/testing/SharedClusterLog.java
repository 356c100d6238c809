package io.switchboard.core.testing;

import io.switchboard.core.cluster.ClusterReplayLog;
import io.switchboard.core.cluster.Forwarded;
import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import io.switchboard.core.spi.TextFrame;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One in-memory log shared by the instances of a test cluster, as Redis is shared: each instance
 * appends through its own {@link #instance() view}, which keeps the frames it stored for the test
 * to route (or lose, reorder, repeat); another instance's appends can also go straight to
 * {@link #log()}. A test fixture for core's unit tests: it is a replay log, not a manager.
 */
public final class SharedClusterLog {

    private final ReplayLog log = ReplayLog.inMemory();

    /** The shared log itself. */
    public ReplayLog log() {
        return log;
    }

    /** A new instance's view of the log. */
    public Instance instance() {
        return new Instance();
    }

    /** One instance's view: appends land in the shared log; what it stored is kept in order. */
    public final class Instance implements ClusterReplayLog {
        private final List<TextFrame> routed = new CopyOnWriteArrayList<>();

        private Instance() {
        }

        /** The frames this instance stored, in order, for the test to hand to the others. */
        public List<TextFrame> routed() {
            return routed;
        }

        @Override
        public Routed appendAndRoute(StreamId stream, String type, Optional<RunId> run,
                boolean lifecycle, MessagePart part, String key, EventEncoder encoder) {
            StoredEvent stored = append(stream, type, run, lifecycle, part, encoder);
            routed.add(stored.frame());
            return new Routed(stored, new Forwarded(1, 0));
        }

        @Override
        public StoredEvent append(StreamId stream, String type, Optional<RunId> run,
                boolean lifecycle, MessagePart part, EventEncoder encoder) {
            return part == null ? log.append(stream, type, run, lifecycle, encoder)
                    : log.append(stream, type, run, lifecycle, part, encoder);
        }

        @Override
        public StoredEvent append(StreamId stream, String type, Optional<RunId> run,
                boolean lifecycle, EventEncoder encoder) {
            return log.append(stream, type, run, lifecycle, encoder);
        }

        @Override
        public Replay read(StreamCursor cursor) {
            return log.read(cursor);
        }

        @Override
        public Replay read(StreamCursor cursor, long beforeSeq) {
            return log.read(cursor, beforeSeq);
        }

        @Override
        public StreamState state(StreamId stream) {
            return log.state(stream);
        }

        @Override
        public Optional<StoredEvent> find(StreamId stream, long seq) {
            return log.find(stream, seq);
        }
    }
}
