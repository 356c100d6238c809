package io.switchboard.benchmarks.load.server;

import io.switchboard.core.ManagerConfig;
import io.switchboard.core.Ticker;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogLimits;
import io.switchboard.heartbeat.HeartbeatConfig;
import io.switchboard.heartbeat.HeartbeatMonitor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Switchboard as an application would run it under load: the manager with its in-memory replay
 * log on, the heartbeat at production timings, sized for the harness's connection counts, on one
 * of the three transports. Stream events go to the user's thread through the run's
 * {@link AgentEmitter} (or, with {@code --emit=thread}, through {@code sendToThread}).
 */
final class SwitchboardBackend implements Backend {

    /** How stream events are sent. */
    enum EmitPath {
        /** {@code manager.emitter(user, thread, run).toolExecuting(..)}: what agent runtimes use. */
        EMITTER,
        /** {@code manager.sendToThread(user, thread, event)}. */
        THREAD
    }

    private static final int MAX_CONNECTIONS = 20_000;
    private static final long REPLAY_LOG_BYTES = 256L * 1024 * 1024;
    private static final int LOG_EVENTS_PER_STREAM = 160;
    private static final ThreadId THREAD = ThreadId.of(BenchWire.THREAD);

    private final WebSocketManager manager;
    private final TransportServer server;
    private final EmitPath path;
    // Written by prepareUsers on the command thread, read by the emission threads it then starts.
    private UserId[] users = new UserId[0];
    private AgentEmitter[] emitters = new AgentEmitter[0];

    SwitchboardBackend(TransportServer.Kind transport, EmitPath path) throws Exception {
        this.path = path;
        this.manager = WebSocketManager.builder()
                .config(ManagerConfig.builder()
                        .maxConnections(MAX_CONNECTIONS)
                        // One run per stream user, all live at once: an application with this
                        // many concurrent runs sizes the association cache for them.
                        .maxRunAssociations(MAX_CONNECTIONS)
                        .build())
                // The streams workload sends each of 2,000 streams 20 events a burst, for as many
                // bursts as the JIT takes to settle (up to 60): far more than the default 1,000
                // events of 325 bytes per stream fit in any heap this size. The log keeps the
                // newest 160 of each (about 110 MB) and has room for all of them, as an
                // application would size it, so the figures are those of a log trimming its
                // streams on every event, not of one evicting whole streams.
                .replayLog(ReplayLog.inMemory(ReplayLogLimits.builder()
                        .maxEventsPerStream(LOG_EVENTS_PER_STREAM)
                        .maxTotalBytes(REPLAY_LOG_BYTES).build(), Ticker.system(),
                        Clock.systemUTC()))
                .addObserver(HeartbeatMonitor.create(HeartbeatConfig.production()))
                .build();
        TransportSettings settings = TransportSettings.builder(request -> request
                        .header(BenchWire.USER_HEADER).map(UserId::of)
                        .map(AuthenticationResult::authenticated)
                        .orElse(AuthenticationResult.unauthorized("no " + BenchWire.USER_HEADER)))
                .build();
        try {
            this.server = TransportServer.start(transport, manager, settings);
        } catch (Exception e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void prepareUsers(int count) {
        users = new UserId[count];
        emitters = new AgentEmitter[count];
        for (int i = 0; i < count; i++) {
            String user = BenchWire.streamUser(i);
            users[i] = UserId.of(user);
            if (path == EmitPath.EMITTER) {
                emitters[i] = manager.emitter(users[i], THREAD, RunId.of("r-" + user));
            }
        }
    }

    @Override
    public void emit(int user, long stampNanos) {
        if (path == EmitPath.EMITTER) {
            emitters[user].toolExecuting(BenchWire.TOOL_CALL_ID, BenchWire.TOOL_NAME, arguments(stampNanos));
        } else {
            manager.sendToThread(users[user], THREAD, event(stampNanos));
        }
    }

    @Override
    public void broadcast(long stampNanos, boolean batched) {
        manager.broadcastToAll(event(stampNanos));
    }

    @Override
    public int connections() {
        return manager.stats().connections();
    }

    @Override
    public void close() {
        // Into the server's log: what the manager counted (failed frames, drops, resumes) is the
        // first thing to read when a run's events did not all arrive.
        System.err.println("manager stats at close: " + manager.stats());
        manager.close();
        server.close();
    }

    private static ToolExecuting event(long stampNanos) {
        return new ToolExecuting(BenchWire.TOOL_CALL_ID, BenchWire.TOOL_NAME, arguments(stampNanos));
    }

    private static Map<String, Object> arguments(long stampNanos) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("query", BenchWire.QUERY);
        arguments.put(BenchWire.STAMP_KEY, stampNanos);
        return arguments;
    }
}
