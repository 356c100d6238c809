package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.control.ApprovalDecision;
import io.switchboard.core.control.CancelRequest;
import io.switchboard.core.control.RunControl;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cancel and approval from the client")
class RunControlTest {

    private final List<CancelRequest> cancels = new CopyOnWriteArrayList<>();
    private final List<ApprovalDecision> decisions = new CopyOnWriteArrayList<>();
    private final ManagerHarness harness = new ManagerHarness(config -> config,
            builder -> builder.runControl(new RunControl() {
                @Override
                public void onCancel(CancelRequest request) {
                    cancels.add(request);
                }

                @Override
                public void onApproval(ApprovalDecision decision) {
                    decisions.add(decision);
                }
            }));
    private final WebSocketManager manager = harness.manager;
    private final UserId alice = UserId.of("alice");
    private final ThreadId thread = ThreadId.of("t-1");

    @AfterEach
    void close() {
        manager.close();
    }

    private FakeConnection tab(String user, boolean subscribed) {
        FakeConnection tab = harness.connect(user);
        if (subscribed) {
            manager.subscribe(tab.id(), thread);
        }
        return tab;
    }

    private static List<JsonNode> errors(FakeConnection tab) {
        return tab.framesOfType("error");
    }

    @Test
    @DisplayName("a cancel of one's own run reaches the handler and the emitter once; every tab sees cancel_requested; a repeat changes nothing")
    void cancelOwnRun() {
        AgentEmitter run = manager.emitter(alice, thread, RunId.of("r-1"));
        FakeConnection first = tab("alice", true);
        FakeConnection second = tab("alice", true);
        FakeConnection elsewhere = tab("alice", false);

        manager.onText(first.id(), "{\"type\":\"cancel\",\"run_id\":\"r-1\"}");
        manager.onText(elsewhere.id(), "{\"type\":\"cancel\",\"run_id\":\"r-1\"}");

        assertThat(cancels).hasSize(1);
        assertThat(cancels.get(0).connection()).isEqualTo(first.id());
        assertThat(cancels.get(0).user()).isEqualTo(alice);
        assertThat(run.isCancelled()).isTrue();
        assertThat(run.cancellation()).isCompletedWithValue(cancels.get(0));
        for (FakeConnection tab : List.of(first, second)) {
            List<JsonNode> answers = tab.framesOfType("cancel_requested");
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).path("seq").asLong()).isPositive();
            assertThat(answers.get(0).path("payload").path("run_id").asText()).isEqualTo("r-1");
        }
        // Not subscribed, and asked again: an unnumbered answer to this connection only.
        List<JsonNode> copy = elsewhere.framesOfType("cancel_requested");
        assertThat(copy).hasSize(1);
        assertThat(copy.get(0).has("seq")).isFalse();
        assertThat(errors(first)).isEmpty();
    }

    @Test
    @DisplayName("another user's run and an unknown run get the same unknown_run, and nothing else happens")
    void foreignAndUnknownRuns() {
        AgentEmitter run = manager.emitter(alice, thread, RunId.of("r-1"));
        FakeConnection mallory = tab("mallory", true);
        manager.onText(mallory.id(), "{\"type\":\"cancel\",\"run_id\":\"r-1\"}");
        manager.onText(mallory.id(), "{\"type\":\"cancel\",\"run_id\":\"r-unknown\"}");
        List<JsonNode> refused = errors(mallory);
        assertThat(refused).extracting(error -> error.path("code").asText())
                .containsExactly("unknown_run", "unknown_run");
        assertThat(refused.get(0).path("message")).isEqualTo(refused.get(1).path("message"));
        assertThat(run.isCancelled()).isFalse();
        assertThat(cancels).isEmpty();
    }

    @Test
    @DisplayName("an approval is decided once, from any tab; every tab sees approval_decided; a second decision gets already_decided")
    void approvalOnce() {
        AgentEmitter run = manager.emitter(alice, thread, RunId.of("r-1"));
        FakeConnection first = tab("alice", true);
        FakeConnection second = tab("alice", true);
        FakeConnection mallory = tab("mallory", true);
        run.approvalRequested("q-1", "call-1", "Allow web search?", null);
        assertThat(first).hasFramesOfType("approval_requested", 1);

        manager.onText(mallory.id(),
                "{\"type\":\"approval\",\"request_id\":\"q-1\",\"decision\":\"approved\"}");
        manager.onText(second.id(), "{\"type\":\"approval\",\"request_id\":\"q-1\","
                + "\"decision\":\"rejected\",\"comment\":\"not now\"}");
        manager.onText(first.id(),
                "{\"type\":\"approval\",\"request_id\":\"q-1\",\"decision\":\"approved\"}");
        manager.onText(first.id(),
                "{\"type\":\"approval\",\"request_id\":\"q-2\",\"decision\":\"approved\"}");

        assertThat(errors(mallory)).extracting(error -> error.path("code").asText())
                .containsExactly("unknown_request");
        assertThat(errors(first)).extracting(error -> error.path("code").asText())
                .containsExactly("already_decided", "unknown_request");
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).approved()).isFalse();
        assertThat(decisions.get(0).comment()).contains("not now");
        assertThat(run.decision("q-1")).isCompletedWithValue(decisions.get(0));
        for (FakeConnection tab : List.of(first, second)) {
            List<JsonNode> decided = tab.framesOfType("approval_decided");
            assertThat(decided).hasSize(1);
            assertThat(decided.get(0).path("payload").path("decision").asText()).isEqualTo("rejected");
            assertThat(decided.get(0).path("payload").path("comment").asText()).isEqualTo("not now");
        }
        assertThat(mallory).hasNoFrameOfType("approval_decided");
        assertThat(mallory).hasNoFrameOfType("approval_requested");
    }

    @Test
    @DisplayName("a runtime that acts the moment it sees a decision or a cancel is streamed after approval_decided and cancel_requested")
    void reactionsFollowTheControlEvent() {
        AgentEmitter run = manager.emitter(alice, thread, RunId.of("r-1"));
        FakeConnection tab = tab("alice", true);
        run.approvalRequested("q-1", "call-1", "Allow web search?", null);
        // Completed on the thread that received the frame, as an agent runtime would react.
        run.decision("q-1").thenRun(() -> run.toolExecuting("call-1", "web_search", Map.of()));
        run.cancellation().thenRun(() -> run.cancelled("stopped"));

        manager.onText(tab.id(), "{\"type\":\"approval\",\"request_id\":\"q-1\",\"decision\":\"approved\"}");
        manager.onText(tab.id(), "{\"type\":\"cancel\",\"run_id\":\"r-1\"}");

        assertThat(tab).hasTypes("welcome", "subscribed", "approval_requested",
                "approval_decided", "tool_executing", "cancel_requested", "agent_completed");
        assertThat(tab).hasSeqs(1, 2, 3, 4, 5);
    }

    @Test
    @DisplayName("after the run ended, cancel and approval get run_ended; a disconnect is never a cancel")
    void endedRunsAndDisconnects() {
        AgentEmitter run = manager.emitter(alice, thread, RunId.of("r-1"));
        FakeConnection tab = tab("alice", true);
        run.approvalRequested("q-1", null, "Go on?", null);
        manager.disconnect(tab.id(), CloseReason.NORMAL);
        assertThat(run.isCancelled()).isFalse();
        assertThat(cancels).isEmpty();

        FakeConnection again = tab("alice", true);
        run.completed("done");
        manager.onText(again.id(), "{\"type\":\"cancel\",\"run_id\":\"r-1\"}");
        manager.onText(again.id(),
                "{\"type\":\"approval\",\"request_id\":\"q-1\",\"decision\":\"approved\"}");
        assertThat(errors(again)).extracting(error -> error.path("code").asText())
                .containsExactly("run_ended", "run_ended");
        assertThat(run.isCancelled()).isFalse();
        assertThat(decisions).isEmpty();
    }

    @Test
    @DisplayName("malformed control frames get invalid_frame")
    void malformed() {
        FakeConnection tab = tab("alice", true);
        manager.onText(tab.id(), "{\"type\":\"cancel\"}");
        manager.onText(tab.id(), "{\"type\":\"approval\",\"request_id\":\"q\",\"decision\":\"maybe\"}");
        manager.onText(tab.id(), "{\"type\":\"approval\",\"decision\":\"approved\"}");
        assertThat(errors(tab)).extracting(error -> error.path("code").asText())
                .containsExactly("invalid_frame", "invalid_frame", "invalid_frame");
    }
}
