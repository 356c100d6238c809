/** Switchboard heartbeat. Exports nothing yet: its API arrives with the issue that fills the module. */
module io.switchboard.heartbeat {
    requires io.switchboard.core;
}
