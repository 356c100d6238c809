package io.switchboard.examples;

import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;

/**
 * What answers the user's questions in the demo: it starts a run on the user's thread and streams
 * it through the manager. The demo's own is {@link SimulatedAgent}; an agent behind a framework
 * bridge can take its place.
 *
 * <p>Implementations are thread-safe: questions arrive on the transport's threads.
 */
interface ChatAgent extends AutoCloseable {

    /**
     * Starts a run that answers {@code question}; returns at once.
     *
     * @param user who asked
     * @param thread where
     * @param question what
     * @return the run's id
     */
    RunId answer(UserId user, ThreadId thread, String question);

    /** Stops every run; no event follows. */
    @Override
    void close();
}
