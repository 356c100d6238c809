package io.switchboard.scaling.redis.internal;

/**
 * Where a stream of the shared log stands, as this instance last saw it.
 *
 * @param epoch the stream's epoch
 * @param seq its last seq
 */
record Position(String epoch, long seq) {
}
