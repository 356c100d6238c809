/** Switchboard heartbeat: ping/pong liveness over the core's connection SPI. */
module io.switchboard.heartbeat {
    requires transitive io.switchboard.core;
    requires org.slf4j;

    exports io.switchboard.heartbeat;
}
