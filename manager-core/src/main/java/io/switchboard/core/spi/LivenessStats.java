package io.switchboard.core.spi;

/**
 * Heartbeat figures, as a liveness observer reports them into the manager's stats snapshot.
 * Round-trip times are over the most recent pongs. Immutable.
 *
 * @param pingsSent pings sent
 * @param pongsReceived pongs received
 * @param timeoutsDetected pings that got no answer, nor any other traffic, within the timeout
 * @param connectionsDropped connections closed for a timeout
 * @param resurrections connections marked suspect (no answer for a while) that answered before
 *     the timeout
 * @param avgPingMillis mean round-trip time, 0 if none measured
 * @param p50PingMillis median round-trip time
 * @param p99PingMillis 99th percentile round-trip time
 * @param maxPingMillis longest round-trip time
 * @param monitored connections being monitored now
 */
public record LivenessStats(long pingsSent, long pongsReceived, long timeoutsDetected,
        long connectionsDropped, long resurrections, double avgPingMillis, double p50PingMillis,
        double p99PingMillis, double maxPingMillis, int monitored) {
}
