package io.switchboard.transport.undertow;

import io.switchboard.core.WebSocketManager;
import io.switchboard.transport.tck.AutobahnTarget;
import io.undertow.Undertow;

/** The Undertow transport as the {@code -Pautobahn} profile's fuzzing client sees it. */
public final class AutobahnServer {

    private AutobahnServer() {
    }

    /**
     * Serves on 127.0.0.1 until the thread is interrupted.
     *
     * @param args the port
     */
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        WebSocketManager manager = AutobahnTarget.manager();
        Undertow server = SwitchboardUndertow.start(manager, AutobahnTarget.settings(port),
                "127.0.0.1", port);
        AutobahnTarget.serveUntilInterrupted(manager, server::stop);
    }
}
