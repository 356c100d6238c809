/**
 * The cluster port: how one manager spreads over instances with registry-directed routing. The
 * default is single-instance; {@code scaling-redis} adds a distributed implementation.
 */
package io.switchboard.core.cluster;
