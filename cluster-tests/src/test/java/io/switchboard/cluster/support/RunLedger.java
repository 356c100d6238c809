package io.switchboard.cluster.support;

import io.switchboard.core.SendStatus;
import io.switchboard.core.emit.EmitOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run emitted, as its emitter's outcomes say: the events a tab of its thread must get
 * (stored), and those whose failure the emitter reported to its caller (not expected, but shown).
 * A run that streams answers emits one token per delta; each token is counted like an event, and
 * names its message so that the text a tab reconstructs can be checked. Thread-safe.
 */
public final class RunLedger {

    /**
     * One emit.
     *
     * @param id {@code run:n}, as the payload names it
     * @param startedAtMillis when the emit began
     * @param stored whether the outcome says the event is stored (so every tab must get it)
     * @param unconfirmed whether the outcome says the log may or may not have stored it
     *     ({@code STORE_UNCONFIRMED})
     * @param outcome the outcome, for failure messages
     * @param message for a delta, the message it belongs to; null for an event
     * @param token for a delta, its text; null for an event
     * @param textMessage whether it is a delta of a text message (not of a tool call's arguments)
     */
    public record Emit(String id, long startedAtMillis, boolean stored, boolean unconfirmed,
            String outcome, String message, String token, boolean textMessage) {
    }

    private final String run;
    private final String thread;
    private final List<Emit> emits = new ArrayList<>();

    public RunLedger(String run, String thread) {
        this.run = run;
        this.thread = thread;
    }

    public String run() {
        return run;
    }

    public String thread() {
        return thread;
    }

    public synchronized void emitted(int n, long startedAtMillis, EmitOutcome outcome) {
        emits.add(new Emit(run + ":" + n, startedAtMillis, outcome.outcome().stored(),
                unconfirmed(outcome), outcome.toString(), null, null, false));
    }

    /**
     * A delta of {@code message} carrying {@code token}, the token of step {@code n}.
     *
     * @param textMessage whether {@code message} is a text message rather than a tool call
     */
    public synchronized void streamed(int n, long startedAtMillis, EmitOutcome outcome,
            String message, String token, boolean textMessage) {
        emits.add(new Emit(run + ":" + n, startedAtMillis, outcome.outcome().stored(),
                unconfirmed(outcome), outcome.toString(), message, token, textMessage));
    }

    /** An emit whose outcome never came (its instance died with it): neither stored nor failed. */
    public synchronized void unanswered(int n, long startedAtMillis) {
        emits.add(new Emit(run + ":" + n, startedAtMillis, false, false, "no outcome", null,
                null, false));
    }

    private static boolean unconfirmed(EmitOutcome outcome) {
        return outcome.outcome().status() == SendStatus.STORE_UNCONFIRMED;
    }

    public synchronized List<Emit> emits() {
        return List.copyOf(emits);
    }

    public synchronized int steps() {
        return emits.size();
    }
}
