package io.switchboard.core.internal;

import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.replay.MessagePart;
import java.time.Instant;
import java.util.Objects;

/**
 * A delta on its way to connections: what an outbound queue needs to merge it with the next delta
 * of its message and to encode the merged frame. Made once per delta, shared by every target. It
 * covers one seq when it is sent or comes from another instance, several when a connection catches
 * up from the log (consecutive deltas of one message, already merged).
 *
 * @param stream the stream's wire name
 * @param epoch the stream's epoch
 * @param seqFrom the first seq covered
 * @param seq the last seq covered
 * @param run the run, or null
 * @param thread the thread, or null
 * @param part the message (or tool call) and the delta's text
 * @param ts when it was sent
 */
record LiveDelta(String stream, String epoch, long seqFrom, long seq, RunId run, ThreadId thread,
        MessagePart part, Instant ts) {

    /** Whether {@code next} continues this delta's message right after {@code lastSeq}. */
    boolean continuedBy(LiveDelta next, long lastSeq) {
        return next.seqFrom == lastSeq + 1
                && next.part.kind() == part.kind()
                && next.part.id().equals(part.id())
                && next.stream.equals(stream)
                && next.epoch.equals(epoch)
                && Objects.equals(next.run, run);
    }

    /** The UTF-8 size of the delta's text, which is what merging it adds to a frame (about). */
    int textBytes() {
        String text = part.text();
        int bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                bytes += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
            }
        }
        return bytes;
    }
}
