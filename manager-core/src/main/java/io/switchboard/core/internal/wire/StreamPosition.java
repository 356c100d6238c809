package io.switchboard.core.internal.wire;

import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.StreamId;
import java.time.Instant;
import java.util.Optional;

/**
 * Where an encoded event sits: its stream, the stream's epoch and the seqs it covers; and, for a
 * delta of a streamed message, what a queue needs to merge it with the next one.
 *
 * @param stream the stream
 * @param epoch the epoch
 * @param seqFrom the first seq covered ({@code seq} but for merged deltas)
 * @param seq the last seq covered
 * @param delta the delta, for a {@code message_delta} or {@code tool_call_delta} frame
 */
public record StreamPosition(StreamId stream, String epoch, long seqFrom, long seq,
        Optional<Delta> delta) {

    /**
     * A delta frame's content.
     *
     * @param part the message (or tool call) and the delta's text
     * @param run the run, if the frame names one
     * @param ts the frame's time
     */
    public record Delta(MessagePart part, Optional<RunId> run, Instant ts) {
    }
}
