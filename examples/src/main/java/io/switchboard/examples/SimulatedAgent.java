package io.switchboard.examples;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentRunListener;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A pretend agent runtime: answers each message with a realistic run, driving the manager through
 * the agent bridge exactly as a real runtime would. Its steps are paced so a person (or a browser
 * test) can watch them arrive and drop the connection in the middle.
 */
final class SimulatedAgent implements AutoCloseable {

    private final WebSocketManager manager;
    private final Duration step;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "demo-agent");
        thread.setDaemon(true);
        return thread;
    });

    SimulatedAgent(WebSocketManager manager, Duration step) {
        this.manager = manager;
        this.step = step;
    }

    /** Starts a run that answers {@code question} on the user's thread; returns its id. */
    RunId answer(UserId user, ThreadId thread, String question) {
        RunId run = RunId.of("run-" + UUID.randomUUID().toString().substring(0, 8));
        AgentRunListener agent = AgentRunListener.emittingTo(manager.emitter(user, thread, run));
        String topic = question.length() > 60 ? question.substring(0, 60) : question;
        List<Runnable> script = List.of(
                () -> agent.runStarted("research-assistant"),
                () -> agent.thinking("Reading the question: \"" + topic + "\""),
                () -> agent.thinking("Deciding which sources to consult"),
                () -> agent.toolStarted("call-1", "web_search", Map.of("query", topic, "max_results", 3)),
                () -> agent.toolFinished("call-1", List.of(
                        Map.of("title", "Switchboard docs", "url", "https://example.org/switchboard"),
                        Map.of("title", "Agent events", "url", "https://example.org/events")), true),
                () -> agent.thinking("Summarizing two sources"),
                () -> agent.runFinished("Here is what I found about \"" + topic
                        + "\": two sources agree, and the details are in the tool result above."));
        for (int n = 0; n < script.size(); n++) {
            clock.schedule(script.get(n), step.toMillis() * n, TimeUnit.MILLISECONDS);
        }
        return run;
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
