/**
 * Jakarta WebSocket transport: a container-neutral {@link jakarta.websocket.Endpoint} and
 * configurator that adapt any Jakarta WebSocket 2.1 container (Tyrus, Tomcat, Jetty, Undertow,
 * ...) to the core's connection SPI.
 *
 * <p>The entry point is {@link io.switchboard.transport.jakarta.SwitchboardJakarta#endpointConfig}:
 * deploy the configuration it returns with {@code ServerContainer.addEndpoint}. Everything else in
 * this package is either called by the container ({@link
 * io.switchboard.transport.jakarta.SwitchboardEndpoint}) or package-private.
 *
 * <p>It depends on {@code manager-core} and the Jakarta WebSocket API (provided by the container)
 * only; no container class is used.
 */
package io.switchboard.transport.jakarta;
