/**
 * Heartbeat: finds dead connections fast, at any scale, on every transport. {@link
 * io.switchboard.heartbeat.HeartbeatMonitor} pings over the core's connection SPI on one shared
 * timer and closes connections that do not answer; {@link io.switchboard.heartbeat.HeartbeatConfig}
 * holds the development, staging and production profiles.
 */
package io.switchboard.heartbeat;
