package io.switchboard.core.internal;

import io.switchboard.core.control.ApprovalDecision;
import io.switchboard.core.control.CancelRequest;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What users asked of one run: its cancellation and the decisions on its approval requests, each
 * settled once. Held by the run's emitters and its association, so it lives as long as either.
 * Thread-safe.
 */
final class RunControlState {

    /** What became of a decision. */
    enum Decided { DECIDED, ALREADY_DECIDED, UNKNOWN }

    private final RunId run;
    private final UserId user;
    private final ThreadId thread;
    private final CompletableFuture<CancelRequest> cancellation = new CompletableFuture<>();
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

    /** @return {@code true} for the first cancel of the run */
    boolean cancel(CancelRequest request) {
        return cancellation.complete(request);
    }

    CompletableFuture<CancelRequest> cancellation() {
        return cancellation;
    }

    /** An approval request of the run was sent: it may now be decided. */
    void requested(String requestId) {
        requested.put(requestId, Boolean.TRUE);
    }

    Decided decide(ApprovalDecision decision) {
        if (!requested.containsKey(decision.requestId())) {
            return Decided.UNKNOWN;
        }
        return decision(decision.requestId()).complete(decision) ? Decided.DECIDED
                : Decided.ALREADY_DECIDED;
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
