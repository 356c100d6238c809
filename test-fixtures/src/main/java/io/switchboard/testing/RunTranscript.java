package io.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A run's events as a client that follows docs/protocol.md reads them: an outline of what
 * happened, in order, and the text of each message and tool call, assembled from its deltas.
 * Consecutive deltas of one message (or tool call) are one line of the outline, since the
 * manager may merge deltas for a slow client and the client must not care how they were cut.
 *
 * <p>Immutable.
 */
public final class RunTranscript {

    private final List<JsonNode> frames;

    private RunTranscript(List<JsonNode> frames) {
        this.frames = List.copyOf(frames);
    }

    /**
     * The transcript of one run's frames, in the order received.
     *
     * @param frames the frames carrying the run's {@code run_id}
     * @return the transcript
     */
    public static RunTranscript of(List<JsonNode> frames) {
        return new RunTranscript(Objects.requireNonNull(frames, "frames"));
    }

    /**
     * One line per event: its type and what identifies it, such as
     * {@code "message_started m1 reasoning"}, {@code "message_delta m1"},
     * {@code "tool_executing c1 weather"}, {@code "tool_completed c1 weather true"},
     * {@code "agent_completed cancelled"}; consecutive deltas of one message or call are one line.
     *
     * @return the outline
     */
    public List<String> outline() {
        List<String> lines = new ArrayList<>();
        for (JsonNode frame : frames) {
            String line = line(frame);
            boolean delta = line.startsWith("message_delta ") || line.startsWith("tool_call_delta ");
            if (delta && !lines.isEmpty() && lines.get(lines.size() - 1).equals(line)) {
                continue;
            }
            lines.add(line);
        }
        return lines;
    }

    /**
     * The text of a message: its deltas, concatenated.
     *
     * @param messageId the message
     * @return the text, empty if it had no delta
     */
    public String text(String messageId) {
        return concatenated("message_delta", "message_id", messageId, "delta");
    }

    /**
     * A tool call's arguments as streamed: its deltas, concatenated.
     *
     * @param toolCallId the call
     * @return the arguments' text, empty if it had no delta
     */
    public String arguments(String toolCallId) {
        return concatenated("tool_call_delta", "tool_call_id", toolCallId, "arguments_delta");
    }

    private String concatenated(String type, String idField, String id, String valueField) {
        StringBuilder text = new StringBuilder();
        for (JsonNode frame : frames) {
            JsonNode payload = frame.path("payload");
            if (type.equals(type(frame)) && id.equals(payload.path(idField).asText())) {
                text.append(payload.path(valueField).asText());
            }
        }
        return text.toString();
    }

    /**
     * The payload of the first event of {@code type}.
     *
     * @param type the event type
     * @return the payload, or a missing node if there is none
     */
    public JsonNode payload(String type) {
        return frames.stream().filter(frame -> type.equals(type(frame))).findFirst()
                .map(frame -> frame.path("payload"))
                .orElseGet(MissingNode::getInstance);
    }

    private static String line(JsonNode frame) {
        JsonNode payload = frame.path("payload");
        String type = type(frame);
        return switch (type) {
            case "message_started" -> type + " " + payload.path("message_id").asText() + " "
                    + payload.path("kind").asText();
            case "message_delta", "message_completed" ->
                    type + " " + payload.path("message_id").asText();
            case "tool_call_delta", "tool_executing" -> type + " "
                    + payload.path("tool_call_id").asText() + " "
                    + payload.path("tool_name").asText();
            case "tool_completed" -> type + " " + payload.path("tool_call_id").asText() + " "
                    + payload.path("tool_name").asText() + " "
                    + payload.path("succeeded").asBoolean();
            case "agent_completed" -> type + " " + payload.path("status").asText();
            default -> type;
        };
    }

    private static String type(JsonNode frame) {
        return frame.path("type").asText();
    }

    @Override
    public String toString() {
        return "RunTranscript" + outline();
    }
}
