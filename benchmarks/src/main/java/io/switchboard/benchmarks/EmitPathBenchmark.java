package io.switchboard.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.TextFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One event of a user's thread stream to the user's one subscribed connection, three ways, in the
 * same run: {@code emitter} is a run's {@link AgentEmitter} (what agent runtimes call),
 * {@code sendToThread} the manager's thread send, both with the in-memory replay log on and
 * through the real outbound queue; {@code baseline} is the least any emit path must do: encode the
 * event's payload once with Jackson into a pre-built envelope of the same shape (only the seq and
 * the payload change) and pass the frame through a queue to the connection. The connection
 * completes every write at once, so the figures are the library's own cost per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EmitPathBenchmark {

    private static final UserId USER = UserId.of("u-1");
    private static final ThreadId THREAD = ThreadId.of("t-1");
    private static final RunId RUN = RunId.of("r-1");

    private final byte[] head = "{\"type\":\"tool_executing\",\"stream\":\"u-1#t-1\",\"seq\":"
            .getBytes(StandardCharsets.UTF_8);
    private final byte[] middle = (",\"epoch\":\"7f3a9c2b1d4e5f60\",\"run_id\":\"r-1\","
            + "\"thread_id\":\"t-1\",\"ts\":\"2026-12-01T12:00:00.000000000Z\",\"payload\":")
            .getBytes(StandardCharsets.UTF_8);

    private final ObjectWriter payload = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .writerFor(ToolExecuting.class);
    private final ArrayDeque<TextFrame> queue = new ArrayDeque<>();
    private ToolExecuting event;
    private WebSocketManager manager;
    private AgentEmitter emitter;
    private SinkConnection sink;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("query", "weather in Oslo tomorrow morning, hourly, with wind and precipitation");
        arguments.put("max_results", 5);
        event = new ToolExecuting("call-1", "web_search", arguments);
        manager = WebSocketManager.builder().config(ManagerConfig.builder()
                .staleSweepInterval(Duration.ZERO).build()).build();
        sink = new SinkConnection();
        manager.connect(USER, sink);
        manager.subscribe(sink.id(), THREAD);
        emitter = manager.emitter(USER, THREAD, RUN);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public Object emitter() {
        return emitter.emit(event);
    }

    @Benchmark
    public Object sendToThread() {
        return manager.sendToThread(USER, THREAD, event);
    }

    @Benchmark
    public Object baseline() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(384);
        out.writeBytes(head);
        out.writeBytes(Long.toString(++seq).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(middle);
        payload.writeValue(out, event);
        out.write('}');
        queue.add(TextFrame.ofUtf8(out.toByteArray()));
        return sink.send(queue.poll());
    }
}
