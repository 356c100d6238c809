/**
 * The transport compatibility kit: an abstract JUnit 5 test every transport adapter extends, with
 * a recording WebSocket client on the JDK's {@code java.net.http.WebSocket} and a raw-socket client
 * for misbehaving peers.
 */
package io.switchboard.transport.tck;
