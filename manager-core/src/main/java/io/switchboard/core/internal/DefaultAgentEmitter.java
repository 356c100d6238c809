package io.switchboard.core.internal;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.emit.EmitterCounts;
import io.switchboard.core.emit.RetryPolicy;
import io.switchboard.core.event.AgentCompleted;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.event.AgentThinking;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.event.ToolCompleted;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * The emitter of one run. Emits are chained: each starts when the previous one has finished, so
 * a retried event can never be overtaken by a later one.
 */
final class DefaultAgentEmitter implements AgentEmitter {

    private final UserId user;
    private final ThreadId thread;
    private final RunId run;
    // Sends one attempt of an event; the key is the same for every attempt of that event.
    private final BiFunction<AgentEvent, String, SendOutcome> send;
    private final RetryPolicy retry;
    private final ManagerScheduler scheduler;
    private final LongAdder emitted = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Object lock = new Object();
    // Guarded by lock: the last emit, which the next one waits for.
    private CompletableFuture<EmitOutcome> tail = CompletableFuture.completedFuture(null);

    DefaultAgentEmitter(UserId user, ThreadId thread, RunId run,
            BiFunction<AgentEvent, String, SendOutcome> send, RetryPolicy retry,
            ManagerScheduler scheduler) {
        this.user = user;
        this.thread = thread;
        this.run = run;
        this.send = send;
        this.retry = retry;
        this.scheduler = scheduler;
    }

    @Override
    public UserId user() {
        return user;
    }

    @Override
    public ThreadId thread() {
        return thread;
    }

    @Override
    public RunId run() {
        return run;
    }

    @Override
    public CompletableFuture<EmitOutcome> emit(AgentEvent event) {
        emitted.increment();
        synchronized (lock) {
            String key = EventKeys.next();
            CompletableFuture<EmitOutcome> next =
                    tail.thenCompose(previous -> attempt(event, key, 1));
            tail = next;
            return next;
        }
    }

    @Override
    public CompletableFuture<EmitOutcome> started(String agentName) {
        return emit(new AgentStarted(agentName));
    }

    @Override
    public CompletableFuture<EmitOutcome> thinking(String thought, int step) {
        return emit(new AgentThinking(thought, step));
    }

    @Override
    public CompletableFuture<EmitOutcome> toolExecuting(String toolCallId, String toolName,
            Map<String, Object> arguments) {
        return emit(new ToolExecuting(toolCallId, toolName, arguments));
    }

    @Override
    public CompletableFuture<EmitOutcome> toolCompleted(String toolCallId, String toolName,
            boolean succeeded, Object result, long durationMillis) {
        return emit(new ToolCompleted(toolCallId, toolName, succeeded, result, durationMillis));
    }

    @Override
    public CompletableFuture<EmitOutcome> completed(String answer) {
        return emit(AgentCompleted.succeeded(answer));
    }

    @Override
    public CompletableFuture<EmitOutcome> failed(String error) {
        return emit(AgentCompleted.failed(error));
    }

    @Override
    public CompletableFuture<EmitOutcome> application(ApplicationEvent event) {
        return emit(event);
    }

    @Override
    public EmitterCounts counts() {
        return new EmitterCounts(emitted.sum(), succeeded.sum(), retries.sum(), failed.sum());
    }

    private CompletableFuture<EmitOutcome> attempt(AgentEvent event, String key, int attempt) {
        SendOutcome outcome = send.apply(event, key);
        if (!outcome.transientFailure() || attempt >= retry.maxAttempts()) {
            EmitOutcome result = new EmitOutcome(outcome, attempt);
            (result.succeeded() ? succeeded : failed).increment();
            return CompletableFuture.completedFuture(result);
        }
        retries.increment();
        CompletableFuture<EmitOutcome> next = new CompletableFuture<>();
        scheduler.after(retry.delayAfter(attempt), () -> attempt(event, key, attempt + 1)
                .whenComplete((result, error) -> {
                    if (error != null) {
                        next.completeExceptionally(error);
                    } else {
                        next.complete(result);
                    }
                }));
        return next;
    }

    @Override
    public String toString() {
        return "AgentEmitter[" + run + " of " + user + "/" + thread + "]";
    }
}
