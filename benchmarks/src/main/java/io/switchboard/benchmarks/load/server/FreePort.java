package io.switchboard.benchmarks.load.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A free loopback port, for Tyrus's packaged container, which takes a port rather than port 0. */
final class FreePort {

    private FreePort() {
    }

    static int find() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
