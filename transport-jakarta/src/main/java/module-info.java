/** Switchboard transport-jakarta. Exports nothing yet: its API arrives with the issue that fills the module. */
module io.switchboard.transport.jakarta {
    requires io.switchboard.core;
}
