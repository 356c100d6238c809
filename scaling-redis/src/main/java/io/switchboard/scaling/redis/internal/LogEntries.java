package io.switchboard.scaling.redis.internal;

import io.lettuce.core.StreamMessage;
import io.switchboard.core.event.ToolCallDelta;
import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.LifecycleMark;
import io.switchboard.core.replay.LoggedEvent;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.OpenMessage;
import io.switchboard.core.replay.StoredDelta;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what the log scripts answer: stream states, stored events and deltas, open messages. */
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
            mark = Optional.of(new LifecycleMark(type, run(RedisReplayLog.text(parts.get(3))),
                    Long.parseLong(RedisReplayLog.text(parts.get(4)))));
        }
        return new StreamState(stream, Optional.of(epoch), seq, mark);
    }

    /**
     * The items of the read script: {@code {'e', fields}} for an event, {@code {'d', first, last,
     * stored at, type, run, id, tool, text}} for consecutive deltas of one message. Every item is
     * of the state's epoch: the log holds one epoch at a time.
     */
    static List<LoggedEvent> items(StreamState state, Object answer) {
        String epoch = state.epoch().orElseThrow();
        List<LoggedEvent> events = new ArrayList<>();
        for (Object item : (List<?>) answer) {
            List<?> parts = (List<?>) item;
            if (RedisReplayLog.text(parts.get(0)).equals("d")) {
                String type = RedisReplayLog.text(parts.get(4));
                String tool = RedisReplayLog.text(parts.get(7));
                boolean toolCall = type.equals(ToolCallDelta.TYPE);
                events.add(new StoredDelta(number(parts.get(1)), number(parts.get(2)), epoch,
                        run(RedisReplayLog.text(parts.get(5))), number(parts.get(3)),
                        new MessagePart(toolCall ? MessagePart.Kind.TOOL_CALL_DELTA
                                : MessagePart.Kind.MESSAGE_DELTA,
                                RedisReplayLog.text(parts.get(6)), toolCall ? tool : null,
                                RedisReplayLog.text(parts.get(8)))));
            } else {
                events.add(event(fields(parts.get(1))).orElseThrow());
            }
        }
        return events;
    }

    /** Open messages answered as {@code {id, run, characters lost}...}. */
    static List<OpenMessage> openMessages(Object answer) {
        List<OpenMessage> open = new ArrayList<>();
        for (Object item : (List<?>) answer) {
            List<?> parts = (List<?>) item;
            open.add(new OpenMessage(RedisReplayLog.text(parts.get(0)),
                    run(RedisReplayLog.text(parts.get(1))), number(parts.get(2))));
        }
        return open;
    }

    /** An entry read with Lettuce's {@code XRANGE}; empty for a delta, which has no frame. */
    static Optional<StoredEvent> event(StreamMessage<String, String> message) {
        return event(message.getBody());
    }

    private static Optional<StoredEvent> event(Map<String, String> body) {
        if (!body.containsKey("f")) {
            return Optional.empty();
        }
        return Optional.of(new StoredEvent(Long.parseLong(body.get("s")), body.get("e"),
                body.get("t"), run(body.getOrDefault("r", "")), "1".equals(body.get("l")),
                Long.parseLong(body.get("a")), FrameWire.read(body.get("f"))));
    }

    private static Map<String, String> fields(Object answer) {
        List<?> fields = (List<?>) answer;
        Map<String, String> body = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            body.put(RedisReplayLog.text(fields.get(i)), RedisReplayLog.text(fields.get(i + 1)));
        }
        return body;
    }

    private static Optional<RunId> run(String run) {
        return run.isEmpty() ? Optional.empty() : Optional.of(RunId.of(run));
    }

    private static long number(Object value) {
        return Long.parseLong(RedisReplayLog.text(value));
    }
}
