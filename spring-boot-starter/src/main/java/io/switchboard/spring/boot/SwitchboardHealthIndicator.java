package io.switchboard.spring.boot;

import io.switchboard.core.ManagerStats;
import io.switchboard.core.WebSocketManager;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The manager's health: UP with its connections, users and (in a cluster) the instances alive;
 * OUT_OF_SERVICE once the drain has begun, so that a load balancer stops sending new clients.
 * Reads the stats snapshot, which never blocks on I/O. Thread-safe.
 */
final class SwitchboardHealthIndicator implements HealthIndicator {

    private final WebSocketManager manager;
    private final Draining draining;

    SwitchboardHealthIndicator(WebSocketManager manager, Draining draining) {
        this.manager = manager;
        this.draining = draining;
    }

    @Override
    public Health health() {
        ManagerStats stats = manager.stats();
        Health.Builder health = draining.started() ? Health.outOfService().withDetail("draining", true)
                : Health.up();
        health.withDetail("connections", stats.connections()).withDetail("users", stats.users());
        stats.cluster().ifPresent(cluster -> health
                .withDetail("clusterInstances", cluster.instances())
                .withDetail("clusterConnections", cluster.connections()));
        return health.build();
    }
}
