package io.switchboard.examples;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.control.ApprovalDecision;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.AgentRunListener;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A pretend agent runtime that plays an {@link AgentScript} the way a real one streams a model's
 * output: it starts the run, streams its reasoning, streams the arguments of a web search, asks
 * the user to approve the search, runs it (or not), streams the answer token by token and
 * completes. It drives the manager through the agent bridge, and reads the user's Stop and
 * Approve/Reject from the run's emitter, as a runtime would. Its pace lets a person (or a browser
 * test) watch the answer arrive, and stop it or drop the connection in the middle.
 *
 * <p>Thread-safe. Every run is a chain of steps on one scheduler thread; a run waits for the
 * user's decision without holding a thread.
 */
final class SimulatedAgent implements ChatAgent {

    /** How long a run waits for the user's decision before it gives up. */
    private static final Duration DECISION_TIMEOUT = Duration.ofMinutes(5);

    private final WebSocketManager manager;
    private final AgentPace pace;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "demo-agent");
        thread.setDaemon(true);
        return thread;
    });

    SimulatedAgent(WebSocketManager manager, AgentPace pace) {
        this.manager = manager;
        this.pace = pace;
    }

    @Override
    public RunId answer(UserId user, ThreadId thread, String question) {
        RunId run = RunId.of("run-" + UUID.randomUUID().toString().substring(0, 8));
        new Playback(manager.emitter(user, thread, run), AgentScript.forQuestion(question)).start();
        return run;
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }

    /** One run: its steps, played one after the other; each waits for the previous one. */
    private final class Playback {
        private final AgentEmitter emitter;
        private final AgentRunListener agent;
        private final AgentScript script;
        // Only the step that runs touches the queue; a step's completion hands it to the next.
        private final Queue<Step> steps = new ArrayDeque<>();
        private final String toolCallId;
        private final String requestId;

        Playback(AgentEmitter emitter, AgentScript script) {
            this.emitter = emitter;
            this.agent = AgentRunListener.emittingTo(emitter);
            this.script = script;
            // Ids are unique within the thread's stream: a thread holds many runs.
            this.toolCallId = emitter.run().value() + ":" + script.toolCallId();
            this.requestId = emitter.run().value() + ":approval";
        }

        void start() {
            step(0, () -> agent.runStarted(script.agentName()));
            step(pace.step().toMillis(), () -> agent.thinking("Reading the question"));
            message(emitter.run().value() + ":reasoning", MessageKind.REASONING, script.reasoning());
            step(pace.step().toMillis(), () -> agent.thinking("Preparing a web search"));
            for (String part : AgentScript.tokens(script.toolArgumentsJson())) {
                step(pace.nextTokenMillis(), () -> agent.toolCallDelta(toolCallId, script.toolName(), part));
            }
            steps.add(new Step(pace.step().toMillis(), this::askApproval));
            next();
        }

        // The run waits for the first of the user's decision, a cancel, or the timeout.
        private CompletableFuture<?> askApproval() {
            agent.approvalRequested(requestId, toolCallId, script.approvalTitle(),
                    Map.of("tool", script.toolName(), "query", script.toolArguments().get("query")));
            CompletableFuture<ApprovalDecision> decision = emitter.decision(requestId);
            return CompletableFuture.anyOf(decision, emitter.cancellation())
                    .orTimeout(DECISION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((answer, timeout) -> {
                        if (timeout != null) {
                            step(0, () -> agent.runFailed("nobody approved or rejected the search within "
                                    + DECISION_TIMEOUT.toMinutes() + " minutes"));
                        } else if (answer instanceof ApprovalDecision decided && decided.approved()) {
                            searchAndAnswer();
                        } else if (answer instanceof ApprovalDecision) {
                            answerWithoutSearch();
                        }
                        return null;
                    });
        }

        private void searchAndAnswer() {
            step(0, () -> agent.toolStarted(toolCallId, script.toolName(), script.toolArguments()));
            step(pace.step().toMillis(), () -> agent.toolFinished(toolCallId, script.toolResult(), true));
            step(pace.step().toMillis(), () -> agent.thinking("Comparing three sources"));
            message(emitter.run().value() + ":answer", MessageKind.TEXT, script.answer());
            step(0, () -> agent.runFinished(script.answer()));
        }

        private void answerWithoutSearch() {
            step(0, () -> emitter.toolCompleted(toolCallId, script.toolName(), false,
                    Map.of("error", "the user did not allow the search"), 0));
            message(emitter.run().value() + ":answer", MessageKind.TEXT, script.answerWithoutSearch());
            step(0, () -> agent.runFinished(script.answerWithoutSearch()));
        }

        private void message(String messageId, MessageKind kind, String text) {
            step(pace.step().toMillis(), () -> agent.messageStarted(messageId, kind));
            for (String token : AgentScript.tokens(text)) {
                step(pace.nextTokenMillis(), () -> agent.messageDelta(messageId, token));
            }
            step(0, () -> agent.messageCompleted(messageId));
        }

        private void step(long delayMillis, Runnable action) {
            steps.add(new Step(delayMillis, () -> {
                action.run();
                return CompletableFuture.completedFuture(null);
            }));
        }

        // A Stop ends the run at the next step; what it was streaming stays unfinished.
        private void next() {
            if (emitter.isCancelled()) {
                steps.clear();
                agent.runCancelled("stopped by the user");
                return;
            }
            Step step = steps.poll();
            if (step == null) {
                return;
            }
            try {
                clock.schedule(() -> step.action().get().whenComplete((ignored, failure) -> next()),
                        step.delayMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The demo is stopping: the run ends with it.
            }
        }
    }

    private record Step(long delayMillis, Supplier<CompletableFuture<?>> action) {
    }
}
