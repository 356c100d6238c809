/** Switchboard's OpenTelemetry tracing: W3C trace context across the cluster hop. */
module io.switchboard.tracing.opentelemetry {
    requires transitive io.switchboard.core;
    requires transitive io.opentelemetry.api;
    requires io.opentelemetry.context;

    exports io.switchboard.tracing.opentelemetry;
}
