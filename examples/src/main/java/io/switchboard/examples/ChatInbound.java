package io.switchboard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.spi.InboundMessage;
import io.switchboard.core.spi.InboundMessageHandler;
import io.switchboard.core.spi.InboundRejection;
import java.io.IOException;
import java.util.Map;

/**
 * The demo's handler of the user's questions ({@code {"type":"message","thread_id":..,
 * "payload":{"text":..}}}): the question goes into the thread's stream as a {@code user_message}
 * event, so every tab of the user shows it and a reloaded page gets it back from the stream, then
 * the agent answers it.
 *
 * <p>Thread-safe; called on the transport's threads. The agent is set once, after the manager it
 * needs exists.
 */
final class ChatInbound implements InboundMessageHandler {

    /** The application event a question becomes in its thread. */
    static final String USER_MESSAGE = "user_message";

    private static final int MAX_QUESTION_CHARS = 2000;

    private final ObjectMapper json = new ObjectMapper();
    private volatile WebSocketManager manager;
    private volatile ChatAgent agent;

    void answerWith(WebSocketManager manager, ChatAgent agent) {
        this.manager = manager;
        this.agent = agent;
    }

    @Override
    public void onMessage(InboundMessage message) {
        ThreadId thread = message.thread()
                .orElseThrow(() -> new InboundRejection("thread_required", "name a thread_id"));
        String text = text(message.payloadJson()).strip();
        if (text.isEmpty() || text.length() > MAX_QUESTION_CHARS) {
            throw new InboundRejection("invalid_payload",
                    "payload must be {\"text\": ...} with 1 to " + MAX_QUESTION_CHARS + " characters");
        }
        manager.sendToThread(message.user(), thread,
                ApplicationEvent.of(USER_MESSAGE, Map.of("text", text)));
        agent.answer(message.user(), thread, text);
    }

    private String text(String payload) {
        try {
            JsonNode text = json.readTree(payload).path("text");
            return text.isTextual() ? text.asText() : "";
        } catch (IOException e) {
            return "";
        }
    }
}
