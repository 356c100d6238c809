package io.switchboard.core.internal.wire;

import io.switchboard.core.id.ThreadId;
import java.util.Optional;

/** A decoded, validated frame from a client. */
public sealed interface ClientFrame {

    /**
     * Subscribe to one of the user's threads.
     *
     * @param thread the thread
     */
    record Subscribe(ThreadId thread) implements ClientFrame {
    }

    /**
     * End a subscription.
     *
     * @param thread the thread
     */
    record Unsubscribe(ThreadId thread) implements ClientFrame {
    }

    /**
     * An application message.
     *
     * @param thread the thread it concerns, if named
     * @param payloadJson the payload as compact JSON
     */
    record Message(Optional<ThreadId> thread, String payloadJson) implements ClientFrame {
    }

    /** An application-level ping. */
    record Ping() implements ClientFrame {
    }
}
