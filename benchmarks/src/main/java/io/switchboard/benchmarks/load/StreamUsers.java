package io.switchboard.benchmarks.load;

import io.netty.channel.Channel;
import io.switchboard.benchmarks.load.client.LoadClient;
import io.switchboard.benchmarks.load.server.BenchWire;
import java.time.Duration;
import java.util.List;

/** The stream workloads' users: one connection each, subscribed to its thread, readied on the server. */
final class StreamUsers {

    private StreamUsers() {
    }

    /**
     * Connects and subscribes {@code users} stream users and has the server ready them.
     *
     * @return the connections, for the caller to close
     */
    static List<Channel> open(ServerProcess server, LoadClient client, int users) throws Exception {
        List<Channel> connections = client.open(server.port(), BenchWire::streamUser, users, 100,
                true, Workload.connectTimeout(users));
        try {
            server.command("PREPARE " + users, Duration.ofSeconds(60));
            return connections;
        } catch (Exception e) {
            client.close(connections);
            throw e;
        }
    }
}
