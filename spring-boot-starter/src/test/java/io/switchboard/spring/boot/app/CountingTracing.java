package io.switchboard.spring.boot.app;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.RunId;
import io.switchboard.core.spi.EventTracing;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** An application's tracing bean, for the test that the starter installs it: counts emissions. */
public final class CountingTracing implements EventTracing {

    private final AtomicInteger emitted = new AtomicInteger();
    private final Emission emission = new Emission() {
        @Override
        public String context() {
            return null;
        }

        @Override
        public void ended(SendOutcome outcome) {
        }
    };

    @Override
    public Emission emitting(String type, Target target, Optional<RunId> run) {
        emitted.incrementAndGet();
        return emission;
    }

    @Override
    public Delivery delivering(Optional<String> context, Target target) {
        return queued -> { };
    }

    public int emitted() {
        return emitted.get();
    }
}
