/**
 * Typed agent events: a sealed root, {@link io.switchboard.core.event.AgentEvent}, one record per
 * critical event, and {@link io.switchboard.core.event.ApplicationEvent} for an application's own
 * types.
 */
package io.switchboard.core.event;
