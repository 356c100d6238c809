package io.switchboard.core.internal;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.Ticker;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.control.ApprovalDecision;
import io.switchboard.core.control.CancelRequest;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.emit.EmitterCounts;
import io.switchboard.core.emit.RetryPolicy;
import io.switchboard.core.event.AgentCompleted;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.event.AgentThinking;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.event.ApprovalRequested;
import io.switchboard.core.event.MessageCompleted;
import io.switchboard.core.event.MessageDelta;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.event.MessageStarted;
import io.switchboard.core.event.ToolCallDelta;
import io.switchboard.core.event.ToolCompleted;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.EventTracing;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The emitter of one run. Emits are chained: each starts when the previous one has finished, so
 * a retried event can never be overtaken by a later one.
 *
 * <p>With a delta window, deltas of one message are held (see {@link DeltaWindow}) and sent as one
 * delta when the window has passed (on the next delta's thread, or the manager's scheduler), when
 * a delta of another message comes, or before any other event, so order is kept.
 */
final class DefaultAgentEmitter implements AgentEmitter {

    /** Sends one attempt of an event, under its key and within its emission. */
    @FunctionalInterface
    interface Sender {
        SendOutcome send(AgentEvent event, EventKey key, EventTracing.Emission emission);
    }

    private final UserId user;
    private final ThreadId thread;
    private final RunId run;
    // Sends one attempt of an event; the key is the same for every attempt of that event.
    private final Sender send;
    private final EventTracing tracing;
    private final Target target;
    private final Optional<RunId> runTag;
    private final RetryPolicy retry;
    private final ManagerScheduler scheduler;
    private final RunControlState control;
    private final long windowNanos;
    private final Ticker ticker;
    private final Object lock = new Object();
    // Guarded by lock, which every emit takes anyway (an attempt made under it re-enters it for
    // free): the counts, without a shared counter's atomic operations on every event.
    private long emitted;
    private long succeeded;
    private long retries;
    private long failed;
    // Guarded by lock: the last emit, which the next one waits for; the deltas held, if any.
    // What tail is whenever the last emit has finished well, so that an emitter (which lives as
    // long as its run) is not handed a new future on every event: storing a new object into an
    // old one costs the collector a card each time.
    private final CompletableFuture<EmitOutcome> settled = CompletableFuture.completedFuture(null);
    private CompletableFuture<EmitOutcome> tail = settled;
    private DeltaWindow held;
    private long windows;
    // Guarded by lock: the future of the last emit that ended, handed again to the next one that
    // ends the same way (its outcome is usually one of a few shared ones, see StoredOutcomes).
    private SettledEmit ended;
    // Names this emitter's events for the log: its own name and the number of the emit.
    private final String keyName = EventKey.randomName();
    private long keys;

    /**
     * @param window the manager's delta window; zero sends every delta at once
     * @param tracing asked, on the caller's thread, to follow each emitted event
     */
    DefaultAgentEmitter(UserId user, ThreadId thread, RunId run,
            Sender send, RetryPolicy retry, ManagerScheduler scheduler, RunControlState control,
            Duration window, Ticker ticker, EventTracing tracing) {
        this.user = user;
        this.thread = thread;
        this.run = run;
        this.send = send;
        this.tracing = tracing;
        this.target = new Target.Thread(user, thread);
        this.runTag = Optional.of(run);
        this.retry = retry;
        this.scheduler = scheduler;
        this.control = control;
        this.windowNanos = window.toNanos();
        this.ticker = ticker;
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
        synchronized (lock) {
            sendHeld();
            return chain(event, tracing.emitting(event.type(), target, runTag));
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
    public CompletableFuture<EmitOutcome> cancelled(String reason) {
        return emit(AgentCompleted.cancelled(reason));
    }

    @Override
    public CompletableFuture<EmitOutcome> messageStarted(String messageId, MessageKind kind) {
        return emit(new MessageStarted(messageId, kind));
    }

    @Override
    public CompletableFuture<EmitOutcome> messageDelta(String messageId, String delta) {
        if (windowNanos == 0) {
            return emit(new MessageDelta(messageId, delta));
        }
        requireDelta(messageId, delta);
        return hold(false, messageId, null, delta);
    }

    @Override
    public CompletableFuture<EmitOutcome> messageCompleted(String messageId) {
        return emit(new MessageCompleted(messageId));
    }

    @Override
    public CompletableFuture<EmitOutcome> toolCallDelta(String toolCallId, String toolName,
            String argumentsDelta) {
        if (windowNanos == 0) {
            return emit(new ToolCallDelta(toolCallId, toolName, argumentsDelta));
        }
        Objects.requireNonNull(toolName, "toolName");
        requireDelta(toolCallId, argumentsDelta);
        return hold(true, toolCallId, toolName, argumentsDelta);
    }

    @Override
    public CompletableFuture<EmitOutcome> approvalRequested(String requestId, String toolCallId,
            String title, Object details) {
        return emit(new ApprovalRequested(requestId, toolCallId, title, details));
    }

    @Override
    public CompletableFuture<ApprovalDecision> decision(String requestId) {
        return control.decision(requestId).copy();
    }

    @Override
    public CompletableFuture<CancelRequest> cancellation() {
        return control.cancellation().copy();
    }

    @Override
    public boolean isCancelled() {
        return control.cancellation().isDone();
    }

    @Override
    public CompletableFuture<EmitOutcome> application(ApplicationEvent event) {
        return emit(event);
    }

    @Override
    public EmitterCounts counts() {
        synchronized (lock) {
            return EmitterCounts.builder()
                    .emitted(emitted)
                    .succeeded(succeeded)
                    .retries(retries)
                    .failed(failed)
                    .build();
        }
    }

    /** Keeps the run's control state reachable for as long as the application holds this. */
    RunControlState control() {
        return control;
    }

    // What the events would check, now rather than when the window closes.
    private static void requireDelta(String id, String delta) {
        Objects.requireNonNull(id, "id");
        if (delta.isEmpty()) {
            throw new IllegalArgumentException("a delta must not be empty");
        }
    }

    private CompletableFuture<EmitOutcome> hold(boolean toolCall, String id, String toolName,
            String delta) {
        synchronized (lock) {
            if (held != null && !held.holds(toolCall, id, toolName)) {
                sendHeld();
            }
            long now = ticker.read();
            DeltaWindow window = held;
            if (window == null) {
                long generation = ++windows;
                window = new DeltaWindow(toolCall, id, toolName, now, generation,
                        tracing.emitting(toolCall ? ToolCallDelta.TYPE : MessageDelta.TYPE,
                                target, runTag));
                held = window;
                scheduler.after(Duration.ofNanos(windowNanos), () -> sendIfStillHeld(generation));
            }
            window.add(delta);
            if (now - window.openedNanos() >= windowNanos) {
                sendHeld();
            }
            return window.sent();
        }
    }

    private void sendIfStillHeld(long generation) {
        synchronized (lock) {
            if (held != null && held.generation() == generation) {
                sendHeld();
            }
        }
    }

    // Under lock: the held deltas go first, as one delta.
    private void sendHeld() {
        DeltaWindow window = held;
        if (window == null) {
            return;
        }
        held = null;
        chain(window.event(), window.emission()).whenComplete((outcome, error) -> {
            if (error != null) {
                window.sent().completeExceptionally(error);
            } else {
                window.sent().complete(outcome);
            }
        });
    }

    // Under lock.
    private CompletableFuture<EmitOutcome> chain(AgentEvent event,
            EventTracing.Emission emission) {
        emitted++;
        EventKey key = EventKey.of(keyName, ++keys);
        // Usually the previous emit has finished: this one starts at once, without a stage.
        CompletableFuture<EmitOutcome> next = tail == settled
                || tail.isDone() && !tail.isCompletedExceptionally()
                ? attempt(event, key, 1, emission)
                : tail.thenCompose(previous -> attempt(event, key, 1, emission));
        CompletableFuture<EmitOutcome> last = next.isDone() && !next.isCompletedExceptionally()
                ? settled : next;
        // Stored only when it changes: even storing the same reference into an old object costs
        // the collector's refinement a card.
        if (tail != last) {
            tail = last;
        }
        return next;
    }

    private CompletableFuture<EmitOutcome> attempt(AgentEvent event, EventKey key, int attempt,
            EventTracing.Emission emission) {
        SendOutcome outcome = send.send(event, key, emission);
        if (!outcome.transientFailure() || attempt >= retry.maxAttempts()) {
            SettledEmit result;
            synchronized (lock) {
                result = ended;
                if (result == null || result.outcome().outcome() != outcome
                        || result.outcome().attempts() != attempt) {
                    result = new SettledEmit(new EmitOutcome(outcome, attempt));
                    ended = result;
                }
                if (result.outcome().succeeded()) {
                    succeeded++;
                } else {
                    failed++;
                }
            }
            emission.ended(outcome);
            return result;
        }
        synchronized (lock) {
            retries++;
        }
        CompletableFuture<EmitOutcome> next = new CompletableFuture<>();
        scheduler.after(retry.delayAfter(attempt), () -> attempt(event, key, attempt + 1, emission)
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
