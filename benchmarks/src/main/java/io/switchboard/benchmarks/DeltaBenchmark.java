package io.switchboard.benchmarks;

import io.switchboard.core.ManagerConfig;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The streamed answer. {@code messageDelta}: one token through a run's emitter, appended to the
 * compact log and queued for every subscribed tab. {@code baselineApplicationEvent}: the same token
 * sent the way an application had to before deltas existed, as an application event through
 * {@code sendToThread} of the same run's thread (a frame per token in the log too). Same run, same
 * JVM; the ratio is the figure. {@code answer}: a 1,000-token answer streamed at about 1,000 tokens
 * a second, with the delta window off and at 40 ms, counting frames and bytes written per answer.
 */
public class DeltaBenchmark {

    private static final String TOKEN = "tok ";

    /** One manager and run with {@code tabs} subscribed connections that write at once. */
    @State(Scope.Benchmark)
    public static class Run {
        @Param({"1", "10"})
        int tabs;

        WebSocketManager manager;
        AgentEmitter emitter;
        final UserId user = UserId.of("alice");
        final ThreadId thread = ThreadId.of("t-1");
        final ApplicationEvent token = ApplicationEvent.of("token",
                Map.of("message_id", "m-1", "delta", TOKEN));

        @Setup(Level.Trial)
        public void start() {
            manager = WebSocketManager.builder()
                    .config(ManagerConfig.builder().maxConnectionsPerUser(tabs).build()).build();
            for (int i = 0; i < tabs; i++) {
                SinkConnection sink = new SinkConnection();
                manager.connect(user, sink);
                manager.subscribe(sink.id(), thread);
            }
            emitter = manager.emitter(user, thread, RunId.of("r-1"));
            emitter.messageStarted("m-1", MessageKind.TEXT);
        }

        @TearDown(Level.Trial)
        public void stop() {
            manager.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public CompletableFuture<EmitOutcome> messageDelta(Run run) {
        return run.emitter.messageDelta("m-1", TOKEN);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public SendOutcome baselineApplicationEvent(Run run) {
        return run.manager.sendToThread(run.user, run.thread, run.token);
    }

    /** A manager with the delta window off or at 40 ms, one tab, one answer per invocation. */
    @State(Scope.Benchmark)
    public static class Answers {
        @Param({"0", "40"})
        int windowMillis;

        WebSocketManager manager;
        SinkConnection tab;
        final UserId user = UserId.of("alice");
        final ThreadId thread = ThreadId.of("t-1");
        int runs;

        @Setup(Level.Trial)
        public void start() {
            manager = WebSocketManager.builder().config(ManagerConfig.builder()
                    .deltaFlushInterval(Duration.ofMillis(windowMillis)).build()).build();
            tab = new SinkConnection();
            manager.connect(user, tab);
            manager.subscribe(tab.id(), thread);
        }

        @TearDown(Level.Trial)
        public void stop() {
            manager.close();
        }
    }

    /** Frames and bytes one answer cost on the wire (JMH reports them per iteration). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Wire {
        public long framesPerAnswer;
        public long bytesPerAnswer;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public EmitOutcome answer(Answers answers, Wire wire) {
        long frames = answers.tab.frames();
        long bytes = answers.tab.bytes();
        AgentEmitter run = answers.manager.emitter(answers.user, answers.thread,
                RunId.of("r-" + answers.runs++));
        run.messageStarted("m-1", MessageKind.TEXT);
        for (int i = 0; i < 1_000; i++) {
            run.messageDelta("m-1", TOKEN);
            LockSupport.parkNanos(1_000_000);
        }
        run.messageCompleted("m-1");
        EmitOutcome done = run.completed("done").join();
        wire.framesPerAnswer = answers.tab.frames() - frames;
        wire.bytesPerAnswer = answers.tab.bytes() - bytes;
        return done;
    }
}
