package io.switchboard.core.replay;

/**
 * The log could not store or read (for example its backing store is unreachable). Transient:
 * the same call may succeed later; the emitter retries it.
 *
 * <p>Thrown on the calling thread of the log operation that failed.
 */
public final class ReplayLogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the underlying failure, or null
     */
    public ReplayLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
