package io.switchboard.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.UserId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One event to a room of N connections. {@code manager} is Switchboard's broadcast: encode once,
 * queue the same bytes for every member, through the real queues. {@code baselinePerTarget} is
 * the naive fan-out the legacy system did: serialize the event again for every target. Both run
 * in the same JVM and the same run; the ratio of their times is the figure to read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FanOutBenchmark {

    @Param({"10", "100", "1000"})
    int members;

    private final RoomName room = RoomName.of("benchmark");
    private final ObjectMapper json =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private ToolExecuting event;
    private WebSocketManager manager;
    private SinkConnection[] sinks;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("query", "weather in Oslo tomorrow morning");
        arguments.put("max_results", 5);
        event = new ToolExecuting("call-1", "web_search", arguments);
        manager = WebSocketManager.builder().config(ManagerConfig.builder()
                .maxConnections(members).maxConnectionsPerUser(1)
                .staleSweepInterval(Duration.ZERO).build()).build();
        sinks = new SinkConnection[members];
        for (int i = 0; i < members; i++) {
            sinks[i] = new SinkConnection();
            manager.connect(UserId.of("u-" + i), sinks[i]);
            manager.joinRoom(sinks[i].id(), room);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public Object manager() {
        return manager.broadcastToRoom(room, event);
    }

    @Benchmark
    public void baselinePerTarget(Blackhole sink) throws Exception {
        for (int i = 0; i < members; i++) {
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("type", event.type());
            envelope.put("ts", "2026-11-22T12:00:00Z");
            envelope.put("payload", event);
            byte[] bytes = json.writeValueAsBytes(envelope);
            sinks[i].consumed(bytes.length);
            sink.consume(bytes);
        }
    }
}
