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
     * Every event after the cursor, in order: the gap is filled exactly. Consecutive deltas of a
     * message may come as one {@link StoredDelta}; items never overlap and leave no seq out.
     *
     * @param events the missed events, oldest first; empty if none were missed
     * @param state the stream's state
     */
    record Events(List<? extends LoggedEvent> events, StreamState state) implements Replay {
        /**
         * Copies the list.
         *
         * @param events the missed events, oldest first; empty if none were missed
         * @param state the stream's state
         */
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
     * @param openMessages messages still streaming of which the client loses text, as far as the
     *     log knows them
     */
    record Gap(GapReason reason, StreamState state, List<OpenMessage> openMessages)
            implements Replay {
        /**
         * Checks the parts and copies the list.
         *
         * @param reason why
         * @param state the stream's state, for the client to start over from
         * @param openMessages messages still streaming of which the client loses text, as far as the
         *     log knows them
         */
        public Gap {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(state, "state");
            openMessages = List.copyOf(openMessages);
        }

        /**
         * A gap with no open message known.
         *
         * @param reason why
         * @param state the stream's state
         */
        public Gap(GapReason reason, StreamState state) {
            this(reason, state, List.of());
        }
    }
}
