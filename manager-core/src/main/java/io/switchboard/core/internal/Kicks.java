package io.switchboard.core.internal;

import io.switchboard.core.spi.TextFrame;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Starts the writes of many connections at once (a fan-out's kicks). A connection whose transport
 * has a writing thread ({@link Session#writer()}, an event loop) is kicked there, with one task
 * per thread for all of that thread's connections: a broadcast to thousands of connections then
 * costs each event loop one hand-over instead of one per connection, and every write it starts
 * goes straight to its socket, as a server written on the event loop would do it. Connections
 * without a writing thread, or whose thread refuses work, are kicked on the calling thread. Order
 * is kept either way: a connection's frames wait in its queue in order, whichever thread drains
 * it, and a frame that claimed an idle queue ({@link OutboundQueue#offerOrClaim}) is written, the
 * same way, before anything queued behind it. A single connection is kicked where it is, unless
 * it is a stream event's (see {@link AfterUnlock#forStreamEvent()}).
 */
final class Kicks {

    private Kicks() {
    }

    /** Kicks every session's queue; see the class's documentation for where. */
    static void kickAll(List<Session> sessions) {
        onWriters(sessions, OutboundQueue::kick);
    }

    /**
     * Runs {@code action} on every session's queue, where the class's documentation says a kick
     * runs: one task per writing thread for all of its sessions, the rest here.
     */
    static void onWriters(List<Session> sessions, Consumer<OutboundQueue> action) {
        Map<Executor, List<Session>> byWriter = null;
        for (Session session : sessions) {
            Executor writer = session.writer();
            if (writer == null) {
                action.accept(session.outbound());
            } else {
                if (byWriter == null) {
                    byWriter = new IdentityHashMap<>();
                }
                byWriter.computeIfAbsent(writer, ignored -> new ArrayList<>()).add(session);
            }
        }
        if (byWriter != null) {
            byWriter.forEach((writer, onIt) -> handTo(writer, () -> {
                for (Session session : onIt) {
                    action.accept(session.outbound());
                }
            }));
        }
    }

    /** Kicks one session's queue on its writing thread, or here if the thread refuses work. */
    static void kickOn(Executor writer, Session session) {
        OutboundQueue queue = session.outbound();
        handTo(writer, queue::kick);
    }

    /**
     * Writes the frame one session's idle queue was claimed for ({@link OutboundQueue#offerOrClaim})
     * on its writing thread, or here if the thread refuses work.
     */
    static void writeClaimedOn(Executor writer, Session session, TextFrame frame) {
        OutboundQueue queue = session.outbound();
        handTo(writer, () -> queue.writeClaimed(frame));
    }

    private static void handTo(Executor writer, Runnable kicks) {
        try {
            writer.execute(kicks);
        } catch (RejectedExecutionException stopped) {
            // The transport is stopping: its connections are closing, and a kick here fails
            // their writes in the usual way.
            kicks.run();
        }
    }
}
