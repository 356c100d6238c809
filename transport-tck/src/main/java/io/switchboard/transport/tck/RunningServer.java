package io.switchboard.transport.tck;

import java.net.URI;

/**
 * A transport's server started by the kit on a free loopback port.
 *
 * <p>{@link #close()} stops accepting, closes the transport and waits until its threads are gone;
 * it does not close the manager (the kit does that, to check shutdown behaviour).
 */
public interface RunningServer extends AutoCloseable {

    /**
     * Where clients connect.
     *
     * @return for example {@code ws://127.0.0.1:41234/ws}
     */
    URI webSocketUri();

    /** Stops the server. Idempotent. */
    @Override
    void close();
}
