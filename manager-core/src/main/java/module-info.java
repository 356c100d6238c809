/**
 * Switchboard's core: the one WebSocket manager, its ids, typed agent events, the connection SPI
 * and the cluster port. Depends on no network library. Only API packages are exported; everything
 * under {@code io.switchboard.core.internal} may change without notice.
 */
module io.switchboard.core {
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;

    exports io.switchboard.core;
    exports io.switchboard.core.cluster;
    exports io.switchboard.core.control;
    exports io.switchboard.core.emit;
    exports io.switchboard.core.event;
    exports io.switchboard.core.handshake;
    exports io.switchboard.core.id;
    exports io.switchboard.core.replay;
    exports io.switchboard.core.spi;

    // Jackson serializes the event records reflectively.
    opens io.switchboard.core.event to com.fasterxml.jackson.databind;
}
