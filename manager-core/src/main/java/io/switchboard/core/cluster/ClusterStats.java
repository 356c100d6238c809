package io.switchboard.core.cluster;

/**
 * Cluster-wide figures, as a cluster port reports them into the manager's stats snapshot.
 * Immutable.
 *
 * @param instances instances alive in the cluster, this one included
 * @param connections connections held over all instances
 * @param users users with at least one connection on some instance
 * @param forwardsSent frames this instance forwarded to other instances
 * @param forwardsReceived frames other instances forwarded to this one
 */
public record ClusterStats(int instances, long connections, long users, long forwardsSent,
        long forwardsReceived) {
}
