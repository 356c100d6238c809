package io.switchboard.core.internal.wire;

import io.switchboard.core.replay.StreamId;

/**
 * Where an encoded event sits: its stream, the stream's epoch and its seq.
 *
 * @param stream the stream
 * @param epoch the epoch
 * @param seq the seq
 */
public record StreamPosition(StreamId stream, String epoch, long seq) {
}
