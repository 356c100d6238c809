package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.event.MessageCompleted;
import io.switchboard.core.event.MessageDelta;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.event.MessageStarted;
import io.switchboard.core.event.ToolCallDelta;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogException;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import io.switchboard.core.testing.FakeConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The user stream (`<user>#`) is live on a connection from its admission: the welcome says where
 * it stood then, so a client without a cursor starts there and loses nothing; and it carries
 * only frames of one event each, so a late resume of it can always be placed exactly.
 */
@DisplayName("The user stream")
class UserStreamTest {

    private static final UserId ALICE = UserId.of("alice");

    @Test
    @DisplayName("the welcome of a user with no history says seq 0 and no epoch")
    void welcomeOfAnEmptyStream() {
        ManagerHarness harness = new ManagerHarness();
        try (WebSocketManager manager = harness.manager) {
            JsonNode welcome = harness.connect("alice").frames().get(0);

            assertThat(welcome.path("type").asText()).isEqualTo("welcome");
            assertThat(welcome.path("user_stream").asText()).isEqualTo("alice#");
            assertThat(welcome.path("user_stream_last_seq").asLong()).isZero();
            assertThat(welcome.has("user_stream_epoch")).isFalse();
        }
    }

    @Test
    @DisplayName("the welcome names the user stream's epoch and last seq; every later event arrives live")
    void welcomeNamesThePosition() {
        ManagerHarness harness = new ManagerHarness();
        try (WebSocketManager manager = harness.manager) {
            FakeConnection first = harness.connect("alice");
            manager.sendToUser(ALICE, tool(1));
            manager.sendToUser(ALICE, tool(2));
            String epoch = first.framesOfType("tool_executing").get(0).path("epoch").asText();

            FakeConnection second = harness.connect("alice");
            manager.sendToUser(ALICE, tool(3));

            JsonNode welcome = second.frames().get(0);
            assertThat(welcome.path("user_stream_epoch").asText()).isEqualTo(epoch);
            assertThat(welcome.path("user_stream_last_seq").asLong()).isEqualTo(2);
            assertThat(second).hasTypes("welcome", "tool_executing");
            assertThat(second.framesOfType("tool_executing").get(0).path("seq").asLong()).isEqualTo(3);
        }
    }

    @Test
    @DisplayName("a log that cannot say where the stream stands leaves the position out and admits anyway")
    void welcomeWithoutAPosition() {
        ManagerHarness harness = new ManagerHarness(config -> config,
                builder -> builder.replayLog(new PositionlessLog()));
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = harness.connect("alice");

            JsonNode welcome = tab.frames().get(0);
            assertThat(welcome.path("type").asText()).isEqualTo("welcome");
            assertThat(welcome.has("user_stream_last_seq")).isFalse();
            assertThat(welcome.has("user_stream_epoch")).isFalse();
            assertThat(manager.stats().connections()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("while events are sent to the user, each tab admitted gets exactly the events after its welcome's position, live")
    void welcomePositionIsExactUnderConcurrentSends() throws Exception {
        ManagerHarness harness = new ManagerHarness(config -> config.maxConnectionsPerUser(1_000).maxConnections(1_000),
                builder -> builder);
        try (WebSocketManager manager = harness.manager) {
            int events = 3_000;
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread sender = new Thread(() -> {
                started.countDown();
                for (int n = 1; n <= events; n++) {
                    manager.sendToUser(ALICE, tool(n));
                }
                sending.set(false);
            }, "user-stream-sender");
            sender.start();
            started.await();
            List<FakeConnection> tabs = new ArrayList<>();
            while (sending.get() && tabs.size() < 200) {
                tabs.add(harness.connect("alice"));
            }
            sender.join();

            assertThat(tabs).as("tabs admitted while sending").hasSizeGreaterThan(1);
            for (FakeConnection tab : tabs) {
                long from = tab.frames().get(0).path("user_stream_last_seq").asLong();
                assertThat(tab.framesOfType("tool_executing")).extracting(f -> f.path("seq").asLong())
                        .as("a tab admitted at seq %d", from)
                        .containsExactlyElementsOf(LongStream.rangeClosed(from + 1, events).boxed().toList());
            }
        }
    }

    @Test
    @DisplayName("deltas are refused on the user stream: an answer streams in its run's thread")
    void deltasAreRefused() {
        ManagerHarness harness = new ManagerHarness();
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = harness.connect("alice");

            assertThatThrownBy(() -> manager.sendToUser(ALICE, new MessageDelta("m-1", "Hel")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message_delta")
                    .hasMessageContaining("thread stream");
            assertThatThrownBy(() -> manager.sendToUser(ALICE, new ToolCallDelta("c-1", "search", "{")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tool_call_delta");
            assertThat(manager.sendToUser(ALICE, new MessageStarted("m-1", MessageKind.TEXT)).status())
                    .as("a message's start and end are single events and stay allowed")
                    .isEqualTo(SendStatus.QUEUED);
            assertThat(manager.sendToUser(ALICE, new MessageCompleted("m-1")).status())
                    .isEqualTo(SendStatus.QUEUED);
            assertThat(tab).hasTypes("welcome", "message_started", "message_completed");
            assertThat(tab.framesOfType("message_completed").get(0).path("seq").asLong())
                    .as("nothing of the refused deltas was numbered").isEqualTo(2);
            manager.subscribe(tab.id(), ThreadId.of("t-1"));
            assertThat(manager.sendToThread(ALICE, ThreadId.of("t-1"), new MessageDelta("m-2", "Hi"))
                    .status()).isEqualTo(SendStatus.QUEUED);
        }
    }

    // A store that cannot be read for a stream's state (and works otherwise).
    private static final class PositionlessLog implements ReplayLog {
        private final ReplayLog delegate = ReplayLog.inMemory();

        @Override
        public StoredEvent append(StreamId stream, String type, Optional<RunId> run,
                boolean lifecycle, EventEncoder encoder) {
            return delegate.append(stream, type, run, lifecycle, encoder);
        }

        @Override
        public Replay read(StreamCursor cursor) {
            return delegate.read(cursor);
        }

        @Override
        public StreamState state(StreamId stream) {
            throw new ReplayLogException("store unreachable", null);
        }

        @Override
        public Optional<StoredEvent> find(StreamId stream, long seq) {
            return delegate.find(stream, seq);
        }
    }

    private static ToolExecuting tool(int n) {
        return new ToolExecuting("c-" + n, "search", Map.of("n", n));
    }
}
