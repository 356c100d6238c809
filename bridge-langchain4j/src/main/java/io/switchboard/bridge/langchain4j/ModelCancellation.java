package io.switchboard.bridge.langchain4j;

import dev.langchain4j.model.chat.response.StreamingHandle;

/**
 * The user's cancel, as LangChain4j can act on it: a stream's handle arrives only with its first
 * partial callback, and an AI service starts a new model call (with a new handle) after each tool
 * round. A cancel that comes before a handle is kept and applied to every handle that arrives.
 * Thread-safe.
 */
final class ModelCancellation {

    // Guarded by this.
    private StreamingHandle current;
    private boolean requested;

    /** The stream that is running now; cancelled at once if the user already cancelled. */
    synchronized void attach(StreamingHandle handle) {
        if (handle == null || handle == current) {
            return;
        }
        current = handle;
        if (requested) {
            handle.cancel();
        }
    }

    /** Cancels the running stream, and any that starts later. */
    synchronized void cancel() {
        requested = true;
        if (current != null) {
            current.cancel();
        }
    }

    synchronized boolean requested() {
        return requested;
    }
}
