package io.switchboard.core.replay;

import java.util.List;
import java.util.Objects;

/**
 * What the log answers to a cursor: the missed events, or why they cannot be given. Every answer
 * is an immutable record, safe to share between threads.
 */
public sealed interface Replay {

    /**
     * The stream's state when the answer was made.
     *
     * @return the state
     */
    StreamState state();

    /**
     * Every event after the cursor, in order: the gap is filled exactly.
     *
     * @param events the missed events, oldest first; empty if none were missed
     * @param state the stream's state
     */
    record Events(List<StoredEvent> events, StreamState state) implements Replay {
        /** Copies the list. */
        public Events {
            events = List.copyOf(events);
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * The gap cannot be filled.
     *
     * @param reason why
     * @param state the stream's state, for the client to start over from
     */
    record Gap(GapReason reason, StreamState state) implements Replay {
        /** Checks the parts. */
        public Gap {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(state, "state");
        }
    }
}
