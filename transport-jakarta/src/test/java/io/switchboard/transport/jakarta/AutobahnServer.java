package io.switchboard.transport.jakarta;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.transport.tck.AutobahnTarget;

/**
 * The Jakarta transport on Tyrus, wired as {@link TyrusTestServer} wires it, as the
 * {@code -Pautobahn} profile's fuzzing client sees it.
 */
public final class AutobahnServer {

    private AutobahnServer() {
    }

    /**
     * Serves on 127.0.0.1 until the thread is interrupted.
     *
     * @param args the port
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        WebSocketManager manager = AutobahnTarget.manager();
        TransportSettings settings = AutobahnTarget.settings(port);
        TyrusTestServer server =
                TyrusTestServer.start(SwitchboardEndpointConfig.create(manager, settings), settings, port);
        AutobahnTarget.serveUntilInterrupted(manager, server);
    }
}
