package io.switchboard.heartbeat;

import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.ConnectionObserver;
import io.switchboard.core.spi.LivenessStats;
import io.switchboard.heartbeat.internal.HeartbeatEngine;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps connections honest: pings each one every {@code interval} through the connection SPI and
 * closes, with 4004 ({@link CloseReason#HEARTBEAT_TIMEOUT}), any that sent nothing for
 * {@code timeout} after a ping, removing it from the manager. Any inbound traffic answers a ping:
 * the heartbeat reads the manager's own "last seen", which the stale sweep uses too.
 *
 * <p>Add it to the manager's builder; it starts with the manager and stops with it:
 *
 * <pre>{@code
 * HeartbeatMonitor heartbeat = HeartbeatMonitor.create(HeartbeatConfig.production());
 * WebSocketManager manager = WebSocketManager.builder().addObserver(heartbeat).build();
 * }</pre>
 *
 * <h2>Cost</h2>
 * One thread and one timing wheel for all connections; a tick does work proportional to the
 * connections due. First pings fall at random points of the interval, so they spread out.
 *
 * <h2>Threading</h2>
 * Thread-safe. Callbacks from the manager return at once; pings are sent and dead connections
 * removed on the monitor's thread ({@code switchboard-heartbeat}), which stops when the manager
 * closes. Its figures appear in {@code manager.stats().liveness()}.
 */
public final class HeartbeatMonitor implements ConnectionObserver {

    private final HeartbeatConfig config;
    private final HeartbeatEngine engine;

    private HeartbeatMonitor(HeartbeatConfig config) {
        this.config = config;
        this.engine = new HeartbeatEngine(config);
    }

    /**
     * Creates a monitor for one manager.
     *
     * @param config intervals and timeouts
     * @return the monitor, to add to a manager's builder
     */
    public static HeartbeatMonitor create(HeartbeatConfig config) {
        return new HeartbeatMonitor(Objects.requireNonNull(config, "config"));
    }

    /**
     * The monitor's configuration.
     *
     * @return the config
     */
    public HeartbeatConfig config() {
        return config;
    }

    /**
     * The figures so far: pings, pongs, timeouts, drops, resurrections, round-trip times.
     *
     * @return the stats
     */
    public LivenessStats stats() {
        return engine.stats();
    }

    @Override
    public void onManagerStarted(WebSocketManager manager) {
        engine.start(manager);
    }

    @Override
    public void onManagerClosed() {
        engine.stop();
    }

    @Override
    public void onConnected(UserId user, Connection connection) {
        engine.connected(connection);
    }

    @Override
    public void onDisconnected(UserId user, Connection connection, CloseReason reason) {
        engine.disconnected(connection);
    }

    @Override
    public void onPong(Connection connection, ByteBuffer payload) {
        engine.pong(connection, payload);
    }

    @Override
    public Optional<LivenessStats> liveness() {
        return Optional.of(engine.stats());
    }
}
