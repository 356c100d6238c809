/**
 * Undertow transport: serves the Switchboard manager over Undertow's native WebSocket API. The
 * public entry point is {@link io.switchboard.transport.undertow.SwitchboardUndertow}; every other
 * class is package-private and may change without notice.
 */
package io.switchboard.transport.undertow;
