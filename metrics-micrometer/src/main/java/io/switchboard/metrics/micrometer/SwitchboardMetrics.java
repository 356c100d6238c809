package io.switchboard.metrics.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.switchboard.core.ManagerStats;
import io.switchboard.core.ManagerStats.Drop;
import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.ManagerStats.InboundError;
import io.switchboard.core.ManagerStats.Refusal;
import io.switchboard.core.SendStatus;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.cluster.ClusterStats;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.spi.LivenessStats;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Binds every figure of a manager's {@link ManagerStats} to a Micrometer {@link MeterRegistry}:
 * current values as gauges, totals as function counters, with Micrometer's naming conventions
 * ({@code switchboard.connections}, {@code switchboard.frames.failed} with a {@code reason} tag...)
 * and base units. The module's README lists every meter.
 *
 * <h2>Cost</h2>
 * Nothing is recorded per event: the meters read the counters the manager keeps anyway, through
 * its stats snapshot. A scrape takes at most one snapshot per {@code snapshotMaxAge} (default one
 * second), shared by all the meters it reads, so a scrape costs one snapshot whatever the number
 * of meters.
 *
 * <h2>What is not a meter</h2>
 * Connections per user are not: a tag per user id is unbounded cardinality. {@code users} and
 * {@code connections} give the totals. Heartbeat meters exist when a heartbeat monitor observes the
 * manager, cluster meters when the manager is part of a cluster, both decided when the binder is
 * bound.
 *
 * <h2>Threading</h2>
 * Immutable once built; {@link #bindTo} may be called for several registries, from any thread.
 * Registries read the meters from any thread.
 */
public final class SwitchboardMetrics implements MeterBinder {

    // Micrometer's base unit for time; BaseUnits has no constant for it.
    private static final String SECONDS = "seconds";
    // Counts carry no unit: the name says what is counted, and Prometheus would otherwise repeat
    // it (switchboard_frames_written_frames_total).
    private static final String COUNT = null;

    private final WebSocketManager manager;
    private final Tags tags;
    private final Duration snapshotMaxAge;

    private SwitchboardMetrics(WebSocketManager manager, Tags tags, Duration snapshotMaxAge) {
        this.manager = manager;
        this.tags = tags;
        this.snapshotMaxAge = snapshotMaxAge;
    }

    /**
     * A binder for {@code manager} with no extra tags and a one-second snapshot age.
     *
     * @param manager the manager to observe
     * @return the binder
     */
    public static SwitchboardMetrics of(WebSocketManager manager) {
        return builder(manager).build();
    }

    /**
     * Starts building a binder for {@code manager}.
     *
     * @param manager the manager to observe
     * @return a builder holding the defaults
     */
    public static Builder builder(WebSocketManager manager) {
        return new Builder(manager);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        CachedStats cache = new CachedStats(manager, snapshotMaxAge.toNanos());
        Meters meters = new Meters(registry, cache);
        ManagerStats first = cache.current();

        meters.gauge("switchboard.connections", "connections held now", COUNT,
                ManagerStats::connections);
        meters.gauge("switchboard.users", "users with at least one connection now", COUNT,
                ManagerStats::users);
        meters.gauge("switchboard.rooms", "rooms with at least one member now", COUNT,
                ManagerStats::rooms);
        meters.gauge("switchboard.run.associations", "run associations held now (an estimate)",
                COUNT, ManagerStats::runAssociations);
        meters.gauge("switchboard.queue.frames", "frames waiting in all outbound queues now",
                COUNT, ManagerStats::queuedFrames);
        meters.gauge("switchboard.queue.bytes", "bytes waiting in all outbound queues now",
                BaseUnits.BYTES, ManagerStats::queuedBytes);

        for (SendStatus status : SendStatus.values()) {
            meters.counter("switchboard.sends", "sends by outcome (one per send call)", COUNT,
                    Tags.of("status", name(status)), stats -> stats.sends(status));
        }
        meters.counter("switchboard.frames.queued", "frames accepted into outbound queues",
                COUNT, Tags.empty(), ManagerStats::framesQueued);
        meters.counter("switchboard.frames.written", "frames the transports confirmed written",
                COUNT, Tags.empty(), ManagerStats::framesWritten);
        for (FrameFailure reason : FrameFailure.values()) {
            meters.counter("switchboard.frames.failed", "frames that never reached the socket",
                    COUNT, Tags.of("reason", name(reason)), stats -> stats.framesFailed(reason));
        }
        for (Drop reason : Drop.values()) {
            meters.counter("switchboard.frames.dropped",
                    "droppable frames coalesced or dropped under backpressure", COUNT,
                    Tags.of("reason", name(reason)), stats -> stats.drops(reason));
        }
        meters.counter("switchboard.deltas.merged",
                "deltas merged into a waiting delta of their message (each saved a frame)",
                COUNT, Tags.empty(), ManagerStats::deltasMerged);
        meters.counter("switchboard.evictions",
                "connections closed to keep a user within the per-user limit", COUNT,
                Tags.empty(), ManagerStats::evictions);
        for (Refusal reason : Refusal.values()) {
            meters.counter("switchboard.refusals", "connections refused", COUNT,
                    Tags.of("reason", name(reason)), stats -> stats.refusals(reason));
        }
        meters.counter("switchboard.stale.closed", "connections closed by the stale sweep",
                COUNT, Tags.empty(), ManagerStats::staleClosed);
        meters.counter("switchboard.inbound.messages", "client frames accepted and handled",
                COUNT, Tags.empty(), ManagerStats::inboundMessages);
        // The application's own codes are one tag value, "other": an unbounded set is no tag.
        for (InboundError code : InboundError.values()) {
            meters.counter("switchboard.inbound.errors",
                    "client frames answered with an error frame", COUNT,
                    Tags.of("code", code.wireName()), stats -> stats.inboundErrors(code));
        }
        meters.counter("switchboard.inbound.rate.limited",
                "client frames dropped for exceeding the inbound rate limit", COUNT, Tags.empty(),
                ManagerStats::rateLimitedFrames);
        meters.counter("switchboard.inbound.rate.limit.closes",
                "connections closed with 1008 for exceeding the inbound rate limit", COUNT,
                Tags.empty(), ManagerStats::rateLimitCloses);
        meters.counter("switchboard.replay.hits", "resumes served in full", COUNT,
                Tags.empty(), ManagerStats::resumes);
        for (GapReason reason : GapReason.values()) {
            meters.counter("switchboard.replay.misses", "resumes that could not be served", COUNT,
                    Tags.of("reason", reason.wireName()), stats -> stats.recoveryFailures(reason));
        }
        meters.counter("switchboard.replay.events", "events sent from the replay log", COUNT,
                Tags.empty(), ManagerStats::replayedEvents);
        meters.counter("switchboard.acks", "client acknowledgements received", COUNT,
                Tags.empty(), ManagerStats::acks);
        meters.gauge("switchboard.ack.latency.avg",
                "mean time from storing an event to its acknowledgement", SECONDS,
                stats -> stats.ackLatencyAvgMillis() / 1_000.0);
        meters.gauge("switchboard.ack.latency.max",
                "longest time from storing an event to its acknowledgement", SECONDS,
                stats -> stats.ackLatencyMaxMillis() / 1_000.0);

        if (first.liveness().isPresent()) {
            bindHeartbeat(meters);
        }
        if (first.cluster().isPresent()) {
            bindCluster(meters);
        }
    }

    private static void bindHeartbeat(Meters meters) {
        Function<ManagerStats, Optional<LivenessStats>> part = ManagerStats::liveness;
        meters.optionalCounter("switchboard.heartbeat.pings", "pings sent", COUNT, part,
                LivenessStats::pingsSent);
        meters.optionalCounter("switchboard.heartbeat.pongs", "pongs received", COUNT, part,
                LivenessStats::pongsReceived);
        meters.optionalCounter("switchboard.heartbeat.timeouts",
                "pings answered by nothing within the timeout", COUNT, part,
                LivenessStats::timeoutsDetected);
        meters.optionalCounter("switchboard.heartbeat.dropped",
                "connections closed for a heartbeat timeout", COUNT, part,
                LivenessStats::connectionsDropped);
        meters.optionalCounter("switchboard.heartbeat.resurrections",
                "suspect connections that answered before the timeout", COUNT, part,
                LivenessStats::resurrections);
        meters.optionalGauge("switchboard.heartbeat.monitored", "connections monitored now",
                COUNT, part, LivenessStats::monitored);
        meters.optionalGauge("switchboard.heartbeat.rtt.avg", "mean ping round-trip time",
                SECONDS, part, liveness -> liveness.avgPingMillis() / 1_000.0);
        meters.optionalGauge("switchboard.heartbeat.rtt.p50", "median ping round-trip time",
                SECONDS, part, liveness -> liveness.p50PingMillis() / 1_000.0);
        meters.optionalGauge("switchboard.heartbeat.rtt.p99",
                "99th percentile ping round-trip time", SECONDS, part,
                liveness -> liveness.p99PingMillis() / 1_000.0);
        meters.optionalGauge("switchboard.heartbeat.rtt.max", "longest ping round-trip time",
                SECONDS, part, liveness -> liveness.maxPingMillis() / 1_000.0);
    }

    private static void bindCluster(Meters meters) {
        Function<ManagerStats, Optional<ClusterStats>> part = ManagerStats::cluster;
        meters.optionalGauge("switchboard.cluster.instances", "instances alive in the cluster",
                COUNT, part, ClusterStats::instances);
        meters.optionalGauge("switchboard.cluster.connections",
                "connections held over all instances", COUNT, part,
                ClusterStats::connections);
        meters.optionalGauge("switchboard.cluster.users",
                "users with a connection on some instance", COUNT, part, ClusterStats::users);
        meters.optionalCounter("switchboard.cluster.forwards.sent",
                "frames this instance forwarded to other instances", COUNT, part,
                ClusterStats::forwardsSent);
        meters.optionalCounter("switchboard.cluster.forwards.received",
                "frames other instances forwarded to this one", COUNT, part,
                ClusterStats::forwardsReceived);
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "SwitchboardMetrics[tags=" + tags + ", snapshotMaxAge=" + snapshotMaxAge + "]";
    }

    /** Registers meters on one registry, all reading one cache; the binder's tags on each. */
    private final class Meters {
        private final MeterRegistry registry;
        private final CachedStats cache;

        Meters(MeterRegistry registry, CachedStats cache) {
            this.registry = registry;
            this.cache = cache;
        }

        void gauge(String name, String description, String unit,
                ToDoubleFunction<ManagerStats> figure) {
            gaugeReading(name, description, unit, cache.reading(figure));
        }

        <T> void optionalGauge(String name, String description, String unit,
                Function<ManagerStats, Optional<T>> part, ToDoubleFunction<T> figure) {
            gaugeReading(name, description, unit, cache.optionalReading(part, figure));
        }

        void counter(String name, String description, String unit, Tags extra,
                ToDoubleFunction<ManagerStats> figure) {
            counterReading(name, description, unit, extra, cache.reading(figure));
        }

        <T> void optionalCounter(String name, String description, String unit,
                Function<ManagerStats, Optional<T>> part, ToDoubleFunction<T> figure) {
            counterReading(name, description, unit, Tags.empty(),
                    cache.optionalReading(part, figure));
        }

        private void gaugeReading(String name, String description, String unit,
                ToDoubleFunction<CachedStats> reading) {
            // Registries hold the state object weakly: it is the manager, which the application
            // keeps; the function (and with it the cache) is held strongly by the meter.
            Gauge.builder(name, manager, observed -> reading.applyAsDouble(cache))
                    .description(description).baseUnit(unit).tags(tags).register(registry);
        }

        private void counterReading(String name, String description, String unit, Tags extra,
                ToDoubleFunction<CachedStats> reading) {
            FunctionCounter.builder(name, manager, observed -> reading.applyAsDouble(cache))
                    .description(description).baseUnit(unit).tags(tags).tags(extra)
                    .register(registry);
        }
    }

    /** Builds {@link SwitchboardMetrics}. Not thread-safe; use from one thread. */
    public static final class Builder {
        private final WebSocketManager manager;
        private Tags tags = Tags.empty();
        private Duration snapshotMaxAge = Duration.ofSeconds(1);

        private Builder(WebSocketManager manager) {
            this.manager = Objects.requireNonNull(manager, "manager");
        }

        /**
         * Tags added to every meter, for example the instance or the application. Default none.
         *
         * @param value the tags
         * @return this builder
         */
        public Builder tags(Iterable<Tag> value) {
            this.tags = Tags.of(Objects.requireNonNull(value, "tags"));
            return this;
        }

        /**
         * How old a stats snapshot may be before a meter read takes a new one. Default 1 s; zero
         * takes one per read (every meter of a scrape then pays for a snapshot).
         *
         * @param value zero or positive
         * @return this builder
         */
        public Builder snapshotMaxAge(Duration value) {
            Objects.requireNonNull(value, "snapshotMaxAge");
            if (value.isNegative()) {
                throw new IllegalArgumentException(
                        "snapshotMaxAge must not be negative, was " + value);
            }
            this.snapshotMaxAge = value;
            return this;
        }

        /**
         * Builds the binder.
         *
         * @return the binder
         */
        public SwitchboardMetrics build() {
            return new SwitchboardMetrics(manager, tags, snapshotMaxAge);
        }
    }
}
