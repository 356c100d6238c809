/**
 * Heartbeat: keeps connections honest with WebSocket ping/pong over the core's connection SPI.
 *
 * <p>This module will hold a monitor that attaches to a {@code WebSocketManager} through its
 * lifecycle hooks, pings every connection on one shared timer, closes connections whose pong does
 * not arrive in time, and reports ping, pong, timeout and round-trip statistics. It depends on
 * {@code manager-core} only.
 */
package io.switchboard.heartbeat;
