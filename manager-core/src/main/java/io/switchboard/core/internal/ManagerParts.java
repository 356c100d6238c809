package io.switchboard.core.internal;

import io.switchboard.core.ManagerConfig;
import io.switchboard.core.Ticker;
import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.control.RunControl;
import io.switchboard.core.emit.RetryPolicy;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.spi.ConnectionObserver;
import io.switchboard.core.spi.EventTracing;
import io.switchboard.core.spi.InboundMessageHandler;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What a manager is built from, each part set by name: {@code WebSocketManager.Builder} fills it
 * with the application's choices and its defaults, and {@link DefaultWebSocketManager#start}
 * takes it whole, so that a new part never shifts a positional argument. Not public API (the
 * package is not exported). Not thread-safe: filled on one thread, then handed over.
 */
public final class ManagerParts {

    private ManagerConfig config;
    private ClusterPort cluster;
    private ReplayLog replayLog;
    private RetryPolicy retryPolicy;
    private InboundMessageHandler inboundHandler;
    private RunControl runControl;
    private List<ConnectionObserver> observers = List.of();
    private EventTracing tracing;
    private Ticker ticker;
    private Clock clock;

    /**
     * @param value limits and timings
     * @return these parts
     */
    public ManagerParts config(ManagerConfig value) {
        this.config = value;
        return this;
    }

    /**
     * @param value the cluster port, started by the manager
     * @return these parts
     */
    public ManagerParts cluster(ClusterPort value) {
        this.cluster = value;
        return this;
    }

    /**
     * @param value where streams are kept, unless the cluster port brings its own log
     * @return these parts
     */
    public ManagerParts replayLog(ReplayLog value) {
        this.replayLog = value;
        return this;
    }

    /**
     * @param value how emitters retry
     * @return these parts
     */
    public ManagerParts retryPolicy(RetryPolicy value) {
        this.retryPolicy = value;
        return this;
    }

    /**
     * @param value receives application messages; may be null
     * @return these parts
     */
    public ManagerParts inboundHandler(InboundMessageHandler value) {
        this.inboundHandler = value;
        return this;
    }

    /**
     * @param value receives users' cancels and approval decisions; may be null
     * @return these parts
     */
    public ManagerParts runControl(RunControl value) {
        this.runControl = value;
        return this;
    }

    /**
     * @param value lifecycle observers, copied
     * @return these parts
     */
    public ManagerParts observers(List<ConnectionObserver> value) {
        this.observers = List.copyOf(value);
        return this;
    }

    /**
     * @param value follows events across instances
     * @return these parts
     */
    public ManagerParts tracing(EventTracing value) {
        this.tracing = value;
        return this;
    }

    /**
     * @param value monotonic time
     * @return these parts
     */
    public ManagerParts ticker(Ticker value) {
        this.ticker = value;
        return this;
    }

    /**
     * @param value wall time for envelopes
     * @return these parts
     */
    public ManagerParts clock(Clock value) {
        this.clock = value;
        return this;
    }

    ManagerConfig config() {
        return Objects.requireNonNull(config, "config");
    }

    ClusterPort cluster() {
        return Objects.requireNonNull(cluster, "cluster");
    }

    ReplayLog replayLog() {
        return replayLog;
    }

    RetryPolicy retryPolicy() {
        return Objects.requireNonNull(retryPolicy, "retryPolicy");
    }

    InboundMessageHandler inboundHandler() {
        return inboundHandler;
    }

    RunControl runControl() {
        return runControl;
    }

    List<ConnectionObserver> observers() {
        return observers;
    }

    EventTracing tracing() {
        return Objects.requireNonNull(tracing, "tracing");
    }

    Ticker ticker() {
        return Objects.requireNonNull(ticker, "ticker");
    }

    Clock clock() {
        return Objects.requireNonNull(clock, "clock");
    }
}
