package io.switchboard.transport.netty;

import io.switchboard.core.WebSocketManager;
import io.switchboard.transport.tck.AutobahnTarget;
import java.net.InetSocketAddress;

/** The Netty transport as the {@code -Pautobahn} profile's fuzzing client sees it. */
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
        NettyWebSocketServer server = NettyWebSocketServer.start(manager,
                AutobahnTarget.settings(port), new InetSocketAddress("127.0.0.1", port));
        AutobahnTarget.serveUntilInterrupted(manager, server);
    }
}
