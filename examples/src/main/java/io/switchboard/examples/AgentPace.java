package io.switchboard.examples;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How fast the simulated agent works: the pause between two steps of a run (thinking, calling the
 * tool) and the average time between two tokens of a streamed message; each token's interval is
 * drawn uniformly from ⅔ to 4⁄3 of that average, as a model's output is never quite regular.
 *
 * <p>Immutable.
 *
 * @param step the pause between two steps
 * @param token the mean interval between two tokens
 */
public record AgentPace(Duration step, Duration token) {

    /** What a person watches: a step every 600 ms, 30 to 60 tokens per second. */
    public static final AgentPace HUMAN = new AgentPace(Duration.ofMillis(600), Duration.ofMillis(25));

    /**
     * Checks the durations.
     *
     * @throws IllegalArgumentException if one is negative
     */
    public AgentPace {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(token, "token");
        if (step.isNegative() || token.isNegative()) {
            throw new IllegalArgumentException("paces must not be negative, were " + step + " and " + token);
        }
    }

    /**
     * A pace for tests: steps of {@code step}, tokens 25 times as fast.
     *
     * @param step the pause between two steps
     * @return the pace
     */
    public static AgentPace steps(Duration step) {
        return new AgentPace(step, step.dividedBy(25));
    }

    /**
     * The next token's interval.
     *
     * @return milliseconds, from ⅔ to 4⁄3 of the mean
     */
    long nextTokenMillis() {
        long mean = token.toMillis();
        return mean == 0 ? 0 : ThreadLocalRandom.current().nextLong(mean * 2 / 3, mean * 4 / 3 + 1);
    }
}
