package io.switchboard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.transport.tck.WebSocketRecorder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the demo's agent as a tab reads it off the wire: the events in order (deltas
 * folded into their message's text), each message's text, the tool call's arguments, and the
 * seqs received. A tab that {@code decides} answers the approval request as the page's button
 * would; the other tabs only watch.
 *
 * @param types the events' types, deltas and {@code agent_thinking} left out (a droppable step
 *     may be superseded under pressure)
 * @param texts each message's text, by message id
 * @param toolArguments each tool call's streamed arguments, by tool call id
 * @param seqs every seq received, merged frames counted for each seq they cover
 */
record RunTranscript(List<String> types, Map<String, String> texts, Map<String, String> toolArguments,
        List<Long> seqs) {

    /** The run of a script whose search was approved, without deltas and thinking steps. */
    static final List<String> APPROVED = List.of("user_message", "agent_started", "message_started",
            "message_completed", "approval_requested", "approval_decided", "tool_executing",
            "tool_completed", "message_started", "message_completed", "agent_completed");

    /**
     * Reads frames until the run completes.
     *
     * @param tab the tab, subscribed to the run's thread
     * @param decision {@code approved} or {@code rejected} to answer the approval; null to watch
     * @return what the tab read
     */
    static RunTranscript follow(WebSocketRecorder tab, String decision) {
        List<String> types = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> arguments = new LinkedHashMap<>();
        List<Long> seqs = new ArrayList<>();
        while (!types.contains("agent_completed")) {
            JsonNode frame = tab.nextFrame();
            String type = frame.path("type").asText();
            JsonNode payload = frame.path("payload");
            if (frame.has("seq")) {
                for (long seq = frame.path("seq_from").asLong(frame.path("seq").asLong());
                        seq <= frame.path("seq").asLong(); seq++) {
                    seqs.add(seq);
                }
            }
            switch (type) {
                case "message_delta" -> texts.merge(payload.path("message_id").asText(),
                        payload.path("delta").asText(), String::concat);
                case "tool_call_delta" -> arguments.merge(payload.path("tool_call_id").asText(),
                        payload.path("arguments_delta").asText(), String::concat);
                case "agent_thinking", "subscribed", "recovered" -> { }
                default -> types.add(type);
            }
            if ("approval_requested".equals(type) && decision != null) {
                tab.send("{\"type\":\"approval\",\"request_id\":\"" + payload.path("request_id").asText()
                        + "\",\"decision\":\"" + decision + "\"}");
            }
        }
        return new RunTranscript(types, texts, arguments, seqs);
    }

    /**
     * The text of the run's answer (its message of kind {@code text}, named {@code <run>:answer}).
     *
     * @return the answer as assembled from its deltas
     */
    String answer() {
        return texts.entrySet().stream().filter(entry -> entry.getKey().endsWith(":answer"))
                .map(Map.Entry::getValue).findFirst().orElse("");
    }
}
