package io.switchboard.core.emit;

/**
 * What one emitter did so far.
 *
 * <p>Immutable; a snapshot, safe to share between threads.
 *
 * @param emitted events handed to the emitter
 * @param succeeded events queued or stored
 * @param retries attempts beyond the first
 * @param failed events that finally failed
 */
public record EmitterCounts(long emitted, long succeeded, long retries, long failed) {
}
