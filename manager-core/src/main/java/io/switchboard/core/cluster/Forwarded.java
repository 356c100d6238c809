package io.switchboard.core.cluster;

/**
 * What a cluster port did with one frame for other instances: to how many it handed the frame,
 * and for how many that failed (Redis unreachable, the command refused), so that a send's outcome
 * never hides a remote target it could not reach. Immutable.
 *
 * @param instances other instances the frame was handed to
 * @param failed other instances that hold targets but could not be handed the frame
 */
public record Forwarded(int instances, int failed) {

    /** Nothing was forwarded and nothing failed: no other instance holds a target. */
    public static final Forwarded NONE = new Forwarded(0, 0);

    /**
     * Validates the counts.
     *
     * @param instances other instances the frame was handed to
     * @param failed other instances that hold targets but could not be handed the frame
     * @throws IllegalArgumentException if a count is negative
     */
    public Forwarded {
        if (instances < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
