package io.switchboard.archtests;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentMap;

/** Which types hold mutable state, as far as a static field is concerned. */
final class MutableTypes {

    private static final List<String> ALWAYS_MUTABLE = List.of(
            StringBuilder.class.getName(), StringBuffer.class.getName(),
            java.util.BitSet.class.getName(),
            // Every Caffeine cache is shared mutable state when static; named, not linked, so
            // that this jar does not need Caffeine.
            "com.github.benmanes.caffeine.cache.Cache",
            "com.github.benmanes.caffeine.cache.AsyncCache");

    private MutableTypes() {
    }

    /**
     * Whether a field of this declared type holds mutable state whatever its value: arrays,
     * atomics, concrete collections and maps (interfaces like {@code List} may hold
     * {@code List.of(..)}), queues and concurrent maps (which have no immutable form), string
     * builders, bit sets and caches.
     */
    static boolean isMutable(JavaClass type) {
        if (type.isArray()) {
            return true;
        }
        if (type.getPackageName().equals("java.util.concurrent.atomic")) {
            return true;
        }
        if (type.isAssignableTo(Queue.class) || type.isAssignableTo(ConcurrentMap.class)) {
            return true;
        }
        if (!type.isInterface() && (type.isAssignableTo(java.util.Collection.class)
                || type.isAssignableTo(Map.class))) {
            return true;
        }
        return ALWAYS_MUTABLE.stream().anyMatch(type::isAssignableTo);
    }

    /**
     * Whether a method wraps or copies its argument into an unmodifiable form, so that a mutable
     * collection created in the same expression does not escape: {@code Collections.unmodifiable*},
     * {@code List/Set/Map.copyOf}, Guava's {@code ImmutableX.copyOf}.
     */
    static boolean isUnmodifiableWrapper(String methodName) {
        return methodName.startsWith("unmodifiable") || methodName.equals("copyOf");
    }
}
