package io.switchboard.transport.tck;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;

/**
 * The compatibility kit: every transport adapter extends this class in a small test and must pass
 * every case, over real sockets with a real client. The cases are grouped in {@code @Nested}
 * classes with sentence names.
 *
 * <p>A subclass provides one hook, {@link #start}: run its server around the given manager and
 * settings on a free loopback port.
 */
public abstract class TransportCompatibilityKit {

    /**
     * Starts the transport's server on 127.0.0.1 and a free port.
     *
     * @param manager the manager the transport must feed
     * @param settings the settings the transport must enforce
     * @return the running server
     * @throws Exception if the server cannot start
     */
    protected abstract RunningServer start(WebSocketManager manager, TransportSettings settings)
            throws Exception;
}
