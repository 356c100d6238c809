package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.event.MessageDelta;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.internal.wire.Envelope;
import io.switchboard.core.internal.wire.WireCodec;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.SharedClusterLog;
import io.switchboard.core.testing.TestClusterPort;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private static final RunId RUN = RunId.of("r-1");
    private static final WireCodec CODEC = new WireCodec();

    /** One instance under test: its manager on a port that shares {@code shared} with others. */
    private static final class Here implements AutoCloseable {
        final SharedClusterLog cluster = new SharedClusterLog();
        final ReplayLog shared = cluster.log();
        final TestClusterPort port = new TestClusterPort(cluster.instance());
        final ManagerHarness local;
        final WebSocketManager manager;

        Here() {
            this(ManagerConfig.defaults().maxQueuedFrames());
        }

        /** With outbound queues of {@code maxQueuedFrames} frames. */
        Here(int maxQueuedFrames) {
            local = new ManagerHarness(c -> c.maxQueuedFrames(maxQueuedFrames), b -> b.cluster(port));
            manager = local.manager;
        }

        /** A tab of alice following t-1. */
        FakeConnection tab() {
            FakeConnection tab = local.connect("alice");
            manager.subscribe(tab.id(), T1);
            return tab;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    private static ToolExecuting tool(int n) {
        return new ToolExecuting("c-" + n, "search", Map.of("n", n));
    }

    private static List<Long> seqs(FakeConnection connection) {
        return connection.framesOfType("tool_executing").stream()
                .map(frame -> frame.path("seq").asLong()).toList();
    }

    // A delta another instance stored: its frame as that instance encoded it.
    private static TextFrame remoteDelta(ReplayLog shared, String text) {
        return shared.append(STREAM, "message_delta", Optional.of(RUN), false,
                new MessagePart(MessagePart.Kind.MESSAGE_DELTA, "m-1", null, text),
                (seq, epoch) -> CODEC.encode(new Envelope(new MessageDelta("m-1", text),
                        STREAM.wireName(), seq, epoch, RUN, T1, Instant.EPOCH))).frame();
    }

    // The text of m-1 as a client reconstructs it, checking that seq/seq_from leave no gap and
    // never overlap.
    private static String text(FakeConnection connection) {
        StringBuilder text = new StringBuilder();
        long last = 0;
        for (JsonNode frame : connection.frames()) {
            if (!frame.has("seq")) {
                continue;
            }
            long from = frame.has("seq_from") ? frame.path("seq_from").asLong()
                    : frame.path("seq").asLong();
            assertThat(from).as("no gap, no overlap at %s", frame).isEqualTo(last + 1);
            last = frame.path("seq").asLong();
            if (frame.path("type").asText().equals("message_delta")) {
                text.append(frame.path("payload").path("delta").asText());
            }
        }
        return text.toString();
    }

    @Test
    @DisplayName("a port that brings its own log is that log: another one is refused")
    void portBringsItsLog() {
        SharedClusterLog shared = new SharedClusterLog();
        TestClusterPort port = new TestClusterPort(shared.instance());
        assertThatThrownBy(() -> WebSocketManager.builder().cluster(port)
                .replayLog(ReplayLog.inMemory()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("brings its own replay log");
        try (WebSocketManager manager = WebSocketManager.builder().cluster(port).build()) {
            manager.sendToThread(ALICE, T1, tool(1));
            assertThat(shared.log().state(STREAM).lastSeq()).as("stored in the port's log")
                    .isEqualTo(1);
        }
    }

    @Test
    @DisplayName("frames of another instance arrive out of order and twice: the connection gets "
            + "each once, in order, the missing one from the log first")
    void remoteFramesInOrder() {
        try (Here here = new Here()) {
            ReplayLog shared = here.shared;
            WebSocketManager manager = here.manager;
            FakeConnection tab = here.tab();
            // Another instance stores 1, 2, 3; routing brings 3, then 1, 3 again, 2.
            List<TextFrame> stored = List.of(1, 2, 3).stream().map(n -> shared.append(STREAM,
                    "tool_executing", Optional.empty(), true, (seq, epoch) -> TextFrame.of(
                            "{\"type\":\"tool_executing\",\"stream\":\"alice#t-1\",\"seq\":" + seq
                                    + ",\"epoch\":\"" + epoch + "\",\"payload\":{}}")).frame())
                    .toList();
            Target target = new Target.Thread(ALICE, T1);
            assertThat(here.port.listener().deliverLocally(target, stored.get(2))).isEqualTo(1);
            here.port.listener().deliverLocally(target, stored.get(0));
            here.port.listener().deliverLocally(target, stored.get(2));
            here.port.listener().deliverLocally(target, stored.get(1));
            // This instance appends next: 4, after everything the log has.
            manager.sendToThread(ALICE, T1, tool(4));
            assertThat(seqs(tab)).containsExactly(1L, 2L, 3L, 4L);
            assertThat(tab).hasNoFrameOfType("recovery_failed");
        }
    }

    @Test
    @DisplayName("a forward that never arrived is found by verifyStreams, and a lost epoch is "
            + "reported before the new one from its start")
    void verifyFindsLostForwards() {
        try (Here here = new Here()) {
            ReplayLog shared = here.shared;
            WebSocketManager manager = here.manager;
            FakeConnection tab = here.tab();
            manager.sendToThread(ALICE, T1, tool(1));
            // Another instance stores 2; its forward is lost.
            shared.append(STREAM, "tool_executing", Optional.empty(), true, (seq, epoch) ->
                    TextFrame.of("{\"type\":\"tool_executing\",\"stream\":\"alice#t-1\",\"seq\":"
                            + seq + ",\"epoch\":\"" + epoch + "\",\"payload\":{}}"));
            assertThat(seqs(tab)).containsExactly(1L);
            here.port.listener().verifyStreams();
            assertThat(seqs(tab)).containsExactly(1L, 2L);

            // A frame of an epoch the connection did not follow: the log says its epoch is gone.
            TextFrame foreign = TextFrame.of("{\"type\":\"tool_executing\",\"stream\":\"alice#t-1\","
                    + "\"seq\":7,\"epoch\":\"elsewhere\",\"payload\":{}}");
            here.port.listener().deliverLocally(new Target.Thread(ALICE, T1), foreign);
            List<JsonNode> frames = tab.frames();
            assertThat(frames.get(frames.size() - 1).path("seq").asLong()).isEqualTo(2);
            assertThat(tab).hasNoFrameOfType("recovery_failed");
        }
    }

    @Test
    @DisplayName("a connection further behind than its queue holds is caught up by verifyStreams "
            + "in one batch, in order, and stays open")
    void catchUpBeyondTheQueueBound() {
        try (Here here = new Here(4)) {
            FakeConnection tab = here.tab();
            here.manager.sendToThread(ALICE, T1, tool(1));
            // Another instance stores 2 to 11; every forward is lost.
            for (int n = 2; n <= 11; n++) {
                here.shared.append(STREAM, "tool_executing", Optional.empty(), true,
                        (seq, epoch) -> TextFrame.of("{\"type\":\"tool_executing\",\"stream\":"
                                + "\"alice#t-1\",\"seq\":" + seq + ",\"epoch\":\"" + epoch
                                + "\",\"payload\":{}}"));
            }
            here.port.listener().verifyStreams();
            assertThat(seqs(tab)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
            assertThat(tab.closeReason()).as("not closed for overflow").isEmpty();
            here.manager.sendToThread(ALICE, T1, tool(12));
            assertThat(seqs(tab)).endsWith(12L);
        }
    }

    @Test
    @DisplayName("deltas of another instance merge in a slow connection's queue; one lost on "
            + "its way comes from the log: the text is exact, seqs neither overlap nor skip")
    void remoteDeltasMergeAndFillGaps() {
        try (Here here = new Here()) {
            ReplayLog shared = here.shared;
            WebSocketManager manager = here.manager;
            FakeConnection tab = here.tab();
            tab.writeMode(FakeConnection.WriteMode.HELD);
            Target target = new Target.Thread(ALICE, T1);
            StringBuilder emitted = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                String token = "w" + i + "ö ";
                emitted.append(token);
                TextFrame frame = remoteDelta(shared, token);
                // Routing loses every seventh; the next one brings it from the log.
                if (i % 7 != 3) {
                    assertThat(here.port.listener().deliverLocally(target, frame)).isEqualTo(1);
                }
            }
            tab.releaseWrites();
            assertThat(text(tab)).isEqualTo(emitted.toString());
            assertThat(tab.framesOfType("message_delta")).as("merged while the client was slow")
                    .hasSizeLessThan(10);
            assertThat(tab).hasNoFrameOfType("recovery_failed");
            assertThat(manager.stats().deltasMerged()).isPositive();
        }
    }

    @Test
    @DisplayName("a resume from inside an answer on a connection that got part of it live gets "
            + "only what lies before and after that part, no character twice")
    void resumeAroundLiveDeltas() {
        try (Here here = new Here()) {
            ReplayLog shared = here.shared;
            WebSocketManager manager = here.manager;
            for (int i = 0; i < 10; i++) {
                remoteDelta(shared, "a" + i);
            }
            String epoch = shared.state(STREAM).epoch().orElseThrow();
            FakeConnection tab = here.tab();
            // Live from seq 11 on.
            Target target = new Target.Thread(ALICE, T1);
            for (int i = 0; i < 5; i++) {
                here.port.listener().deliverLocally(target, remoteDelta(shared, "b" + i));
            }
            // Stored meanwhile, not routed here yet.
            for (int i = 0; i < 3; i++) {
                remoteDelta(shared, "c" + i);
            }
            manager.onText(tab.id(), "{\"type\":\"subscribe\",\"thread_id\":\"t-1\",\"epoch\":\""
                    + epoch + "\",\"seq\":4}");
            StringBuilder got = new StringBuilder();
            List<JsonNode> deltas = tab.framesOfType("message_delta");
            deltas.forEach(frame -> got.append(frame.path("payload").path("delta").asText()));
            assertThat(got.toString()).as("live b, then a4..a9 and c0..c2 replayed")
                    .isEqualTo("b0b1b2b3b4" + "a4a5a6a7a8a9" + "c0c1c2");
            JsonNode before = deltas.get(5);
            assertThat(before.path("seq_from").asLong()).isEqualTo(5);
            assertThat(before.path("seq").asLong()).isEqualTo(10);
            JsonNode after = deltas.get(6);
            assertThat(after.path("seq_from").asLong()).isEqualTo(16);
            assertThat(after.path("seq").asLong()).isEqualTo(18);
            assertThat(tab).hasFramesOfType("recovered", 1);
        }
    }

    @Test
    @DisplayName("a resume from the start on a connection whose queue holds part of an answer gets "
            + "the rest only, though the log keeps the answer as one merged delta")
    void resumeFromTheStartAroundQueuedDeltas() {
        try (Here here = new Here()) {
            FakeConnection tab = here.tab();
            tab.writeMode(FakeConnection.WriteMode.HELD);
            Target target = new Target.Thread(ALICE, T1);
            for (int i = 0; i < 5; i++) {
                here.port.listener().deliverLocally(target, remoteDelta(here.shared, "q" + i));
            }
            remoteDelta(here.shared, "r0");
            remoteDelta(here.shared, "r1");
            // The client got nothing yet: it asks for the stream from its start.
            here.manager.onText(tab.id(), "{\"type\":\"subscribe\",\"thread_id\":\"t-1\","
                    + "\"seq\":0}");
            tab.releaseWrites();
            assertThat(text(tab)).isEqualTo("q0q1q2q3q4r0r1");
        }
    }
}
