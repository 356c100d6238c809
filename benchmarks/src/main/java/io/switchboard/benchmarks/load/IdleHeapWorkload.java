package io.switchboard.benchmarks.load;

import io.netty.channel.Channel;
import io.switchboard.benchmarks.load.client.LoadClient;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Idle connections: the heap after GC with many welcomed, silent connections, less the heap after
 * GC with a few, divided by the difference in connections. The few are opened first so that what
 * a server sets up lazily on its first connections is not counted per connection.
 */
final class IdleHeapWorkload implements Workload {

    private static final int WARM_CONNECTIONS = 100;

    private final Scale scale;

    IdleHeapWorkload(Scale scale) {
        this.scale = scale;
    }

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public Map<Figure, Double> run(ServerProcess server, LoadClient client) throws Exception {
        int idle = scale.idleConnections();
        List<Channel> warm = client.open(server.port(), n -> "warm-" + n, WARM_CONNECTIONS, 100,
                false, Workload.connectTimeout(WARM_CONNECTIONS));
        List<Channel> connections = List.of();
        try {
            long before = server.heapAfterGc();
            server.histogram("idle-before");
            connections = client.open(server.port(), n -> "idle-" + n, idle, 200, false,
                    Workload.connectTimeout(idle));
            int expected = idle + WARM_CONNECTIONS;
            int held = server.connections();
            if (held < expected) {
                throw new IllegalStateException(server.kind().label() + " holds " + held
                        + " connections, the client opened " + expected);
            }
            long after = server.heapAfterGc();
            server.histogram("idle-after");
            Map<Figure, Double> figures = new EnumMap<>(Figure.class);
            figures.put(Figure.IDLE_HEAP_PER_CONNECTION, (after - before) / 1024.0 / idle);
            return figures;
        } finally {
            client.close(connections);
            client.close(warm);
        }
    }
}
