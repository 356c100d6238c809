package io.switchboard.bridge.springai;

import org.springframework.ai.chat.messages.AssistantMessage;

/**
 * Where Spring AI's chat models put the parts of a streamed chunk: the text in the assistant
 * message's content; reasoning in its {@code reasoningContent} metadata (OpenAI-compatible and
 * DeepSeek models), or the whole content when the metadata marks the chunk as {@code thinking}
 * (Anthropic's extended thinking).
 */
final class ResponseParts {

    static final String REASONING_CONTENT = "reasoningContent";
    static final String THINKING = "thinking";

    private ResponseParts() {
    }

    static boolean isThinking(AssistantMessage message) {
        return Boolean.TRUE.equals(message.getMetadata().get(THINKING));
    }

    static String reasoning(AssistantMessage message) {
        Object reasoning = message.getMetadata().get(REASONING_CONTENT);
        return reasoning instanceof String text ? text : "";
    }
}
