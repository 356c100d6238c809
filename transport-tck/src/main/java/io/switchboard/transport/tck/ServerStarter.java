package io.switchboard.transport.tck;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;

/** The transport's hook, as the case groups call it: {@link TransportCompatibilityKit#start}. */
@FunctionalInterface
interface ServerStarter {

    /**
     * Starts the transport's server on a free loopback port.
     *
     * @param manager the manager to feed
     * @param settings the settings to enforce
     * @return the running server
     * @throws Exception if it cannot start
     */
    RunningServer start(WebSocketManager manager, TransportSettings settings) throws Exception;
}
