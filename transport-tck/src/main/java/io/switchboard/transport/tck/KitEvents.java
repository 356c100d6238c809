package io.switchboard.transport.tck;

import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.ApplicationEvent;
import java.util.Map;

/** The application events the cases send; each says whom it is for, so leaks are visible. */
final class KitEvents {

    /** The type of {@link #tagged}. */
    static final String TAGGED = "kit.tagged";
    /** The type of {@link #fence}. */
    static final String FENCE = "kit.fence";
    /** The type of {@link #bulk}. */
    static final String BULK = "kit.bulk";
    /** The type of the echo the isolation case's handler sends. */
    static final String ECHO = "kit.echo";

    private KitEvents() {
    }

    /**
     * An event addressed to {@code user}, numbered within its {@code source}.
     *
     * @param user the user it is for
     * @param source who sent it (a thread, a case step)
     * @param n its number within the source
     * @return the event
     */
    static AgentEvent tagged(String user, String source, int n) {
        return ApplicationEvent.of(TAGGED, Map.of("for", user, "source", source, "n", n));
    }

    /**
     * A marker sent after the frames under test: a connection's next frame being the fence proves
     * it received nothing else in between, without waiting for a fixed time.
     *
     * @param label tells fences apart
     * @return the event
     */
    static AgentEvent fence(String label) {
        return ApplicationEvent.of(FENCE, Map.of("label", label));
    }

    /**
     * A large, numbered event for the backpressure case.
     *
     * @param n its number
     * @param bytes the size of its filler
     * @return the event
     */
    static AgentEvent bulk(int n, int bytes) {
        return ApplicationEvent.of(BULK, Map.of("n", n, "filler", "x".repeat(bytes)));
    }
}
