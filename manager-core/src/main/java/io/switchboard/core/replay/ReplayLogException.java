package io.switchboard.core.replay;

/**
 * The log could not store or read (for example its backing store is unreachable). Transient:
 * the same call may succeed later; the emitter retries it.
 *
 * <p>Thrown on the calling thread of the log operation that failed.
 */
public final class ReplayLogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean storedUnknown;

    /**
     * Creates the exception for a store or read that did not happen.
     *
     * @param message what failed
     * @param cause the underlying failure, or null
     */
    public ReplayLogException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * Creates the exception, saying whether an append may have stored its event after all (its
     * store took the event and then stopped answering). The manager reports such a send as
     * {@code STORE_UNCONFIRMED} rather than {@code STORE_FAILED}.
     *
     * @param message what failed
     * @param cause the underlying failure, or null
     * @param storedUnknown whether the event may have been stored
     */
    public ReplayLogException(String message, Throwable cause, boolean storedUnknown) {
        super(message, cause);
        this.storedUnknown = storedUnknown;
    }

    /**
     * Whether the failed append may have stored its event: the log cannot tell.
     *
     * @return {@code true} if the event may be stored; {@code false} if it is not
     */
    public boolean storedUnknown() {
        return storedUnknown;
    }
}
