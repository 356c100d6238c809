/**
 * Emitting a run's events: {@link io.switchboard.core.emit.AgentEmitter} (ordered, retried) and
 * {@link io.switchboard.core.emit.AgentRunListener} (the bridge an agent runtime calls).
 */
package io.switchboard.core.emit;
