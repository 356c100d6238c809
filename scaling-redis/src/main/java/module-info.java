/** Switchboard scaling-redis. Exports nothing yet: its API arrives with the issue that fills the module. */
module io.switchboard.scaling.redis {
    requires io.switchboard.core;
}
