package io.switchboard.bridge.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.model.StreamingChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A streaming chat model that plays scripted turns, one per model call, on a Reactor thread, and
 * runs tools the way Spring AI's model integrations do internally: when a turn ends with tool
 * calls, it executes them through a {@link ToolCallingManager} (which calls the callbacks of the
 * prompt's options) and streams the next turn with the results. No network, no real model.
 */
final class ScriptedChatModel implements StreamingChatModel {

    private final List<Flux<ChatResponse>> turns;
    private final ToolCallingManager toolCalling = ToolCallingManager.builder().build();
    private final List<Prompt> prompts = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    @SafeVarargs
    ScriptedChatModel(Flux<ChatResponse>... turns) {
        List<Flux<ChatResponse>> scripted = new ArrayList<>();
        for (Flux<ChatResponse> turn : turns) {
            scripted.add(turn);
        }
        this.turns = List.copyOf(scripted);
    }

    static ChatResponse text(String text) {
        return chunk(new AssistantMessage(text));
    }

    static ChatResponse reasoning(String text) {
        return chunk(AssistantMessage.builder().content("")
                .properties(Map.of("reasoningContent", text)).build());
    }

    static ChatResponse toolCalls(AssistantMessage.ToolCall... calls) {
        return chunk(AssistantMessage.builder().content("").toolCalls(List.of(calls)).build());
    }

    private static ChatResponse chunk(AssistantMessage message) {
        return new ChatResponse(List.of(new Generation(message)));
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        return turn(prompt, 0);
    }

    boolean cancelled() {
        return cancelled.get();
    }

    List<Prompt> prompts() {
        return List.copyOf(prompts);
    }

    private Flux<ChatResponse> turn(Prompt prompt, int index) {
        prompts.add(prompt);
        Flux<ChatResponse> chunks = turns.get(index).cache();
        return chunks.publishOn(Schedulers.boundedElastic())
                .concatWith(chunks.last().flatMapMany(last -> {
                    if (!last.hasToolCalls()) {
                        return Flux.empty();
                    }
                    ToolExecutionResult result = toolCalling.executeToolCalls(prompt, last);
                    return turn(new Prompt(result.conversationHistory(), prompt.getOptions()),
                            index + 1);
                }))
                .doOnCancel(() -> cancelled.set(true));
    }
}
