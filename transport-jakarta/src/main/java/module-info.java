/**
 * Switchboard's Jakarta WebSocket transport: a container-neutral endpoint and configurator for any
 * Jakarta WebSocket 2.1 container. It compiles against the Jakarta WebSocket API alone; the
 * container provides that API at run time. Exports only the entry point's package; the adapter
 * classes inside it are package-private.
 */
module io.switchboard.transport.jakarta {
    requires transitive io.switchboard.core;
    // ServerEndpointConfig (jakarta.websocket) and Endpoint (jakarta.websocket.client) appear in
    // the public API: SwitchboardJakarta.endpointConfig returns one, SwitchboardEndpoint extends
    // the other.
    requires transitive jakarta.websocket;
    requires transitive jakarta.websocket.client;
    requires org.slf4j;

    exports io.switchboard.transport.jakarta;
}
