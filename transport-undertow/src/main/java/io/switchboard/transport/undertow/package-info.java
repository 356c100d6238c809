/**
 * Undertow transport: adapts Undertow's native WebSocket API to the core's connection SPI.
 *
 * <p>This module will hold a handler that authenticates the upgrade request, enforces the origin
 * allow-list and the message size limit, and turns each Undertow WebSocket channel into a
 * {@code Connection} registered with the manager. It depends on {@code manager-core} and
 * {@code undertow-core} only.
 */
package io.switchboard.transport.undertow;
