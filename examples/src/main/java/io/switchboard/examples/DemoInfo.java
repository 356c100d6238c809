package io.switchboard.examples;

import java.util.Optional;

/**
 * What the dashboard says about the demo instance a tab is on: its transport, its limits, and,
 * with Redis, its instance id.
 *
 * <p>Immutable.
 *
 * @param transport the transport's name
 * @param maxTabsPerUser connections per user
 * @param maxConnections connections in all
 * @param instance the instance id in the Redis registry; empty without Redis
 */
record DemoInfo(String transport, int maxTabsPerUser, int maxConnections, Optional<String> instance) {
}
