/** Switchboard transport-netty. Exports nothing yet: its API arrives with the issue that fills the module. */
module io.switchboard.transport.netty {
    requires io.switchboard.core;
}
