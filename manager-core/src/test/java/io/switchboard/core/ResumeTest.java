package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.event.AgentCompleted;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogLimits;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.ManualTicker;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Resume")
class ResumeTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId T1 = ThreadId.of("t-1");
    private static final String STREAM = "alice#t-1";

    /** What the test does before resuming, and what the resume must answer. */
    record Shape(String name, int emitted, Consumer<ManagerHarness> between, String cursorEpoch,
            long cursorSeq, List<Long> replayed, String failure) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> shapes() {
        Consumer<ManagerHarness> nothing = harness -> { };
        return Stream.of(
                Arguments.of(new Shape("an empty stream: nothing missed", 0, nothing, null, 0,
                        List.of(), null)),
                Arguments.of(new Shape("from a position: the rest, in order", 4, nothing, "EPOCH", 2,
                        List.of(3L, 4L), null)),
                Arguments.of(new Shape("from the start of a stream never seen", 3, nothing, null, 0,
                        List.of(1L, 2L, 3L), null)),
                Arguments.of(new Shape("limited by count: inside the window", 8, nothing, "EPOCH", 4,
                        List.of(5L, 6L, 7L, 8L), null)),
                Arguments.of(new Shape("limited by count: the cursor is already gone", 8, nothing,
                        "EPOCH", 2, null, "too_old")),
                Arguments.of(new Shape("limited by age: events older than 60 s are gone", 3,
                        harness -> harness.ticker.advance(Duration.ofSeconds(61)), "EPOCH", 1,
                        null, "too_old")),
                Arguments.of(new Shape("up to date: nothing to replay", 3, nothing, "EPOCH", 3,
                        List.of(), null)),
                Arguments.of(new Shape("a cursor ahead of the stream", 3, nothing, "EPOCH", 9, null,
                        "cursor_ahead")),
                Arguments.of(new Shape("the epoch changed", 3, nothing, "not-the-epoch", 2, null,
                        "epoch_changed")),
                Arguments.of(new Shape("the stream was forgotten after 2 x 60 s idle: epoch changed",
                        3, harness -> harness.ticker.advance(Duration.ofSeconds(121)), "EPOCH", 3,
                        null, "epoch_changed")),
                Arguments.of(new Shape("history lost: a seq without an epoch", 3, nothing, null, 2,
                        null, "epoch_changed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void resumeAnswersEveryGapShape(Shape shape) {
        ManagerHarness harness = withSmallLog();
        try (WebSocketManager manager = harness.manager) {
            FakeConnection watcher = harness.connect("alice");
            manager.subscribe(watcher.id(), T1);
            for (int n = 1; n <= shape.emitted(); n++) {
                manager.sendToThread(ALICE, T1, n == shape.emitted() && n > 0
                        ? AgentCompleted.succeeded("done") : tool(n));
            }
            String epoch = shape.emitted() == 0 ? null
                    : watcher.framesOfType(shape.emitted() == 1 ? "agent_completed" : "tool_executing")
                            .get(0).path("epoch").asText();
            shape.between().accept(harness);

            FakeConnection resumed = harness.connect("alice");
            String cursorEpoch = "EPOCH".equals(shape.cursorEpoch()) ? epoch : shape.cursorEpoch();
            manager.onText(resumed.id(), "{\"type\":\"subscribe\",\"thread_id\":\"t-1\","
                    + (cursorEpoch == null ? "" : "\"epoch\":\"" + cursorEpoch + "\",")
                    + "\"seq\":" + shape.cursorSeq() + "}");

            List<JsonNode> frames = resumed.frames();
            assertThat(frames.get(0).path("type").asText()).isEqualTo("welcome");
            assertThat(frames.get(1).path("type").asText()).isEqualTo("subscribed");
            if (shape.failure() == null) {
                List<JsonNode> replayed = frames.subList(2, frames.size() - 1);
                assertThat(replayed).extracting(f -> f.path("seq").asLong())
                        .containsExactlyElementsOf(shape.replayed());
                assertThat(replayed).allSatisfy(f -> assertThat(f.path("stream").asText()).isEqualTo(STREAM));
                JsonNode recovered = frames.get(frames.size() - 1);
                assertThat(recovered.path("type").asText()).isEqualTo("recovered");
                assertThat(recovered.path("replayed").asInt()).isEqualTo(shape.replayed().size());
                assertThat(recovered.path("last_seq").asLong()).isEqualTo(shape.emitted());
            } else {
                JsonNode failed = frames.get(2);
                // After a lost epoch the connection continues with the current one from its start.
                List<JsonNode> continued = frames.subList(3, frames.size());
                boolean continues = failed.path("reason").asText().equals("epoch_changed")
                        && failed.hasNonNull("epoch");
                assertThat(continued).extracting(f -> f.path("seq").asLong())
                        .containsExactlyElementsOf(continues
                                ? java.util.stream.LongStream.rangeClosed(1, shape.emitted())
                                        .boxed().toList()
                                : List.of());
                assertThat(continued).allSatisfy(f ->
                        assertThat(f.path("epoch").asText()).isEqualTo(failed.path("epoch").asText()));
                assertThat(failed.path("type").asText()).isEqualTo("recovery_failed");
                assertThat(failed.path("reason").asText()).isEqualTo(shape.failure());
                assertThat(failed.path("stream").asText()).isEqualTo(STREAM);
                if (shape.emitted() > 0 && !failed.path("epoch").isMissingNode()) {
                    assertThat(failed.path("last_seq").asLong()).isEqualTo(shape.emitted());
                    assertThat(failed.path("last_lifecycle").path("type").asText())
                            .as("the client learns the run already completed").isEqualTo("agent_completed");
                }
                assertThat(manager.stats().recoveryFailures(
                        GapReason.valueOf(shape.failure().toUpperCase(Locale.ROOT)))).isEqualTo(1);
            }

            manager.sendToThread(ALICE, T1, tool(99));
            JsonNode live = resumed.frames().get(resumed.frames().size() - 1);
            assertThat(live.path("type").asText()).as("live events follow").isEqualTo("tool_executing");
            boolean forgotten = shape.name().contains("forgotten");
            assertThat(live.path("seq").asLong()).as("a forgotten stream starts over in a new epoch")
                    .isEqualTo(forgotten ? 1 : shape.emitted() + 1);
            if (epoch != null) {
                assertThat(live.path("epoch").asText().equals(epoch)).isEqualTo(!forgotten);
            }
        }
    }

    @Test
    @DisplayName("another user's stream is refused and reveals nothing")
    void anotherUsersStream() {
        ManagerHarness harness = withSmallLog();
        try (WebSocketManager manager = harness.manager) {
            FakeConnection alice = harness.connect("alice");
            manager.subscribe(alice.id(), T1);
            manager.sendToThread(ALICE, T1, tool(1));
            FakeConnection mallory = harness.connect("mallory");

            manager.onText(mallory.id(), "{\"type\":\"resume\",\"streams\":["
                    + "{\"stream\":\"alice#t-1\",\"seq\":0},{\"stream\":\"alice#nothing\",\"seq\":0}]}");

            List<JsonNode> failures = mallory.framesOfType("recovery_failed");
            assertThat(failures).hasSize(2);
            assertThat(failures.get(0).toString().replace("alice#t-1", "S"))
                    .as("an existing and a missing stream get the same answer")
                    .isEqualTo(failures.get(1).toString().replace("alice#nothing", "S"));
            assertThat(failures.get(0).path("reason").asText()).isEqualTo("unknown_stream");
            assertThat(failures.get(0).has("epoch")).isFalse();
            assertThat(failures.get(0).has("last_seq")).isFalse();
            assertThat(mallory).hasNoFrameOfType("tool_executing");
            manager.sendToThread(ALICE, T1, tool(2));
            assertThat(mallory.framesOfType("tool_executing")).as("and subscribes to nothing").isEmpty();
        }
    }

    @Test
    @DisplayName("a cursor at connect resumes the user stream before any live event")
    void resumeAtConnect() {
        ManagerHarness harness = withSmallLog();
        try (WebSocketManager manager = harness.manager) {
            FakeConnection first = harness.connect("alice");
            manager.sendToUser(ALICE, tool(1));
            manager.sendToUser(ALICE, tool(2));
            String epoch = first.framesOfType("tool_executing").get(0).path("epoch").asText();
            manager.disconnect(first.id(), CloseReason.NORMAL);
            manager.sendToUser(ALICE, tool(3));

            FakeConnection second = new FakeConnection();
            manager.connect(ALICE, second,
                    List.of(new StreamCursor(StreamId.ofUser(ALICE), Optional.of(epoch), 1)));
            manager.sendToUser(ALICE, tool(4));

            assertThat(second).hasTypes("welcome", "tool_executing", "tool_executing",
                    "recovered", "tool_executing");
            assertThat(second.framesOfType("tool_executing")).extracting(f -> f.path("seq").asLong())
                    .containsExactly(2L, 3L, 4L);
        }
    }

    @Test
    @DisplayName("a replay larger than the queue's bound arrives whole, with its recovered frame")
    void replayLargerThanTheQueue() {
        ManagerHarness harness = new ManagerHarness(config -> config.maxQueuedFrames(4), builder -> builder);
        try (WebSocketManager manager = harness.manager) {
            for (int n = 1; n <= 10; n++) {
                manager.sendToThread(ALICE, T1, tool(n));
            }
            FakeConnection late = harness.connect("alice");
            manager.onText(late.id(), "{\"type\":\"subscribe\",\"thread_id\":\"t-1\",\"seq\":0}");

            assertThat(late.closeReason()).as("no overflow close").isEmpty();
            assertThat(late).hasFramesOfType("tool_executing", 10);
            assertThat(late.framesOfType("recovered")).singleElement()
                    .satisfies(frame -> assertThat(frame.path("replayed").asInt()).isEqualTo(10));
        }
    }

    @Test
    @DisplayName("a client that stopped reading is closed with 4003 and recovers everything on resume")
    void slowClientRecovers() {
        ManagerHarness harness = new ManagerHarness(config -> config.maxQueuedFrames(8), builder -> builder);
        try (WebSocketManager manager = harness.manager) {
            FakeConnection fast = harness.connect("alice");
            FakeConnection slow = harness.connect("alice");
            manager.subscribe(fast.id(), T1);
            manager.subscribe(slow.id(), T1);
            manager.sendToThread(ALICE, T1, tool(1));
            slow.writeMode(FakeConnection.WriteMode.HELD);
            for (int n = 2; n <= 40; n++) {
                manager.sendToThread(ALICE, T1, tool(n));
                assertThat(manager.stats().queuedBytes()).as("memory stays bounded").isLessThan(64 * 1024);
            }
            assertThat(slow.closeReason()).contains(CloseReason.OUTBOUND_OVERFLOW);
            assertThat(fast.framesOfType("tool_executing")).as("the fast client is unaffected").hasSize(40);

            List<JsonNode> got = slow.framesOfType("tool_executing");
            JsonNode last = got.get(got.size() - 1);
            FakeConnection back = harness.connect("alice");
            manager.onText(back.id(), "{\"type\":\"subscribe\",\"thread_id\":\"t-1\",\"epoch\":\""
                    + last.path("epoch").asText() + "\",\"seq\":" + last.path("seq").asLong() + "}");

            List<Long> all = new ArrayList<>();
            got.forEach(f -> all.add(f.path("seq").asLong()));
            back.framesOfType("tool_executing").forEach(f -> all.add(f.path("seq").asLong()));
            assertThat(all).as("every event exactly once, in order")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
        }
    }

    private static ToolExecuting tool(int n) {
        return new ToolExecuting("c-" + n, "search", Map.of("n", n));
    }

    /** A manager whose log keeps 5 events and 60 s per stream, on the harness's own ticker. */
    private static ManagerHarness withSmallLog() {
        ManualTicker ticker = new ManualTicker();
        ReplayLog log = ReplayLog.inMemory(ReplayLogLimits.builder().maxEventsPerStream(5)
                        .maxAge(Duration.ofSeconds(60)).build(), ticker,
                Clock.fixed(ManagerHarness.NOW, ZoneOffset.UTC));
        return new ManagerHarness(ticker, config -> config, builder -> builder.replayLog(log));
    }
}
