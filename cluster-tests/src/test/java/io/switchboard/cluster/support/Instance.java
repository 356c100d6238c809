package io.switchboard.cluster.support;

import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.scaling.redis.RedisCluster;
import io.switchboard.scaling.redis.RedisClusterConfig;
import io.switchboard.transport.tck.KitAuthenticator;
import io.switchboard.transport.undertow.SwitchboardUndertow;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One instance as an application runs it: a manager with the Redis cluster port and its shared
 * log, served by its own Undertow server on a free loopback port. Clients authenticate with
 * {@code Authorization: Bearer <user>} (the kit's authenticator).
 */
public final class Instance implements AutoCloseable {

    private final String id;
    private final RedisCluster cluster;
    private final WebSocketManager manager;
    private final Undertow server;
    private final URI uri;
    private boolean closed;

    private Instance(String id, RedisCluster cluster, WebSocketManager manager, Undertow server,
            URI uri) {
        this.id = id;
        this.cluster = cluster;
        this.manager = manager;
        this.server = server;
        this.uri = uri;
    }

    /**
     * The test timings: 200 ms heartbeats, 3 s instance TTL, 500 ms command timeout.
     *
     * @param redisUri the shared Redis
     * @param prefix the cluster's key prefix
     * @param id this instance's id
     * @param maxConnectionsPerUser the cluster-wide per-user limit
     * @return the running instance
     */
    public static Instance start(String redisUri, String prefix, String id,
            int maxConnectionsPerUser) {
        return start(redisUri, RedisClusterConfig.Topology.STANDALONE, prefix, id,
                maxConnectionsPerUser);
    }

    /**
     * As {@link #start(String, String, String, int)}, on a Redis of the given topology.
     *
     * @param redisUri the shared Redis (seed nodes for a cluster)
     * @param topology standalone or Redis Cluster
     * @param prefix the cluster's key prefix
     * @param id this instance's id
     * @param maxConnectionsPerUser the cluster-wide per-user limit
     * @return the running instance
     */
    public static Instance start(String redisUri, RedisClusterConfig.Topology topology,
            String prefix, String id, int maxConnectionsPerUser) {
        RedisCluster cluster = RedisCluster.create(RedisClusterConfig.builder()
                .redisUri(redisUri)
                .topology(topology)
                .keyPrefix(prefix)
                .instanceId(id)
                .heartbeatInterval(Duration.ofMillis(200))
                .instanceTtl(Duration.ofSeconds(3))
                .commandTimeout(Duration.ofMillis(500))
                .reconnectDelayMax(Duration.ofMillis(200))
                .maxConnectionsPerUser(maxConnectionsPerUser)
                .build());
        WebSocketManager manager = WebSocketManager.builder()
                .config(ManagerConfig.builder().maxConnectionsPerUser(10).maxConnections(1000)
                        .shutdownGracePeriod(Duration.ofSeconds(2)).build())
                .cluster(cluster)
                .build();
        Undertow server = SwitchboardUndertow.start(manager,
                TransportSettings.builder(new KitAuthenticator()).build(),
                new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return new Instance(id, cluster, manager, server, URI.create("ws://127.0.0.1:" + port + "/ws"));
    }

    public String id() {
        return id;
    }

    public URI uri() {
        return uri;
    }

    public WebSocketManager manager() {
        return manager;
    }

    public RedisCluster cluster() {
        return cluster;
    }

    /** Stops for migration: every client is closed with 1012 and told to resume elsewhere. */
    public void migrate() throws Exception {
        manager.shutdown(CloseReason.SERVICE_RESTART).get(5, TimeUnit.SECONDS);
        close();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            manager.close();
            server.stop();
        }
    }

    @Override
    public String toString() {
        return "Instance[" + id + " " + uri + "]";
    }
}
