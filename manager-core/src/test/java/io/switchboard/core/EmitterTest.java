package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.AgentRunListener;
import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.emit.EmitterCounts;
import io.switchboard.core.emit.RetryPolicy;
import io.switchboard.core.event.AgentThinking;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.FlakyReplayLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The emitter and the agent bridge")
class EmitterTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId T1 = ThreadId.of("t-1");
    private static final RunId RUN = RunId.of("r-1");
    private static final RetryPolicy FAST =
            RetryPolicy.builder().maxAttempts(4).initialDelay(Duration.ofMillis(1))
                    .maxDelay(Duration.ofMillis(5)).multiplier(2.0).jitter(0.5).build();

    private static ManagerHarness harness(FlakyReplayLog log) {
        return new ManagerHarness(config -> config,
                builder -> builder.replayLog(log).retryPolicy(FAST));
    }

    // Alice's tab, viewing thread T1.
    private static FakeConnection subscribedAlice(ManagerHarness harness) {
        FakeConnection tab = harness.connect("alice");
        harness.manager.subscribe(tab.id(), T1);
        return tab;
    }

    private static EmitOutcome await(CompletableFuture<EmitOutcome> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("a store failing transiently N times is retried and the client gets the event once")
    void transientFailuresAreRetried() throws Exception {
        FlakyReplayLog log = new FlakyReplayLog(2);
        ManagerHarness harness = harness(log);
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = subscribedAlice(harness);
            AgentEmitter emitter = manager.emitter(ALICE, T1, RUN);

            EmitOutcome outcome = await(emitter.started("helper"));

            assertThat(outcome.attempts()).isEqualTo(3);
            assertThat(outcome.succeeded()).isTrue();
            assertThat(outcome.outcome().status()).isEqualTo(SendStatus.QUEUED);
            assertThat(tab).hasFramesOfType("agent_started", 1);
            assertThat(log.appendCalls()).isEqualTo(3);
            assertThat(emitter.counts()).isEqualTo(EmitterCounts.builder()
                    .emitted(1).succeeded(1).retries(2).build());
        }
    }

    @Test
    @DisplayName("a permanent failure gives a failed outcome after the configured attempts")
    void permanentFailure() throws Exception {
        FlakyReplayLog log = new FlakyReplayLog(Integer.MAX_VALUE);
        ManagerHarness harness = harness(log);
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = subscribedAlice(harness);
            AgentEmitter emitter = manager.emitter(ALICE, T1, RUN);

            EmitOutcome outcome = await(emitter.completed("done"));

            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.attempts()).isEqualTo(4);
            assertThat(outcome.outcome().status()).isEqualTo(SendStatus.STORE_FAILED);
            assertThat(tab).hasNoFrameOfType("agent_completed");
            assertThat(emitter.counts().failed()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a store that cannot say whether it stored the event is retried, and reported "
            + "as unconfirmed, not as failed, when it never says")
    void unconfirmedStore() throws Exception {
        FlakyReplayLog silent = new FlakyReplayLog(Integer.MAX_VALUE, true);
        ManagerHarness harness = harness(silent);
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = subscribedAlice(harness);
            AgentEmitter emitter = manager.emitter(ALICE, T1, RUN);

            EmitOutcome outcome = await(emitter.completed("done"));

            assertThat(outcome.attempts()).isEqualTo(4);
            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.outcome().status()).isEqualTo(SendStatus.STORE_UNCONFIRMED);
            assertThat(outcome.outcome().transientFailure()).isTrue();
            assertThat(outcome.outcome().stored()).isFalse();
            assertThat(manager.sendToThread(ALICE, T1, new AgentThinking("still here", 1)).status())
                    .isEqualTo(SendStatus.STORE_UNCONFIRMED);
        }
        FlakyReplayLog briefly = new FlakyReplayLog(2, true);
        ManagerHarness again = harness(briefly);
        try (WebSocketManager manager = again.manager) {
            FakeConnection tab = subscribedAlice(again);
            EmitOutcome outcome = await(manager.emitter(ALICE, T1, RUN).completed("done"));
            assertThat(outcome.attempts()).isEqualTo(3);
            assertThat(outcome.succeeded()).isTrue();
            assertThat(tab).hasFramesOfType("agent_completed", 1);
        }
    }

    @Test
    @DisplayName("a retried event is never overtaken by a later one of the same run")
    void orderSurvivesRetries() throws Exception {
        FlakyReplayLog log = new FlakyReplayLog(3);
        ManagerHarness harness = harness(log);
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = subscribedAlice(harness);
            AgentEmitter emitter = manager.emitter(ALICE, T1, RUN);

            emitter.started("helper");
            emitter.toolExecuting("c-1", "search", Map.of());
            emitter.toolCompleted("c-1", "search", true, "ok", 3);
            await(emitter.completed("done"));

            assertThat(tab).hasTypes("welcome", "subscribed", "agent_started",
                    "tool_executing", "tool_completed", "agent_completed");
        }
    }

    @Test
    @DisplayName("an emit with no client listening is stored, a success that resuming clients get")
    void storedWithoutListeners() throws Exception {
        ManagerHarness harness = harness(new FlakyReplayLog(0));
        try (WebSocketManager manager = harness.manager) {
            EmitOutcome outcome = await(manager.emitter(ALICE, T1, RUN).started("helper"));
            assertThat(outcome.outcome().status()).isEqualTo(SendStatus.STORED);
            assertThat(outcome.succeeded()).isTrue();
            assertThat(outcome.attempts()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("emits that end alike may share a future, which tells each its own outcome and cannot be changed")
    void sharedOutcomes() throws Exception {
        ManagerHarness harness = harness(new FlakyReplayLog(0));
        try (WebSocketManager manager = harness.manager) {
            subscribedAlice(harness);
            AgentEmitter emitter = manager.emitter(ALICE, T1, RUN);
            CompletableFuture<EmitOutcome> first = emitter.started("helper");
            CompletableFuture<EmitOutcome> second = emitter.thinking("looking", 1);
            assertThat(await(first).outcome().queuedLocal()).isEqualTo(1);
            assertThat(await(second).outcome().queuedLocal()).isEqualTo(1);

            EmitOutcome other = new EmitOutcome(SendOutcome.of(SendStatus.NO_TARGET), 1);
            assertThat(first.complete(other)).isFalse();
            assertThatThrownBy(() -> first.obtrudeValue(other))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> first.obtrudeException(new IllegalStateException()))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThat(await(first).outcome().queuedLocal()).isEqualTo(1);

            // A second tab: the next emit ends otherwise, and says so; the earlier ones still
            // say what they did.
            subscribedAlice(harness);
            EmitOutcome third = await(emitter.thinking("still looking", 2));
            assertThat(third.outcome().queuedLocal()).isEqualTo(2);
            assertThat(await(second).outcome().queuedLocal()).isEqualTo(1);
            assertThat(emitter.counts()).isEqualTo(EmitterCounts.builder()
                    .emitted(3).succeeded(3).build());
        }
    }

    @Test
    @DisplayName("a run cannot get an emitter for another user")
    void runBelongsToOneUser() {
        ManagerHarness harness = harness(new FlakyReplayLog(0));
        try (WebSocketManager manager = harness.manager) {
            manager.emitter(ALICE, T1, RUN);
            assertThatThrownBy(() -> manager.emitter(UserId.of("bob"), T1, RUN))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("r-1");
        }
    }

    @Test
    @DisplayName("emits waiting for a retry complete with SHUT_DOWN when the manager closes")
    void shutdownCompletesPendingRetries() throws Exception {
        FlakyReplayLog log = new FlakyReplayLog(Integer.MAX_VALUE);
        ManagerHarness harness = new ManagerHarness(config -> config, builder -> builder.replayLog(log)
                .retryPolicy(RetryPolicy.builder().initialDelay(Duration.ofSeconds(30))
                        .maxDelay(Duration.ofSeconds(30)).multiplier(1).jitter(0).build()));
        AgentEmitter emitter = harness.manager.emitter(ALICE, T1, RUN);
        CompletableFuture<EmitOutcome> pending = emitter.started("helper");
        harness.manager.close();
        EmitOutcome outcome = await(pending);
        assertThat(outcome.outcome().status()).isEqualTo(SendStatus.SHUT_DOWN);
        assertThat(outcome.succeeded()).isFalse();
    }

    @Test
    @DisplayName("the bridge maps an agent runtime's calls onto the five events, numbering and timing")
    void bridge() throws Exception {
        ManagerHarness harness = harness(new FlakyReplayLog(0));
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = subscribedAlice(harness);
            AgentEmitter emitter = manager.emitter(ALICE, T1, RUN);
            AgentRunListener listener = AgentRunListener.emittingTo(emitter);

            listener.runStarted("helper");
            listener.thinking("reading the question");
            listener.thinking("planning");
            listener.toolStarted("c-1", "search", Map.of("q", "oslo"));
            listener.toolFinished("c-1", List.of("sunny"), true);
            listener.runFinished("It is sunny.");
            await(emitter.emit(io.switchboard.core.event.ApplicationEvent.of("done_marker", null)));

            assertThat(tab).hasTypes("welcome", "subscribed", "agent_started",
                    "agent_thinking", "agent_thinking", "tool_executing", "tool_completed",
                    "agent_completed", "done_marker");
            assertThat(tab.framesOfType("agent_thinking")).extracting(f -> f.path("payload").path("step").asInt())
                    .containsExactly(1, 2);
            var completed = tab.framesOfType("tool_completed").get(0).path("payload");
            assertThat(completed.path("tool_name").asText()).isEqualTo("search");
            assertThat(completed.path("duration_millis").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(tab.framesOfType("agent_completed").get(0).path("run_id").asText()).isEqualTo("r-1");
        }
    }

    @Test
    @DisplayName("the retry policy grows delays exponentially up to the cap, with bounded jitter")
    void retryPolicyDelays() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(10).initialDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofMillis(1000)).multiplier(2).jitter(0.2).build();
        assertThat(policy.delayAfter(1)).isBetween(Duration.ofMillis(80), Duration.ofMillis(100));
        assertThat(policy.delayAfter(3)).isBetween(Duration.ofMillis(320), Duration.ofMillis(400));
        assertThat(policy.delayAfter(9)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1000));
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
                .hasMessageContaining("maxAttempts must be at least 1, was 0");
    }
}
