/**
 * Netty transport: adapts netty-codec-http's WebSocket support to the core's connection SPI.
 *
 * <p>This module will hold a channel initializer with a bounded frame size, a handshake timeout and
 * writability-based backpressure that feeds the core's outbound queue. It depends on
 * {@code manager-core} and Netty only.
 */
package io.switchboard.transport.netty;
