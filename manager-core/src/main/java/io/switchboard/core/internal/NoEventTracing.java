package io.switchboard.core.internal;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.RunId;
import io.switchboard.core.spi.EventTracing;
import java.util.Optional;

/**
 * The tracing a manager has when none is installed: no context, no record, and no allocation per
 * event (one emission and one delivery serve every event). Immutable.
 */
public final class NoEventTracing implements EventTracing {

    private final Emission emission = new Emission() {
        @Override
        public String context() {
            return null;
        }

        @Override
        public void ended(SendOutcome outcome) {
        }
    };
    private final Delivery delivery = queued -> { };

    @Override
    public Emission emitting(String type, Target target, Optional<RunId> run) {
        return emission;
    }

    @Override
    public Delivery delivering(Optional<String> context, Target target) {
        return delivery;
    }
}
