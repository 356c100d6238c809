package io.switchboard.core.internal;

import io.switchboard.core.control.ApprovalDecision;
import io.switchboard.core.control.CancelRequest;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What users asked of one run: its cancellation and the decisions on its approval requests, each
 * settled once. Held by the run's emitters and its association, so it lives as long as either.
 *
 * <p>Settling is two steps: a claim, which makes the first request win, then a release, which
 * shows it to the emitters. The manager tells the tabs in between, so whatever the agent runtime
 * does on seeing a cancel or a decision comes after {@code cancel_requested} or
 * {@code approval_decided} in the run's stream. Thread-safe.
 */
final class RunControlState {

    /** What became of a decision. */
    enum Decided { DECIDED, ALREADY_DECIDED, UNKNOWN }

    private final RunId run;
    private final UserId user;
    private final ThreadId thread;
    private final AtomicReference<CancelRequest> cancelClaim = new AtomicReference<>();
    private final CompletableFuture<CancelRequest> cancellation = new CompletableFuture<>();
    private final Map<String, ApprovalDecision> decisionClaims = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<ApprovalDecision>> approvals =
            new ConcurrentHashMap<>();
    private final Map<String, Boolean> requested = new ConcurrentHashMap<>();
    private volatile boolean ended;

    RunControlState(RunId run, UserId user, ThreadId thread) {
        this.run = run;
        this.user = user;
        this.thread = thread;
    }

    RunId run() {
        return run;
    }

    UserId user() {
        return user;
    }

    ThreadId thread() {
        return thread;
    }

    boolean owns(UserId candidate, ThreadId candidateThread) {
        return user.equals(candidate) && thread.equals(candidateThread);
    }

    /** @return {@code true} for the first cancel of the run; {@link #release} shows it */
    boolean claim(CancelRequest request) {
        return cancelClaim.compareAndSet(null, request);
    }

    /** Shows a claimed cancel to the run's emitters. */
    void release(CancelRequest request) {
        cancellation.complete(request);
    }

    CompletableFuture<CancelRequest> cancellation() {
        return cancellation;
    }

    /** An approval request of the run was sent: it may now be decided. */
    void requested(String requestId) {
        requested.put(requestId, Boolean.TRUE);
    }

    /** @return {@link Decided#DECIDED} for the request's first decision; {@link #release} shows it */
    Decided claim(ApprovalDecision decision) {
        if (!requested.containsKey(decision.requestId())) {
            return Decided.UNKNOWN;
        }
        return decisionClaims.putIfAbsent(decision.requestId(), decision) == null ? Decided.DECIDED
                : Decided.ALREADY_DECIDED;
    }

    /** Shows a claimed decision to the run's emitters. */
    void release(ApprovalDecision decision) {
        decision(decision.requestId()).complete(decision);
    }

    CompletableFuture<ApprovalDecision> decision(String requestId) {
        return approvals.computeIfAbsent(requestId, id -> new CompletableFuture<>());
    }

    void end() {
        ended = true;
    }

    boolean ended() {
        return ended;
    }
}
