package io.switchboard.core.internal;

import io.switchboard.core.spi.TextFrame;

/**
 * A numbered frame of one stream on its way to connections, wherever it came from (sent here,
 * forwarded by another instance, read from the log): the seqs it covers, its frame, and how a
 * queue may treat it under pressure. Immutable.
 *
 * @param epoch the stream's epoch
 * @param seqFrom the first seq the frame covers ({@code seq} unless it holds merged deltas)
 * @param seq the last seq the frame covers
 * @param frame the encoded frame
 * @param coalesceKey for a droppable event, the key of the frames it supersedes; null otherwise
 * @param delta for a delta, what a queue needs to merge the next delta of its message into it;
 *     null otherwise
 */
record StreamFrame(String epoch, long seqFrom, long seq, TextFrame frame, String coalesceKey,
        LiveDelta delta) {
}
