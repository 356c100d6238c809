package io.switchboard.spring.boot;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;

/**
 * A transport that runs a server of its own, beside the embedded one: started when the
 * application starts and stopped after the drain.
 */
@FunctionalInterface
interface StandaloneServer {

    /** A started server. */
    interface Running extends AutoCloseable {

        /** The bound port (the actual one when 0 was asked for). */
        int port();
    }

    /**
     * Starts serving {@code manager}.
     *
     * @return the running server, to stop after the drain
     */
    Running start(WebSocketManager manager, TransportSettings settings, String host, int port);
}
