package io.switchboard.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;

/**
 * Finds the control state of a run by run id, and of an approval request by its user and request
 * id, for the {@code cancel} and {@code approval} frames. Both indexes hold their states weakly:
 * a state lives while a run's emitter or its association holds it (so a human may take as long as
 * the run waits), and leaves the index when neither does. Keying requests by user means one user's
 * frame can never find another user's request, even under the same id. Thread-safe; touched only
 * when a run starts, asks for approval, ends, or is controlled, never per event.
 */
final class RunControls {

    private record RequestKey(UserId user, String requestId) {
    }

    private final Cache<RunId, RunControlState> byRun;
    private final Cache<RequestKey, RunControlState> byRequest;

    RunControls(int maxRuns) {
        this.byRun = Caffeine.newBuilder().weakValues().maximumSize(maxRuns)
                .executor(Runnable::run).build();
        this.byRequest = Caffeine.newBuilder().weakValues().maximumSize(maxRuns)
                .executor(Runnable::run).build();
    }

    /** The run's state, made if no emitter or association holds one. */
    RunControlState forRun(RunId run, UserId user, ThreadId thread) {
        return byRun.get(run, id -> new RunControlState(id, user, thread));
    }

    RunControlState find(RunId run) {
        return byRun.getIfPresent(run);
    }

    void requested(RunControlState state, String requestId) {
        state.requested(requestId);
        byRequest.put(new RequestKey(state.user(), requestId), state);
    }

    RunControlState findRequest(UserId user, String requestId) {
        return byRequest.getIfPresent(new RequestKey(user, requestId));
    }
}
