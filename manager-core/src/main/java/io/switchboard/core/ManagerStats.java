package io.switchboard.core;

import io.switchboard.core.cluster.ClusterStats;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.spi.LivenessStats;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of the manager's state and counters: the legacy dashboard in one value. Counters are
 * totals since the manager was built. Taking a snapshot does not stop the manager; figures taken
 * while it works are each exact but may be a few operations apart from one another.
 *
 * <p>A final class rather than a record, so that a figure can be added without breaking anyone:
 * read it through its accessors; the manager builds it (tests of code that reads stats may build
 * one with {@link #builder()}). Maps hold only the keys that were counted; the keyed accessors
 * ({@link #sends(SendStatus)}...) answer zero for the others.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class ManagerStats {

    /** Why a queued or offered frame never reached the socket. */
    public enum FrameFailure {
        /** The connection had closed. */
        CONNECTION_CLOSED,
        /** The outbound queue was full; the connection was closed with 4003. */
        QUEUE_OVERFLOW,
        /** The transport reported a failed write. */
        SEND_FAILED
    }

    /** What happened to a droppable frame under backpressure. */
    public enum Drop {
        /** A newer frame of the same kind (same stream, type and run) replaced a queued one. */
        COALESCED,
        /** The queue was full: the droppable frame was not queued. */
        DROPPED_UNDER_PRESSURE,
        /**
         * The queue was full: a queued droppable frame was removed to make room for a lifecycle
         * one.
         */
        MADE_ROOM_FOR_LIFECYCLE
    }

    /** Why a new connection was refused. */
    public enum Refusal {
        /** The total limit was reached (closed with 1013). */
        TOTAL_LIMIT,
        /** The manager was shutting down (closed with 1001). */
        SHUTTING_DOWN
    }

    /**
     * The code of an {@code error} frame answering a client frame, as docs/protocol.md lists them;
     * on the wire in lower case ({@link #wireName()}).
     */
    public enum InboundError {
        /** The frame is not JSON, not a JSON object, or repeats a key. */
        MALFORMED_JSON,
        /** The frame has no string {@code type}, or a field is missing or invalid. */
        INVALID_FRAME,
        /** The frame's {@code type} is not a client frame type. */
        UNKNOWN_TYPE,
        /** The frame is longer than {@code maxInboundChars}. */
        TOO_LARGE,
        /** The frame is valid but this server does not handle it (or it is binary). */
        UNSUPPORTED,
        /** The application's handler failed unexpectedly. */
        HANDLER_FAILED,
        /** A {@code cancel} names a run that is unknown or not the user's. */
        UNKNOWN_RUN,
        /** An {@code approval} names a request that is unknown or not the user's. */
        UNKNOWN_REQUEST,
        /** An {@code approval} names a request that already has its decision. */
        ALREADY_DECIDED,
        /** A {@code cancel} or {@code approval} names a run of the user that has ended. */
        RUN_ENDED,
        /** The client sends faster than the inbound rate limit. */
        RATE_LIMITED,
        /** A code of the application's own, from an {@code InboundRejection}. */
        OTHER;

        /**
         * The code as the client sees it; {@code other} for {@link #OTHER}, which stands for
         * every application code.
         *
         * @return for example {@code malformed_json}
         */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Instant takenAt;
    private final int connections;
    private final int users;
    private final Map<UserId, Integer> connectionsPerUser;
    private final int rooms;
    private final Map<SendStatus, Long> sends;
    private final long framesQueued;
    private final long framesWritten;
    private final long deltasMerged;
    private final Map<FrameFailure, Long> framesFailed;
    private final long queuedFrames;
    private final long queuedBytes;
    private final long evictions;
    private final Map<Refusal, Long> refusals;
    private final long staleClosed;
    private final long inboundMessages;
    private final Map<InboundError, Long> inboundErrors;
    private final long runAssociations;
    private final Map<Drop, Long> drops;
    private final long resumes;
    private final long replayedEvents;
    private final Map<GapReason, Long> recoveryFailures;
    private final long acks;
    private final long ackLatencyAvgMillis;
    private final long ackLatencyMaxMillis;
    private final Optional<LivenessStats> liveness;
    private final Optional<ClusterStats> cluster;
    private final long rateLimitedFrames;
    private final long rateLimitCloses;

    private ManagerStats(Builder builder) {
        this.takenAt = Objects.requireNonNull(builder.takenAt, "takenAt");
        this.connections = builder.connections;
        this.users = builder.users;
        this.connectionsPerUser = Map.copyOf(builder.connectionsPerUser);
        this.rooms = builder.rooms;
        this.sends = Map.copyOf(builder.sends);
        this.framesQueued = builder.framesQueued;
        this.framesWritten = builder.framesWritten;
        this.deltasMerged = builder.deltasMerged;
        this.framesFailed = Map.copyOf(builder.framesFailed);
        this.queuedFrames = builder.queuedFrames;
        this.queuedBytes = builder.queuedBytes;
        this.evictions = builder.evictions;
        this.refusals = Map.copyOf(builder.refusals);
        this.staleClosed = builder.staleClosed;
        this.inboundMessages = builder.inboundMessages;
        this.inboundErrors = Map.copyOf(builder.inboundErrors);
        this.runAssociations = builder.runAssociations;
        this.drops = Map.copyOf(builder.drops);
        this.resumes = builder.resumes;
        this.replayedEvents = builder.replayedEvents;
        this.recoveryFailures = Map.copyOf(builder.recoveryFailures);
        this.acks = builder.acks;
        this.ackLatencyAvgMillis = builder.ackLatencyAvgMillis;
        this.ackLatencyMaxMillis = builder.ackLatencyMaxMillis;
        this.liveness = Objects.requireNonNull(builder.liveness, "liveness");
        this.cluster = Objects.requireNonNull(builder.cluster, "cluster");
        this.rateLimitedFrames = builder.rateLimitedFrames;
        this.rateLimitCloses = builder.rateLimitCloses;
    }

    /**
     * A builder with every figure at zero or empty; {@code takenAt} must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * When the snapshot was taken.
     *
     * @return when the snapshot was taken
     */
    public Instant takenAt() {
        return takenAt;
    }

    /**
     * Connections held now.
     *
     * @return connections held now
     */
    public int connections() {
        return connections;
    }

    /**
     * Users with at least one connection now.
     *
     * @return users with at least one connection now
     */
    public int users() {
        return users;
    }

    /**
     * Connections held now, per user.
     *
     * @return connections held now, per user
     */
    public Map<UserId, Integer> connectionsPerUser() {
        return connectionsPerUser;
    }

    /**
     * Rooms with at least one member now.
     *
     * @return rooms with at least one member now
     */
    public int rooms() {
        return rooms;
    }

    /**
     * Sends by outcome status (one per send call, whatever the number of targets).
     *
     * @return sends by outcome status (one per send call, whatever the number of targets)
     */
    public Map<SendStatus, Long> sends() {
        return sends;
    }

    /**
     * Sends by outcome status for {@code status}.
     *
     * @param status the outcome status
     * @return the count, zero if none
     */
    public long sends(SendStatus status) {
        return sends.getOrDefault(status, 0L);
    }

    /**
     * Frames accepted into outbound queues.
     *
     * @return frames accepted into outbound queues
     */
    public long framesQueued() {
        return framesQueued;
    }

    /**
     * Frames the transports confirmed written.
     *
     * @return frames the transports confirmed written
     */
    public long framesWritten() {
        return framesWritten;
    }

    /**
     * Deltas merged into the waiting delta of their message in an outbound queue (each saved a
     * frame; not counted in {@code framesQueued}).
     *
     * @return deltas merged into the waiting delta of their message in an outbound queue (each
     *     saved a frame; not counted in {@code framesQueued})
     */
    public long deltasMerged() {
        return deltasMerged;
    }

    /**
     * Frames that never reached the socket, by reason.
     *
     * @return frames that never reached the socket, by reason
     */
    public Map<FrameFailure, Long> framesFailed() {
        return framesFailed;
    }

    /**
     * Frames that never reached the socket for {@code reason}.
     *
     * @param reason the reason
     * @return the count, zero if none
     */
    public long framesFailed(FrameFailure reason) {
        return framesFailed.getOrDefault(reason, 0L);
    }

    /**
     * Frames waiting now in the outbound queues of this instance's registered connections (a
     * connection being closed no longer counts).
     *
     * @return frames waiting in the registered connections' outbound queues now
     */
    public long queuedFrames() {
        return queuedFrames;
    }

    /**
     * Bytes waiting now in the outbound queues of this instance's registered connections.
     *
     * @return bytes waiting in the registered connections' outbound queues now
     */
    public long queuedBytes() {
        return queuedBytes;
    }

    /**
     * Connections closed to keep a user within the per-user limit.
     *
     * @return connections closed to keep a user within the per-user limit
     */
    public long evictions() {
        return evictions;
    }

    /**
     * Connections refused, by reason.
     *
     * @return connections refused, by reason
     */
    public Map<Refusal, Long> refusals() {
        return refusals;
    }

    /**
     * Connections refused for {@code reason}.
     *
     * @param reason the reason
     * @return the count, zero if none
     */
    public long refusals(Refusal reason) {
        return refusals.getOrDefault(reason, 0L);
    }

    /**
     * Connections closed by the stale sweep.
     *
     * @return connections closed by the stale sweep
     */
    public long staleClosed() {
        return staleClosed;
    }

    /**
     * Client frames accepted and handled.
     *
     * @return client frames accepted and handled
     */
    public long inboundMessages() {
        return inboundMessages;
    }

    /**
     * Client frames answered with an {@code error} frame, by error code.
     *
     * @return client frames answered with an {@code error} frame, by error code
     */
    public Map<InboundError, Long> inboundErrors() {
        return inboundErrors;
    }

    /**
     * Client frames answered with an {@code error} frame for {@code code}.
     *
     * @param code the code
     * @return the count, zero if none
     */
    public long inboundErrors(InboundError code) {
        return inboundErrors.getOrDefault(code, 0L);
    }

    /**
     * Run associations held now (an estimate, as caches give it).
     *
     * @return run associations held now (an estimate, as caches give it)
     */
    public long runAssociations() {
        return runAssociations;
    }

    /**
     * Droppable frames coalesced or dropped under backpressure, by reason.
     *
     * @return droppable frames coalesced or dropped under backpressure, by reason
     */
    public Map<Drop, Long> drops() {
        return drops;
    }

    /**
     * Droppable frames coalesced or dropped under backpressure for {@code reason}.
     *
     * @param reason the reason
     * @return the count, zero if none
     */
    public long drops(Drop reason) {
        return drops.getOrDefault(reason, 0L);
    }

    /**
     * Resumes served in full (the gap filled exactly).
     *
     * @return resumes served in full (the gap filled exactly)
     */
    public long resumes() {
        return resumes;
    }

    /**
     * Events sent from the replay log to resuming clients.
     *
     * @return events sent from the replay log to resuming clients
     */
    public long replayedEvents() {
        return replayedEvents;
    }

    /**
     * Resumes that could not be served, by reason.
     *
     * @return resumes that could not be served, by reason
     */
    public Map<GapReason, Long> recoveryFailures() {
        return recoveryFailures;
    }

    /**
     * Resumes that could not be served for {@code reason}.
     *
     * @param reason the reason
     * @return the count, zero if none
     */
    public long recoveryFailures(GapReason reason) {
        return recoveryFailures.getOrDefault(reason, 0L);
    }

    /**
     * Client acknowledgements received.
     *
     * @return client acknowledgements received
     */
    public long acks() {
        return acks;
    }

    /**
     * Mean time from storing an event to its acknowledgement, 0 if none.
     *
     * @return mean time from storing an event to its acknowledgement, 0 if none
     */
    public long ackLatencyAvgMillis() {
        return ackLatencyAvgMillis;
    }

    /**
     * Longest time from storing an event to its acknowledgement, 0 if none.
     *
     * @return longest time from storing an event to its acknowledgement, 0 if none
     */
    public long ackLatencyMaxMillis() {
        return ackLatencyMaxMillis;
    }

    /**
     * Heartbeat figures, when a heartbeat monitor observes the manager.
     *
     * @return heartbeat figures, when a heartbeat monitor observes the manager
     */
    public Optional<LivenessStats> liveness() {
        return liveness;
    }

    /**
     * Cluster-wide figures, when the manager is part of a cluster.
     *
     * @return cluster-wide figures, when the manager is part of a cluster
     */
    public Optional<ClusterStats> cluster() {
        return cluster;
    }

    /**
     * Client frames dropped for exceeding the inbound rate limit.
     *
     * @return client frames dropped for exceeding the inbound rate limit
     */
    public long rateLimitedFrames() {
        return rateLimitedFrames;
    }

    /**
     * Connections closed with 1008 for exceeding the inbound rate limit.
     *
     * @return connections closed with 1008 for exceeding the inbound rate limit
     */
    public long rateLimitCloses() {
        return rateLimitCloses;
    }

    private List<Object> values() {
        return Arrays.asList(
                takenAt, connections, users, connectionsPerUser, rooms, sends, framesQueued,
                framesWritten, deltasMerged, framesFailed, queuedFrames, queuedBytes, evictions,
                refusals, staleClosed, inboundMessages, inboundErrors, runAssociations, drops,
                resumes, replayedEvents, recoveryFailures, acks, ackLatencyAvgMillis,
                ackLatencyMaxMillis, liveness, cluster, rateLimitedFrames, rateLimitCloses);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ManagerStats that && values().equals(that.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return "ManagerStats[takenAt=" + takenAt
                + ", connections=" + connections
                + ", users=" + users
                + ", connectionsPerUser=" + connectionsPerUser
                + ", rooms=" + rooms
                + ", sends=" + sends
                + ", framesQueued=" + framesQueued
                + ", framesWritten=" + framesWritten
                + ", deltasMerged=" + deltasMerged
                + ", framesFailed=" + framesFailed
                + ", queuedFrames=" + queuedFrames
                + ", queuedBytes=" + queuedBytes
                + ", evictions=" + evictions
                + ", refusals=" + refusals
                + ", staleClosed=" + staleClosed
                + ", inboundMessages=" + inboundMessages
                + ", inboundErrors=" + inboundErrors
                + ", runAssociations=" + runAssociations
                + ", drops=" + drops
                + ", resumes=" + resumes
                + ", replayedEvents=" + replayedEvents
                + ", recoveryFailures=" + recoveryFailures
                + ", acks=" + acks
                + ", ackLatencyAvgMillis=" + ackLatencyAvgMillis
                + ", ackLatencyMaxMillis=" + ackLatencyMaxMillis
                + ", liveness=" + liveness
                + ", cluster=" + cluster
                + ", rateLimitedFrames=" + rateLimitedFrames
                + ", rateLimitCloses=" + rateLimitCloses + "]";
    }

    /**
     * Builds a {@link ManagerStats}; every figure starts at zero or empty. Not thread-safe. Each
     * setter documents nothing beyond its accessor on {@link ManagerStats}.
     */
    public static final class Builder {
        private Instant takenAt;
        private int connections;
        private int users;
        private Map<UserId, Integer> connectionsPerUser = Map.of();
        private int rooms;
        private Map<SendStatus, Long> sends = Map.of();
        private long framesQueued;
        private long framesWritten;
        private long deltasMerged;
        private Map<FrameFailure, Long> framesFailed = Map.of();
        private long queuedFrames;
        private long queuedBytes;
        private long evictions;
        private Map<Refusal, Long> refusals = Map.of();
        private long staleClosed;
        private long inboundMessages;
        private Map<InboundError, Long> inboundErrors = Map.of();
        private long runAssociations;
        private Map<Drop, Long> drops = Map.of();
        private long resumes;
        private long replayedEvents;
        private Map<GapReason, Long> recoveryFailures = Map.of();
        private long acks;
        private long ackLatencyAvgMillis;
        private long ackLatencyMaxMillis;
        private Optional<LivenessStats> liveness = Optional.empty();
        private Optional<ClusterStats> cluster = Optional.empty();
        private long rateLimitedFrames;
        private long rateLimitCloses;

        private Builder() {
        }

        /**
         * Sets {@link ManagerStats#takenAt()}.
         *
         * @param value when the snapshot was taken
         * @return this builder
         */
        public Builder takenAt(Instant value) {
            this.takenAt = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#connections()}.
         *
         * @param value connections held now
         * @return this builder
         */
        public Builder connections(int value) {
            this.connections = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#users()}.
         *
         * @param value users with at least one connection now
         * @return this builder
         */
        public Builder users(int value) {
            this.users = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#connectionsPerUser()}.
         *
         * @param value connections held now, per user
         * @return this builder
         */
        public Builder connectionsPerUser(Map<UserId, Integer> value) {
            this.connectionsPerUser = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#rooms()}.
         *
         * @param value rooms with at least one member now
         * @return this builder
         */
        public Builder rooms(int value) {
            this.rooms = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#sends()}.
         *
         * @param value sends by outcome status (one per send call, whatever the number of targets)
         * @return this builder
         */
        public Builder sends(Map<SendStatus, Long> value) {
            this.sends = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#framesQueued()}.
         *
         * @param value frames accepted into outbound queues
         * @return this builder
         */
        public Builder framesQueued(long value) {
            this.framesQueued = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#framesWritten()}.
         *
         * @param value frames the transports confirmed written
         * @return this builder
         */
        public Builder framesWritten(long value) {
            this.framesWritten = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#deltasMerged()}.
         *
         * @param value deltas merged into the waiting delta of their message in an outbound queue
         *     (each saved a frame; not counted in {@code framesQueued})
         * @return this builder
         */
        public Builder deltasMerged(long value) {
            this.deltasMerged = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#framesFailed()}.
         *
         * @param value frames that never reached the socket, by reason
         * @return this builder
         */
        public Builder framesFailed(Map<FrameFailure, Long> value) {
            this.framesFailed = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#queuedFrames()}.
         *
         * @param value frames waiting in all outbound queues now
         * @return this builder
         */
        public Builder queuedFrames(long value) {
            this.queuedFrames = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#queuedBytes()}.
         *
         * @param value bytes waiting in all outbound queues now
         * @return this builder
         */
        public Builder queuedBytes(long value) {
            this.queuedBytes = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#evictions()}.
         *
         * @param value connections closed to keep a user within the per-user limit
         * @return this builder
         */
        public Builder evictions(long value) {
            this.evictions = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#refusals()}.
         *
         * @param value connections refused, by reason
         * @return this builder
         */
        public Builder refusals(Map<Refusal, Long> value) {
            this.refusals = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#staleClosed()}.
         *
         * @param value connections closed by the stale sweep
         * @return this builder
         */
        public Builder staleClosed(long value) {
            this.staleClosed = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#inboundMessages()}.
         *
         * @param value client frames accepted and handled
         * @return this builder
         */
        public Builder inboundMessages(long value) {
            this.inboundMessages = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#inboundErrors()}.
         *
         * @param value client frames answered with an {@code error} frame, by error code
         * @return this builder
         */
        public Builder inboundErrors(Map<InboundError, Long> value) {
            this.inboundErrors = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#runAssociations()}.
         *
         * @param value run associations held now (an estimate, as caches give it)
         * @return this builder
         */
        public Builder runAssociations(long value) {
            this.runAssociations = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#drops()}.
         *
         * @param value droppable frames coalesced or dropped under backpressure, by reason
         * @return this builder
         */
        public Builder drops(Map<Drop, Long> value) {
            this.drops = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#resumes()}.
         *
         * @param value resumes served in full (the gap filled exactly)
         * @return this builder
         */
        public Builder resumes(long value) {
            this.resumes = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#replayedEvents()}.
         *
         * @param value events sent from the replay log to resuming clients
         * @return this builder
         */
        public Builder replayedEvents(long value) {
            this.replayedEvents = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#recoveryFailures()}.
         *
         * @param value resumes that could not be served, by reason
         * @return this builder
         */
        public Builder recoveryFailures(Map<GapReason, Long> value) {
            this.recoveryFailures = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#acks()}.
         *
         * @param value client acknowledgements received
         * @return this builder
         */
        public Builder acks(long value) {
            this.acks = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#ackLatencyAvgMillis()}.
         *
         * @param value mean time from storing an event to its acknowledgement, 0 if none
         * @return this builder
         */
        public Builder ackLatencyAvgMillis(long value) {
            this.ackLatencyAvgMillis = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#ackLatencyMaxMillis()}.
         *
         * @param value longest time from storing an event to its acknowledgement, 0 if none
         * @return this builder
         */
        public Builder ackLatencyMaxMillis(long value) {
            this.ackLatencyMaxMillis = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#liveness()}.
         *
         * @param value heartbeat figures, when a heartbeat monitor observes the manager
         * @return this builder
         */
        public Builder liveness(Optional<LivenessStats> value) {
            this.liveness = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#cluster()}.
         *
         * @param value cluster-wide figures, when the manager is part of a cluster
         * @return this builder
         */
        public Builder cluster(Optional<ClusterStats> value) {
            this.cluster = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#rateLimitedFrames()}.
         *
         * @param value client frames dropped for exceeding the inbound rate limit
         * @return this builder
         */
        public Builder rateLimitedFrames(long value) {
            this.rateLimitedFrames = value;
            return this;
        }

        /**
         * Sets {@link ManagerStats#rateLimitCloses()}.
         *
         * @param value connections closed with 1008 for exceeding the inbound rate limit
         * @return this builder
         */
        public Builder rateLimitCloses(long value) {
            this.rateLimitCloses = value;
            return this;
        }

        /**
         * Builds the snapshot, copying the maps.
         *
         * @return the snapshot
         * @throws NullPointerException if {@code takenAt}, a map or an optional is missing
         */
        public ManagerStats build() {
            return new ManagerStats(this);
        }
    }
}
