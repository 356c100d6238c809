package io.switchboard.core.internal;

import io.switchboard.core.emit.EmitOutcome;
import java.util.concurrent.CompletableFuture;

/**
 * An emit's future that is complete from the start and stays as it is: an emitter hands the same
 * one to every emit with the same outcome (see {@link DefaultAgentEmitter}), so that an event
 * delivered as the one before costs no outcome and no future. Completing it again does nothing,
 * as with any completed future; obtruding a value or an exception, which would change what every
 * holder sees, is refused. Dependent stages are ordinary futures.
 */
final class SettledEmit extends CompletableFuture<EmitOutcome> {

    private final EmitOutcome outcome;

    SettledEmit(EmitOutcome outcome) {
        this.outcome = outcome;
        super.complete(outcome);
    }

    /** The outcome it completed with. */
    EmitOutcome outcome() {
        return outcome;
    }

    /** Refused: the outcome is shared by every emit that had it. */
    @Override
    public void obtrudeValue(EmitOutcome value) {
        throw new UnsupportedOperationException("an emit's outcome cannot be changed");
    }

    /** Refused: the outcome is shared by every emit that had it. */
    @Override
    public void obtrudeException(Throwable error) {
        throw new UnsupportedOperationException("an emit's outcome cannot be changed");
    }
}
