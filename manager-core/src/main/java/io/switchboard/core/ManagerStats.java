package io.switchboard.core;

import io.switchboard.core.cluster.ClusterStats;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.LivenessStats;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of the manager's state and counters: the legacy dashboard in one value. Counters are
 * totals since the manager was built. Taking a snapshot does not stop the manager; figures taken
 * while it works are each exact but may be a few operations apart from one another.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param takenAt when the snapshot was taken
 * @param connections connections held now
 * @param users users with at least one connection now
 * @param connectionsPerUser connections held now, per user
 * @param rooms rooms with at least one member now
 * @param sends sends by outcome status (one per send call, whatever the number of targets)
 * @param framesQueued frames accepted into outbound queues
 * @param framesWritten frames the transports confirmed written
 * @param deltasMerged deltas merged into the waiting delta of their message in an outbound queue
 *     (each saved a frame; not counted in {@code framesQueued})
 * @param framesFailed frames that never reached the socket, by reason
 * @param queuedFrames frames waiting in all outbound queues now
 * @param queuedBytes bytes waiting in all outbound queues now
 * @param evictions connections closed to keep a user within the per-user limit
 * @param refusals connections refused, by reason
 * @param staleClosed connections closed by the stale sweep
 * @param inboundMessages client frames accepted and handled
 * @param inboundErrors client frames answered with an {@code error} frame, by error code
 * @param runAssociations run associations held now (an estimate, as caches give it)
 * @param drops droppable frames coalesced or dropped under backpressure, by reason
 * @param resumes resumes served in full (the gap filled exactly)
 * @param replayedEvents events sent from the replay log to resuming clients
 * @param recoveryFailures resumes that could not be served, by reason ({@code too_old}...)
 * @param acks client acknowledgements received
 * @param ackLatencyAvgMillis mean time from storing an event to its acknowledgement, 0 if none
 * @param ackLatencyMaxMillis longest such time, 0 if none
 * @param liveness heartbeat figures, when a heartbeat monitor observes the manager
 * @param cluster cluster-wide figures, when the manager is part of a cluster
 * @param rateLimitedFrames client frames dropped for exceeding the inbound rate limit
 * @param rateLimitCloses connections closed with 1008 for exceeding it
 */
public record ManagerStats(
        Instant takenAt,
        int connections,
        int users,
        Map<UserId, Integer> connectionsPerUser,
        int rooms,
        Map<SendStatus, Long> sends,
        long framesQueued,
        long framesWritten,
        long deltasMerged,
        Map<FrameFailure, Long> framesFailed,
        long queuedFrames,
        long queuedBytes,
        long evictions,
        Map<Refusal, Long> refusals,
        long staleClosed,
        long inboundMessages,
        Map<String, Long> inboundErrors,
        long runAssociations,
        Map<Drop, Long> drops,
        long resumes,
        long replayedEvents,
        Map<String, Long> recoveryFailures,
        long acks,
        long ackLatencyAvgMillis,
        long ackLatencyMaxMillis,
        Optional<LivenessStats> liveness,
        Optional<ClusterStats> cluster,
        long rateLimitedFrames,
        long rateLimitCloses) {

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
        /** The queue was full: a queued droppable frame was removed to make room for a lifecycle one. */
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
     * Copies the maps, so the snapshot stays immutable.
     *
     * @param takenAt when the snapshot was taken
     * @param connections connections held now
     * @param users users with at least one connection now
     * @param connectionsPerUser connections held now, per user
     * @param rooms rooms with at least one member now
     * @param sends sends by outcome status (one per send call, whatever the number of targets)
     * @param framesQueued frames accepted into outbound queues
     * @param framesWritten frames the transports confirmed written
     * @param deltasMerged deltas merged into the waiting delta of their message in an outbound queue
     *     (each saved a frame; not counted in {@code framesQueued})
     * @param framesFailed frames that never reached the socket, by reason
     * @param queuedFrames frames waiting in all outbound queues now
     * @param queuedBytes bytes waiting in all outbound queues now
     * @param evictions connections closed to keep a user within the per-user limit
     * @param refusals connections refused, by reason
     * @param staleClosed connections closed by the stale sweep
     * @param inboundMessages client frames accepted and handled
     * @param inboundErrors client frames answered with an {@code error} frame, by error code
     * @param runAssociations run associations held now (an estimate, as caches give it)
     * @param drops droppable frames coalesced or dropped under backpressure, by reason
     * @param resumes resumes served in full (the gap filled exactly)
     * @param replayedEvents events sent from the replay log to resuming clients
     * @param recoveryFailures resumes that could not be served, by reason ({@code too_old}...)
     * @param acks client acknowledgements received
     * @param ackLatencyAvgMillis mean time from storing an event to its acknowledgement, 0 if none
     * @param ackLatencyMaxMillis longest such time, 0 if none
     * @param liveness heartbeat figures, when a heartbeat monitor observes the manager
     * @param cluster cluster-wide figures, when the manager is part of a cluster
     * @param rateLimitedFrames client frames dropped for exceeding the inbound rate limit
     * @param rateLimitCloses connections closed with 1008 for exceeding it
     */
    public ManagerStats {
        Objects.requireNonNull(takenAt, "takenAt");
        connectionsPerUser = Map.copyOf(connectionsPerUser);
        sends = Map.copyOf(sends);
        framesFailed = Map.copyOf(framesFailed);
        refusals = Map.copyOf(refusals);
        inboundErrors = Map.copyOf(inboundErrors);
        drops = Map.copyOf(drops);
        recoveryFailures = Map.copyOf(recoveryFailures);
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * Sends with {@code status}.
     *
     * @param status the outcome status
     * @return the count, zero if none
     */
    public long sends(SendStatus status) {
        return sends.getOrDefault(status, 0L);
    }

    /**
     * Frames failed for {@code reason}.
     *
     * @param reason the reason
     * @return the count, zero if none
     */
    public long framesFailed(FrameFailure reason) {
        return framesFailed.getOrDefault(reason, 0L);
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
     * Droppable frames handled for {@code reason}.
     *
     * @param reason the reason
     * @return the count, zero if none
     */
    public long drops(Drop reason) {
        return drops.getOrDefault(reason, 0L);
    }

    /**
     * Resumes refused for {@code reason}.
     *
     * @param reason a gap reason's wire name, such as {@code "too_old"}
     * @return the count, zero if none
     */
    public long recoveryFailures(String reason) {
        return recoveryFailures.getOrDefault(reason, 0L);
    }

    /**
     * Client frames answered with error {@code code}.
     *
     * @param code an error code such as {@code "malformed_json"}
     * @return the count, zero if none
     */
    public long inboundErrors(String code) {
        return inboundErrors.getOrDefault(code, 0L);
    }
}
