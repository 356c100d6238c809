package io.switchboard.benchmarks;

import io.switchboard.core.ManagerConfig;
import io.switchboard.core.Ticker;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogLimits;
import java.time.Clock;
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

/**
 * The load harness's streams workload without its sockets: one event at a time to each of
 * {@code users} users in turn, each with one subscribed connection and a run's emitter, the
 * replay log trimming every stream at 160 events. With many users every event finds its user's
 * state (emitter, stream, log, session, queue) out of the processor's caches, as the harness does;
 * with one user all of it stays cached, as in {@link EmitPathBenchmark}. The ids the connections
 * were admitted and subscribed with are other instances than the emitters' (equal, not
 * identical), as when a handshake and an agent runtime each make their own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ManyStreamsBenchmark {

    private static final String THREAD = "t-1";

    @Param({"1", "2000"})
    public int users;

    private WebSocketManager manager;
    private AgentEmitter[] emitters;
    private int next;
    private long stamp;

    @Setup(Level.Trial)
    public void setUp() {
        manager = WebSocketManager.builder()
                .config(ManagerConfig.builder()
                        .maxConnections(Math.max(users, 100))
                        .maxRunAssociations(Math.max(users, 100))
                        .staleSweepInterval(Duration.ZERO)
                        .build())
                .replayLog(ReplayLog.inMemory(ReplayLogLimits.builder()
                        .maxEventsPerStream(160)
                        .maxTotalBytes(256L * 1024 * 1024).build(), Ticker.system(),
                        Clock.systemUTC()))
                .build();
        emitters = new AgentEmitter[users];
        for (int i = 0; i < users; i++) {
            SinkConnection sink = new SinkConnection();
            manager.connect(UserId.of(new String("u-" + i)), sink);
            manager.subscribe(sink.id(), ThreadId.of(new String(THREAD)));
        }
        for (int i = 0; i < users; i++) {
            emitters[i] = manager.emitter(UserId.of("u-" + i), ThreadId.of(THREAD), RunId.of("r-" + i));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public Object emitter() {
        int user = next;
        next = user + 1 == users ? 0 : user + 1;
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("query", "weather in Oslo tomorrow morning, hourly, with wind and precipitation");
        arguments.put("stamp", ++stamp);
        return emitters[user].toolExecuting("call-1", "web_search", arguments);
    }
}
