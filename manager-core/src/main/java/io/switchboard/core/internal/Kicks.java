package io.switchboard.core.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Starts connections' writes on their writing threads. A connection whose transport has one
 * ({@link Session#writer()}, an event loop) is kicked there: its queue is drained and every write
 * goes straight to the socket, with one hand-over per event instead of one per write plus the
 * completion's way back. Many connections at once (a fan-out's kicks) cost one task per thread
 * for all of that thread's connections, as a server written on the event loop would do it.
 * Connections without a writing thread, or whose thread refuses work, are kicked on the calling
 * thread. Order is kept either way: a connection's frames wait in its queue in order, whichever
 * thread drains it.
 */
final class Kicks {

    private Kicks() {
    }

    /** Kicks every session's queue; see the class's documentation for where. */
    static void kickAll(List<Session> sessions) {
        Map<Executor, List<Session>> byWriter = null;
        for (Session session : sessions) {
            Executor writer = session.writer();
            if (writer == null) {
                session.outbound().kick();
            } else {
                if (byWriter == null) {
                    byWriter = new IdentityHashMap<>();
                }
                byWriter.computeIfAbsent(writer, ignored -> new ArrayList<>()).add(session);
            }
        }
        if (byWriter != null) {
            byWriter.forEach(Kicks::kickOn);
        }
    }

    /** Kicks one session's queue on its writing thread, or here if it has none. */
    static void kick(Session session) {
        Executor writer = session.writer();
        if (writer == null) {
            session.outbound().kick();
            return;
        }
        try {
            writer.execute(session.outbound()::kick);
        } catch (RejectedExecutionException stopped) {
            session.outbound().kick();
        }
    }

    private static void kickOn(Executor writer, List<Session> sessions) {
        try {
            writer.execute(() -> kickHere(sessions));
        } catch (RejectedExecutionException stopped) {
            // The transport is stopping: its connections are closing, and a kick here fails
            // their writes in the usual way.
            kickHere(sessions);
        }
    }

    private static void kickHere(List<Session> sessions) {
        for (Session session : sessions) {
            session.outbound().kick();
        }
    }
}
