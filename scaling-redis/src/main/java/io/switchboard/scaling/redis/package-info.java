/**
 * Redis scaling: implements the core's cluster port (a registry of which instance holds which
 * connections, registry-directed routing, cluster-wide limits) and its replay log port (Redis
 * Streams) with Lettuce, so that many instances act as one manager. It depends on
 * {@code manager-core} and {@code lettuce-core} only.
 */
package io.switchboard.scaling.redis;
