/**
 * OpenTelemetry for Switchboard: {@link io.switchboard.tracing.opentelemetry.SwitchboardTracing}
 * carries the emitting code's W3C trace context with each event through the cluster hop, and can
 * record a span where an event is emitted and where another instance delivers it.
 */
package io.switchboard.tracing.opentelemetry;
