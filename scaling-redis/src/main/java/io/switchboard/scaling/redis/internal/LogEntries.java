package io.switchboard.scaling.redis.internal;

import io.lettuce.core.StreamMessage;
import io.switchboard.core.id.RunId;
import io.switchboard.core.event.ToolCallDelta;
import io.switchboard.core.replay.LifecycleMark;
import io.switchboard.core.replay.LoggedEvent;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.StoredDelta;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import io.switchboard.core.spi.TextFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what the log scripts answer: stream states and stored entries. */
final class LogEntries {

    private LogEntries() {
    }

    /** A state answered as {@code {epoch, seq, lifecycle type, lifecycle run, lifecycle seq}}. */
    static StreamState state(StreamId stream, Object answer) {
        List<?> parts = (List<?>) answer;
        String epoch = RedisReplayLog.text(parts.get(0));
        long seq = Long.parseLong(RedisReplayLog.text(parts.get(1)));
        String type = RedisReplayLog.text(parts.get(2));
        Optional<LifecycleMark> mark = Optional.empty();
        if (!type.isEmpty()) {
            String run = RedisReplayLog.text(parts.get(3));
            mark = Optional.of(new LifecycleMark(type,
                    run.isEmpty() ? Optional.empty() : Optional.of(RunId.of(run)),
                    Long.parseLong(RedisReplayLog.text(parts.get(4)))));
        }
        return new StreamState(stream, Optional.of(epoch), seq, mark);
    }

    /**
     * Entries answered by {@code XRANGE} inside a script: {@code {id, {field, value...}}...}. A
     * delta stored with its message part comes back as a one-seq {@link StoredDelta}, so that the
     * manager sends a run of them as one merged frame.
     */
    static List<LoggedEvent> events(Object answer) {
        List<LoggedEvent> events = new ArrayList<>();
        for (Object entry : (List<?>) answer) {
            List<?> fields = (List<?>) ((List<?>) entry).get(1);
            Map<String, String> body = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                body.put(RedisReplayLog.text(fields.get(i)), RedisReplayLog.text(fields.get(i + 1)));
            }
            events.add(body.containsKey("px") ? delta(body) : event(body));
        }
        return events;
    }

    private static StoredDelta delta(Map<String, String> body) {
        String run = body.getOrDefault("r", "");
        String type = body.get("t");
        String tool = body.getOrDefault("pn", "");
        long seq = Long.parseLong(body.get("s"));
        return new StoredDelta(seq, seq, body.get("e"),
                run.isEmpty() ? Optional.empty() : Optional.of(RunId.of(run)),
                Long.parseLong(body.get("a")),
                new MessagePart(type.equals(ToolCallDelta.TYPE) ? MessagePart.Kind.TOOL_CALL_DELTA
                        : MessagePart.Kind.MESSAGE_DELTA, body.get("pi"),
                        tool.isEmpty() ? null : tool, body.get("px")));
    }

    /** An entry read with Lettuce's {@code XRANGE}. */
    static StoredEvent event(StreamMessage<String, String> message) {
        return event(message.getBody());
    }

    private static StoredEvent event(Map<String, String> body) {
        String run = body.getOrDefault("r", "");
        return new StoredEvent(Long.parseLong(body.get("s")), body.get("e"), body.get("t"),
                run.isEmpty() ? Optional.empty() : Optional.of(RunId.of(run)),
                "1".equals(body.get("l")), Long.parseLong(body.get("a")),
                FrameWire.read(body.get("f")));
    }
}
