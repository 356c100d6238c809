package io.switchboard.core.cluster;

import java.util.Objects;

/**
 * Cluster-wide figures, as a cluster port reports them into the manager's stats snapshot. A final
 * class read through accessors, so that a figure can be added without breaking anyone; the port
 * builds it with {@link #builder()}.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class ClusterStats {

    private final int instances;
    private final long connections;
    private final long users;
    private final long forwardsSent;
    private final long forwardsReceived;

    private ClusterStats(Builder builder) {
        this.instances = builder.instances;
        this.connections = builder.connections;
        this.users = builder.users;
        this.forwardsSent = builder.forwardsSent;
        this.forwardsReceived = builder.forwardsReceived;
    }

    /**
     * A builder with every figure at zero.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Instances alive in the cluster, this one included.
     *
     * @return instances alive in the cluster, this one included
     */
    public int instances() {
        return instances;
    }

    /**
     * Connections held over all instances.
     *
     * @return connections held over all instances
     */
    public long connections() {
        return connections;
    }

    /**
     * Users with at least one connection on some instance.
     *
     * @return users with at least one connection on some instance
     */
    public long users() {
        return users;
    }

    /**
     * Frames this instance forwarded to other instances.
     *
     * @return frames this instance forwarded to other instances
     */
    public long forwardsSent() {
        return forwardsSent;
    }

    /**
     * Frames other instances forwarded to this one.
     *
     * @return frames other instances forwarded to this one
     */
    public long forwardsReceived() {
        return forwardsReceived;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterStats that
                && instances == that.instances
                && connections == that.connections
                && users == that.users
                && forwardsSent == that.forwardsSent
                && forwardsReceived == that.forwardsReceived;
    }

    @Override
    public int hashCode() {
        return Objects.hash(instances, connections, users, forwardsSent, forwardsReceived);
    }

    @Override
    public String toString() {
        return "ClusterStats[instances=" + instances
                + ", connections=" + connections
                + ", users=" + users
                + ", forwardsSent=" + forwardsSent
                + ", forwardsReceived=" + forwardsReceived + "]";
    }

    /** Builds a {@link ClusterStats}; every figure starts at zero. Not thread-safe. */
    public static final class Builder {
        private int instances;
        private long connections;
        private long users;
        private long forwardsSent;
        private long forwardsReceived;

        private Builder() {
        }

        /**
         * Sets {@link ClusterStats#instances()}.
         *
         * @param value instances alive in the cluster, this one included
         * @return this builder
         */
        public Builder instances(int value) {
            this.instances = value;
            return this;
        }

        /**
         * Sets {@link ClusterStats#connections()}.
         *
         * @param value connections held over all instances
         * @return this builder
         */
        public Builder connections(long value) {
            this.connections = value;
            return this;
        }

        /**
         * Sets {@link ClusterStats#users()}.
         *
         * @param value users with at least one connection on some instance
         * @return this builder
         */
        public Builder users(long value) {
            this.users = value;
            return this;
        }

        /**
         * Sets {@link ClusterStats#forwardsSent()}.
         *
         * @param value frames this instance forwarded to other instances
         * @return this builder
         */
        public Builder forwardsSent(long value) {
            this.forwardsSent = value;
            return this;
        }

        /**
         * Sets {@link ClusterStats#forwardsReceived()}.
         *
         * @param value frames other instances forwarded to this one
         * @return this builder
         */
        public Builder forwardsReceived(long value) {
            this.forwardsReceived = value;
            return this;
        }

        /**
         * Builds the figures.
         *
         * @return the figures
         */
        public ClusterStats build() {
            return new ClusterStats(this);
        }
    }
}
