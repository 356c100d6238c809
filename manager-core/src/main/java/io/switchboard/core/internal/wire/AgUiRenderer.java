package io.switchboard.core.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.spi.TextFrame;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AG-UI wire profile (docs/protocol.md, "AG-UI wire profile"): each Switchboard frame becomes
 * one or more AG-UI events, camelCase, with {@code stream}, {@code seq}, {@code seq_from} and
 * {@code epoch} kept on the last of them. Remembers, for its one connection, which messages and
 * tool calls it opened, so that every content event follows its start event even when the
 * connection joined in the middle. Not thread-safe: one per connection, called by its writer.
 */
final class AgUiRenderer implements FrameRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(AgUiRenderer.class);
    // Open messages and tool calls remembered per connection; more than this are a client that
    // never sees ends, and forgetting the oldest only costs a repeated start event.
    private static final int MAX_OPEN = 256;
    private static final List<String> EXTRAS = List.of("stream", "seq", "seq_from", "epoch");

    private final ObjectMapper mapper;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, String> openMessages = bounded();
    private final Set<String> openToolCalls = Collections.newSetFromMap(bounded());

    AgUiRenderer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public List<TextFrame> render(TextFrame frame) {
        try {
            JsonNode root = mapper.readTree(frame.text());
            List<ObjectNode> events = root.has("payload") ? event((ObjectNode) root)
                    : List.of(custom(root.path("type").asText(), camel(withoutType(root))));
            List<TextFrame> frames = new ArrayList<>(events.size());
            for (ObjectNode event : events) {
                frames.add(TextFrame.ofUtf8(mapper.writeValueAsBytes(event)));
            }
            return frames;
        } catch (IOException | RuntimeException e) {
            // Frames come from our own codec, so this is a bug; the client gets the frame as is.
            LOG.warn("a frame could not be rendered as AG-UI; sent as Switchboard's", e);
            return List.of(frame);
        }
    }

    private List<ObjectNode> event(ObjectNode root) {
        String type = root.path("type").asText();
        JsonNode payload = root.get("payload");
        List<ObjectNode> events = new ArrayList<>(3);
        switch (type) {
            case "agent_started" -> events.add(runStarted(root, payload));
            case "agent_completed" -> events.add(runEnded(root, payload));
            case "message_started" -> messageStarted(payload, events);
            case "message_delta" -> messageDelta(payload, events);
            case "message_completed" -> messageCompleted(payload, events);
            case "tool_call_delta" -> toolCallDelta(payload, events);
            case "tool_executing" -> toolExecuting(payload, events);
            case "tool_completed" -> events.add(toolResult(payload));
            case "agent_thinking", "approval_requested", "approval_decided", "cancel_requested" ->
                    events.add(custom(type, camel(payload)));
            default -> events.add(custom(type, payload));
        }
        ObjectNode last = events.get(events.size() - 1);
        for (String field : EXTRAS) {
            if (root.has(field)) {
                last.set(field, root.get(field));
            }
        }
        long timestamp = timestamp(root);
        if (timestamp >= 0) {
            events.forEach(event -> event.put("timestamp", timestamp));
        }
        return events;
    }

    private ObjectNode runStarted(ObjectNode root, JsonNode payload) {
        if (!root.has("run_id") || !root.has("thread_id")) {
            return custom("agent_started", camel(payload));
        }
        return typed("RUN_STARTED").put("threadId", root.get("thread_id").asText())
                .put("runId", root.get("run_id").asText());
    }

    private ObjectNode runEnded(ObjectNode root, JsonNode payload) {
        String status = payload.path("status").asText();
        if ("failed".equals(status)) {
            return typed("RUN_ERROR").put("message", payload.path("error").asText("failed"))
                    .put("code", "failed");
        }
        if (!root.has("run_id") || !root.has("thread_id")) {
            return custom("agent_completed", camel(payload));
        }
        ObjectNode finished = typed("RUN_FINISHED").put("threadId", root.get("thread_id").asText())
                .put("runId", root.get("run_id").asText());
        if ("succeeded".equals(status) && payload.hasNonNull("answer")) {
            finished.set("result", payload.get("answer"));
        }
        finished.set("outcome", nodes.objectNode()
                .put("type", "cancelled".equals(status) ? "cancelled" : "success"));
        return finished;
    }

    private void messageStarted(JsonNode payload, List<ObjectNode> events) {
        String id = payload.path("message_id").asText();
        String kind = payload.path("kind").asText("text");
        openMessages.put(id, kind);
        starts(id, kind, events);
    }

    private void messageDelta(JsonNode payload, List<ObjectNode> events) {
        String id = payload.path("message_id").asText();
        String kind = openMessages.get(id);
        if (kind == null) {
            // Joined inside the message: AG-UI wants its start first; a delta does not name its kind.
            kind = "text";
            openMessages.put(id, kind);
            starts(id, kind, events);
        }
        events.add(typed("reasoning".equals(kind) ? "REASONING_MESSAGE_CONTENT" : "TEXT_MESSAGE_CONTENT")
                .put("messageId", id).put("delta", payload.path("delta").asText()));
    }

    private void messageCompleted(JsonNode payload, List<ObjectNode> events) {
        String id = payload.path("message_id").asText();
        String kind = openMessages.remove(id);
        if (kind == null) {
            kind = "text";
            starts(id, kind, events);
        }
        if ("reasoning".equals(kind)) {
            events.add(typed("REASONING_MESSAGE_END").put("messageId", id));
            events.add(typed("REASONING_END").put("messageId", id));
        } else {
            events.add(typed("TEXT_MESSAGE_END").put("messageId", id));
        }
    }

    private void starts(String id, String kind, List<ObjectNode> events) {
        if ("reasoning".equals(kind)) {
            events.add(typed("REASONING_START").put("messageId", id));
            events.add(typed("REASONING_MESSAGE_START").put("messageId", id).put("role", "reasoning"));
        } else {
            events.add(typed("TEXT_MESSAGE_START").put("messageId", id).put("role", "assistant"));
        }
    }

    private void toolCallDelta(JsonNode payload, List<ObjectNode> events) {
        String id = payload.path("tool_call_id").asText();
        if (openToolCalls.add(id)) {
            events.add(typed("TOOL_CALL_START").put("toolCallId", id)
                    .put("toolCallName", payload.path("tool_name").asText()));
        }
        events.add(typed("TOOL_CALL_ARGS").put("toolCallId", id)
                .put("delta", payload.path("arguments_delta").asText()));
    }

    private void toolExecuting(JsonNode payload, List<ObjectNode> events) {
        String id = payload.path("tool_call_id").asText();
        if (!openToolCalls.remove(id)) {
            events.add(typed("TOOL_CALL_START").put("toolCallId", id)
                    .put("toolCallName", payload.path("tool_name").asText()));
            events.add(typed("TOOL_CALL_ARGS").put("toolCallId", id)
                    .put("delta", payload.path("arguments").toString()));
        }
        events.add(typed("TOOL_CALL_END").put("toolCallId", id));
    }

    private ObjectNode toolResult(JsonNode payload) {
        String id = payload.path("tool_call_id").asText();
        JsonNode result = payload.get("result");
        String content = result == null || result.isNull() ? ""
                : result.isTextual() ? result.textValue() : result.toString();
        return typed("TOOL_CALL_RESULT").put("messageId", id + ":result").put("toolCallId", id)
                .put("content", content).put("role", "tool");
    }

    private ObjectNode custom(String name, JsonNode value) {
        ObjectNode custom = typed("CUSTOM").put("name", name);
        custom.set("value", value == null ? nodes.nullNode() : value);
        return custom;
    }

    private ObjectNode typed(String type) {
        return nodes.objectNode().put("type", type);
    }

    private ObjectNode withoutType(JsonNode root) {
        ObjectNode copy = ((ObjectNode) root).deepCopy();
        copy.remove("type");
        return copy;
    }

    // Switchboard's own objects go camelCase; an application's payload stays as it is.
    private JsonNode camel(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode renamed = nodes.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                renamed.set(camel(field.getKey()), camel(field.getValue()));
            }
            return renamed;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode renamed = nodes.arrayNode();
            array.forEach(element -> renamed.add(camel(element)));
            return renamed;
        }
        return node;
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder(snake.length());
        boolean upper = false;
        for (int i = 0; i < snake.length(); i++) {
            char c = snake.charAt(i);
            if (c == '_') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static long timestamp(JsonNode root) {
        JsonNode ts = root.get("ts");
        if (ts == null || !ts.isTextual()) {
            return -1;
        }
        try {
            return Instant.parse(ts.textValue()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_OPEN;
            }
        };
    }
}
