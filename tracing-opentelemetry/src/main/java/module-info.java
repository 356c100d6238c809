/** Switchboard's OpenTelemetry tracing: W3C trace context across the cluster hop. */
module io.switchboard.tracing.opentelemetry {
    requires io.switchboard.core;
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;

    exports io.switchboard.tracing.opentelemetry;
}
