/** Switchboard transport-undertow. Exports nothing yet: its API arrives with the issue that fills the module. */
module io.switchboard.transport.undertow {
    requires io.switchboard.core;
}
