package io.switchboard.bridge.springai;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The ids of tool calls the model announced in its stream, waiting for their execution: a
 * {@code ToolCallback} is called with the arguments only, so its report takes the id of the
 * announced call with the same tool and arguments, in announcement order, or a generated
 * {@code <tool>-<n>} when the stream showed none (Spring AI models that run tools internally keep
 * the calls out of the stream). Thread-safe.
 */
final class ToolCallIds {

    private record Key(String toolName, String arguments) {
    }

    // Guarded by this.
    private final Map<Key, Deque<String>> announced = new HashMap<>();
    private int generated;

    synchronized void announced(String id, String toolName, String arguments) {
        announced.computeIfAbsent(new Key(toolName, normalized(arguments)), key -> new ArrayDeque<>())
                .add(id);
    }

    synchronized String claim(String toolName, String arguments) {
        Key key = new Key(toolName, normalized(arguments));
        Deque<String> ids = announced.get(key);
        if (ids == null || ids.isEmpty()) {
            return toolName + "-" + (++generated);
        }
        String id = ids.poll();
        if (ids.isEmpty()) {
            announced.remove(key);
        }
        return id;
    }

    private static String normalized(String arguments) {
        return arguments == null ? "" : arguments.strip();
    }
}
