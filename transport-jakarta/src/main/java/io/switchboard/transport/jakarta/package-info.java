/**
 * Jakarta WebSocket transport: a container-neutral {@code Endpoint} and configurator that adapt any
 * Jakarta WebSocket 2.x container to the core's connection SPI.
 *
 * <p>It depends on {@code manager-core} and the Jakarta WebSocket API (provided by the container)
 * only.
 */
package io.switchboard.transport.jakarta;
