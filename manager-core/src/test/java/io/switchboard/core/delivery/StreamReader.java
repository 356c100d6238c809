package io.switchboard.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a client following docs/delivery.md keeps for one stream, fed with the frames that reached
 * its sockets, in order: the epoch and last seq (its resume cursor), and the text of every message
 * and tool call, the concatenation of the deltas it received. It checks as it goes that frames
 * never cover a seq twice and never skip one silently (a gap is allowed only after a
 * {@code recovery_failed} of the stream). Not thread-safe.
 */
final class StreamReader {

    private final StreamId stream;
    private String epoch;
    private long lastSeq;
    private boolean gapAnnounced;
    private final Map<String, StringBuilder> texts = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final List<JsonNode> recoveryFailures = new ArrayList<>();
    private long frames;
    private long mergedFrames;
    private long replayed;

    StreamReader(StreamId stream) {
        this.stream = stream;
    }

    /** Reads every frame one socket received, in order. */
    void readAll(List<JsonNode> socketFrames) {
        socketFrames.forEach(this::read);
    }

    void read(JsonNode frame) {
        String type = frame.path("type").asText();
        if (!stream.wireName().equals(frame.path("stream").asText())) {
            return;
        }
        if (type.equals("recovery_failed")) {
            gapAnnounced = true;
            recoveryFailures.add(frame);
            return;
        }
        if (type.equals("recovered")) {
            replayed += frame.path("replayed").asLong();
            return;
        }
        if (!frame.has("seq")) {
            return;
        }
        frames++;
        long seq = frame.get("seq").asLong();
        long from = frame.has("seq_from") ? frame.get("seq_from").asLong() : seq;
        if (frame.has("seq_from")) {
            mergedFrames++;
            if (from >= seq) {
                violations.add("seq_from " + from + " not below seq " + seq);
            }
        }
        String frameEpoch = frame.path("epoch").asText();
        if (epoch != null && !epoch.equals(frameEpoch)) {
            if (!gapAnnounced) {
                violations.add("epoch changed from " + epoch + " to " + frameEpoch + " silently");
            }
            lastSeq = 0;
        }
        epoch = frameEpoch;
        if (from <= lastSeq) {
            violations.add(type + " covering " + from + ".." + seq + " after seq " + lastSeq
                    + " (a seq twice)");
        } else if (from != lastSeq + 1 && !gapAnnounced) {
            violations.add(type + " from seq " + from + " after " + lastSeq + ": a silent gap");
        }
        gapAnnounced = false;
        lastSeq = Math.max(lastSeq, seq);
        JsonNode payload = frame.path("payload");
        if (type.equals("message_delta")) {
            text(payload.path("message_id").asText()).append(payload.path("delta").asText());
        } else if (type.equals("tool_call_delta")) {
            text(payload.path("tool_call_id").asText())
                    .append(payload.path("arguments_delta").asText());
        } else if (type.equals("message_started")) {
            text(payload.path("message_id").asText());
        }
    }

    /** The cursor to resume from. */
    StreamCursor cursor() {
        return new StreamCursor(stream, Optional.ofNullable(epoch), lastSeq);
    }

    Map<String, String> texts() {
        Map<String, String> copy = new LinkedHashMap<>();
        texts.forEach((id, text) -> copy.put(id, text.toString()));
        return copy;
    }

    List<String> violations() {
        return violations;
    }

    List<JsonNode> recoveryFailures() {
        return recoveryFailures;
    }

    long lastSeq() {
        return lastSeq;
    }

    long frames() {
        return frames;
    }

    long mergedFrames() {
        return mergedFrames;
    }

    long replayed() {
        return replayed;
    }

    private StringBuilder text(String id) {
        return texts.computeIfAbsent(id, key -> new StringBuilder());
    }
}
