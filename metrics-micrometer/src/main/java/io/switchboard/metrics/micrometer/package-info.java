/**
 * Micrometer metrics for a Switchboard manager: {@link
 * io.switchboard.metrics.micrometer.SwitchboardMetrics} binds every figure of the manager's stats
 * snapshot to a {@code MeterRegistry}, as gauges and function counters that read the counters the
 * manager already keeps. Nothing is recorded per event.
 */
package io.switchboard.metrics.micrometer;
