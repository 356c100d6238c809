/**
 * Switchboard's Undertow transport: serves a {@code WebSocketManager} over Undertow's native
 * WebSocket API. Exports only the entry point's package.
 */
module io.switchboard.transport.undertow {
    requires transitive io.switchboard.core;
    requires transitive undertow.core;
    requires xnio.api;
    requires org.slf4j;

    exports io.switchboard.transport.undertow;
}
