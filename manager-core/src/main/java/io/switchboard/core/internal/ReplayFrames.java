package io.switchboard.core.internal;

import io.switchboard.core.id.RunId;
import io.switchboard.core.internal.wire.WireCodec;
import io.switchboard.core.replay.LoggedEvent;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.StoredDelta;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the log answered into the frames a connection gets: stored events as their frames,
 * and each run of consecutive deltas of one message, however the log returned them (one compacted
 * {@link StoredDelta} or one per seq), as one merged delta frame, which later deltas of its
 * message may still merge into while it waits in a queue.
 */
final class ReplayFrames {

    private ReplayFrames() {
    }

    static List<StreamFrame> of(StreamId stream, List<? extends LoggedEvent> events,
            WireCodec codec) {
        List<StreamFrame> frames = new ArrayList<>(events.size() + 1);
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
                StoredEvent stored = (StoredEvent) event;
                frames.add(new StreamFrame(stored.epoch(), stored.seq(), stored.seq(),
                        stored.frame(), stored.lifecycle() ? null
                                : StreamOrder.coalesceKey(stream, stored.type(), stored.run()),
                        null));
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
            long lastSeq, long newestMillis, WireCodec codec, List<StreamFrame> frames) {
        if (pending == null) {
            return;
        }
        MessagePart first = pending.part();
        MessagePart part = text == null ? first
                : new MessagePart(first.kind(), first.id(), first.toolName(), text.toString());
        RunId run = pending.run().orElse(null);
        Instant ts = Instant.ofEpochMilli(newestMillis);
        LiveDelta delta = new LiveDelta(stream.wireName(), pending.epoch(), pending.seqFrom(),
                lastSeq, run, stream.thread().orElse(null), part, ts);
        frames.add(new StreamFrame(pending.epoch(), pending.seqFrom(), lastSeq,
                codec.mergedDelta(stream.wireName(), pending.seqFrom(), lastSeq, pending.epoch(),
                        run, stream.thread().orElse(null), ts, part, part.text()),
                null, delta));
    }
}
