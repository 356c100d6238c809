package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.cluster.ClusterListener;
import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.cluster.ClusterReplayLog;
import io.switchboard.core.cluster.Forwarded;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.FakeConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two managers sharing one log, as instances of a cluster share Redis: frames from the other
 * instance go through the stream's order, whatever order routing brings them in; a gap is filled
 * from the log; a lost forward is found by verifyStreams.
 */
@DisplayName("Stream order across instances")
class StreamOrderAcrossInstancesTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId T1 = ThreadId.of("t-1");
    private static final StreamId STREAM = StreamId.ofThread(ALICE, T1);

    /** One log shared by the instances; what each appended is kept for the test to route. */
    private static final class SharedLog implements ClusterReplayLog {
        private final ReplayLog log = ReplayLog.inMemory();

        @Override
        public Routed appendAndRoute(StreamId stream, String type, Optional<RunId> run,
                boolean lifecycle, MessagePart part, String key, EventEncoder encoder) {
            return new Routed(part == null ? log.append(stream, type, run, lifecycle, encoder)
                    : log.append(stream, type, run, lifecycle, part, encoder), new Forwarded(1, 0));
        }

        @Override
        public StoredEvent append(StreamId stream, String type, Optional<RunId> run,
                boolean lifecycle, MessagePart part, EventEncoder encoder) {
            return log.append(stream, type, run, lifecycle, part, encoder);
        }

        @Override
        public Replay read(StreamCursor cursor, long beforeSeq) {
            return log.read(cursor, beforeSeq);
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
        public StreamState state(StreamId stream) {
            return log.state(stream);
        }

        @Override
        public Optional<StoredEvent> find(StreamId stream, long seq) {
            return log.find(stream, seq);
        }
    }

    /** An instance's port: brings the shared log, keeps the listener for the test. */
    private static final class Port implements ClusterPort {
        final SharedLog log;
        final List<TextFrame> forwarded = new CopyOnWriteArrayList<>();
        ClusterListener listener;

        Port(SharedLog log) {
            this.log = log;
        }

        @Override
        public Optional<ClusterReplayLog> replayLog() {
            return Optional.of(log);
        }

        @Override
        public void start(ClusterListener listener) {
            this.listener = listener;
        }

        @Override
        public void connectionOpened(UserId user, ConnectionId connection) {
        }

        @Override
        public void connectionClosed(UserId user, ConnectionId connection) {
        }

        @Override
        public void roomJoined(RoomName room, ConnectionId connection) {
        }

        @Override
        public void roomLeft(RoomName room, ConnectionId connection) {
        }

        @Override
        public Forwarded forward(Target target, TextFrame frame) {
            forwarded.add(frame);
            return new Forwarded(1, 0);
        }

        @Override
        public void close() {
        }
    }

    private static ToolExecuting tool(int n) {
        return new ToolExecuting("c-" + n, "search", Map.of("n", n));
    }

    private static List<Long> seqs(FakeConnection connection) {
        return connection.framesOfType("tool_executing").stream()
                .map(frame -> frame.path("seq").asLong()).toList();
    }

    @Test
    @DisplayName("a port that brings its own log is that log: another one is refused")
    void portBringsItsLog() {
        Port port = new Port(new SharedLog());
        assertThatThrownBy(() -> WebSocketManager.builder().cluster(port)
                .replayLog(ReplayLog.inMemory()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("brings its own replay log");
        try (WebSocketManager manager = WebSocketManager.builder().cluster(port).build()) {
            manager.sendToThread(ALICE, T1, tool(1));
            assertThat(port.log.state(STREAM).lastSeq()).as("stored in the port's log").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("frames of another instance arrive out of order and twice: the connection gets "
            + "each once, in order, the missing one from the log first")
    void remoteFramesInOrder() {
        SharedLog shared = new SharedLog();
        Port here = new Port(shared);
        ManagerHarness local = new ManagerHarness(c -> c, b -> b.cluster(here));
        try (WebSocketManager manager = local.manager) {
            FakeConnection tab = local.connect("alice");
            manager.subscribe(tab.id(), T1);
            // Another instance stores 1, 2, 3; routing brings 3, then 1, 3 again, 2.
            List<TextFrame> stored = List.of(1, 2, 3).stream().map(n -> shared.append(STREAM,
                    "tool_executing", Optional.empty(), true, (seq, epoch) -> TextFrame.of(
                            "{\"type\":\"tool_executing\",\"stream\":\"alice#t-1\",\"seq\":" + seq
                                    + ",\"epoch\":\"" + epoch + "\",\"payload\":{}}")).frame())
                    .toList();
            Target target = new Target.Thread(ALICE, T1);
            assertThat(here.listener.deliverLocally(target, stored.get(2))).isEqualTo(1);
            here.listener.deliverLocally(target, stored.get(0));
            here.listener.deliverLocally(target, stored.get(2));
            here.listener.deliverLocally(target, stored.get(1));
            // This instance appends next: 4, after everything the log has.
            manager.sendToThread(ALICE, T1, tool(4));
            assertThat(seqs(tab)).containsExactly(1L, 2L, 3L, 4L);
            assertThat(tab.framesOfType("recovery_failed")).isEmpty();
        }
    }

    @Test
    @DisplayName("a forward that never arrived is found by verifyStreams, and a lost epoch is "
            + "reported before the new one from its start")
    void verifyFindsLostForwards() {
        SharedLog shared = new SharedLog();
        Port here = new Port(shared);
        ManagerHarness local = new ManagerHarness(c -> c, b -> b.cluster(here));
        try (WebSocketManager manager = local.manager) {
            FakeConnection tab = local.connect("alice");
            manager.subscribe(tab.id(), T1);
            manager.sendToThread(ALICE, T1, tool(1));
            // Another instance stores 2; its forward is lost.
            shared.append(STREAM, "tool_executing", Optional.empty(), true, (seq, epoch) ->
                    TextFrame.of("{\"type\":\"tool_executing\",\"stream\":\"alice#t-1\",\"seq\":"
                            + seq + ",\"epoch\":\"" + epoch + "\",\"payload\":{}}"));
            assertThat(seqs(tab)).containsExactly(1L);
            here.listener.verifyStreams();
            assertThat(seqs(tab)).containsExactly(1L, 2L);

            // A frame of an epoch the connection did not follow: the log says its epoch is gone.
            TextFrame foreign = TextFrame.of("{\"type\":\"tool_executing\",\"stream\":\"alice#t-1\","
                    + "\"seq\":7,\"epoch\":\"elsewhere\",\"payload\":{}}");
            here.listener.deliverLocally(new Target.Thread(ALICE, T1), foreign);
            List<JsonNode> frames = tab.frames();
            assertThat(frames.get(frames.size() - 1).path("seq").asLong()).isEqualTo(2);
            assertThat(tab.framesOfType("recovery_failed")).isEmpty();
        }
    }
}
