/** Switchboard's Micrometer metrics: a meter binder over the manager's stats snapshot. */
module io.switchboard.metrics.micrometer {
    requires io.switchboard.core;
    requires micrometer.core;

    exports io.switchboard.metrics.micrometer;
}
