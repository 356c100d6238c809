/** Switchboard's Micrometer metrics: a meter binder over the manager's stats snapshot. */
module io.switchboard.metrics.micrometer {
    requires transitive io.switchboard.core;
    requires transitive micrometer.core;

    exports io.switchboard.metrics.micrometer;
}
