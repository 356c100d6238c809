package io.switchboard.core.internal;

import io.switchboard.core.internal.wire.WireCodec;
import io.switchboard.core.replay.LoggedEvent;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.StoredDelta;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.TextFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a replay answer into the frames a resuming client gets: stored events as their frames,
 * and each run of consecutive deltas of one message, however the log returned them (one compacted
 * {@link StoredDelta} or one per seq), as one merged delta frame.
 */
final class ReplayFrames {

    private ReplayFrames() {
    }

    static List<TextFrame> of(StreamId stream, List<? extends LoggedEvent> events, WireCodec codec) {
        List<TextFrame> frames = new ArrayList<>(events.size() + 1);
        StoredDelta pending = null;
        StringBuilder text = null;
        long lastSeq = 0;
        long newestMillis = 0;
        for (LoggedEvent event : events) {
            if (event instanceof StoredDelta delta) {
                if (pending != null && continues(pending, lastSeq, delta)) {
                    if (text == null) {
                        text = new StringBuilder(pending.part().text());
                    }
                    text.append(delta.part().text());
                    lastSeq = delta.seq();
                    newestMillis = Math.max(newestMillis, delta.storedAtMillis());
                    continue;
                }
                flush(stream, pending, text, lastSeq, newestMillis, codec, frames);
                pending = delta;
                text = null;
                lastSeq = delta.seq();
                newestMillis = delta.storedAtMillis();
            } else {
                flush(stream, pending, text, lastSeq, newestMillis, codec, frames);
                pending = null;
                text = null;
                frames.add(((StoredEvent) event).frame());
            }
        }
        flush(stream, pending, text, lastSeq, newestMillis, codec, frames);
        return frames;
    }

    private static boolean continues(StoredDelta pending, long lastSeq, StoredDelta next) {
        MessagePart a = pending.part();
        MessagePart b = next.part();
        return next.seqFrom() == lastSeq + 1 && a.kind() == b.kind() && a.id().equals(b.id())
                && pending.run().equals(next.run()) && pending.epoch().equals(next.epoch());
    }

    private static void flush(StreamId stream, StoredDelta pending, StringBuilder text,
            long lastSeq, long newestMillis, WireCodec codec, List<TextFrame> frames) {
        if (pending == null) {
            return;
        }
        frames.add(codec.mergedDelta(stream.wireName(), pending.seqFrom(), lastSeq, pending.epoch(),
                pending.run().orElse(null), stream.thread().orElse(null),
                Instant.ofEpochMilli(newestMillis), pending.part(),
                text == null ? pending.part().text() : text));
    }
}
