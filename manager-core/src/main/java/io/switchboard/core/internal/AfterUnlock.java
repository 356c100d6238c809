package io.switchboard.core.internal;

import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.spi.TextFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One pass of stream delivery under a stream's lock: what to do once the lock is released (kick
 * queues, close overflowing connections), so that no transport call or observer runs under it;
 * and the log reads made during the pass, so that several connections behind at the same place
 * cost one read. Not thread-safe: one pass, one thread.
 */
final class AfterUnlock {

    // Made on first use: most passes kick one queue and read nothing. A fan-out kicks each of its
    // sessions once; a session kicked again is kicked twice, which costs a lock and nothing else.
    private List<Session> kick;
    private Session kickOnly;
    // Sessions whose idle queue took claimedFrame's write (OutboundQueue.offerOrClaim): each must
    // be written once run runs, or nothing else ever writes its queue. One frame per pass. Like
    // the kicks, the first alone needs no list: a stream event's pass usually claims one queue.
    private List<Session> claimed;
    private Session claimedOnly;
    private TextFrame claimedFrame;
    private List<Session> overflowed;
    private Map<Read, Replay> reads;
    // Whether one kicked connection is handed to its writing thread too (see forStreamEvent).
    private final boolean handOffSingle;

    private record Read(StreamCursor cursor, long beforeSeq) {
    }

    /** A pass whose single kicked connection is written where the pass runs. */
    AfterUnlock() {
        this(false);
    }

    private AfterUnlock(boolean handOffSingle) {
        this.handOffSingle = handOffSingle;
    }

    /**
     * A pass that delivers a numbered stream event: even a single connection (its kick, or the
     * frame its idle queue was claimed for) is handed to its writing thread, where the write goes
     * straight to the socket. Nothing that follows such a pass on this thread depends on the
     * frame being written already (a close that follows lets queued frames go, or drops them as
     * failed; the client's cursor recovers them), and the emitting thread is spared the
     * transport's cross-thread write (Netty's write task, its size estimate and promise checks),
     * which cost it more than the hand-over.
     */
    static AfterUnlock forStreamEvent() {
        return new AfterUnlock(true);
    }

    void kick(Session session) {
        if (kick != null) {
            if (kick.get(kick.size() - 1) != session) {
                kick.add(session);
            }
        } else if (kickOnly == null || kickOnly == session) {
            kickOnly = session;
        } else {
            kick = new ArrayList<>();
            kick.add(kickOnly);
            kick.add(session);
        }
    }

    /** A session whose queue answered CLAIMED for {@code frame}: run writes it there. */
    void claimed(Session session, TextFrame frame) {
        if (claimedFrame != null && claimedFrame != frame) {
            throw new IllegalStateException("one claimed frame per pass");
        }
        claimedFrame = frame;
        if (claimed != null) {
            claimed.add(session);
        } else if (claimedOnly == null) {
            claimedOnly = session;
        } else {
            claimed = new ArrayList<>();
            claimed.add(claimedOnly);
            claimed.add(session);
        }
    }

    void overflowed(Session session) {
        if (overflowed == null) {
            overflowed = new ArrayList<>(1);
        }
        overflowed.add(session);
    }

    /** A read of this pass for {@code cursor} up to {@code beforeSeq}, or null. */
    Replay read(StreamCursor cursor, long beforeSeq) {
        return reads == null ? null : reads.get(new Read(cursor, beforeSeq));
    }

    void remember(StreamCursor cursor, long beforeSeq, Replay answer) {
        if (reads == null) {
            reads = new HashMap<>();
        }
        reads.put(new Read(cursor, beforeSeq), answer);
    }

    void run(Consumer<Session> onOverflow) {
        if (claimed != null) {
            TextFrame frame = claimedFrame;
            Kicks.onWriters(claimed, queue -> queue.writeClaimed(frame));
        } else if (claimedOnly != null) {
            // Written where a single kicked connection is (see below). Spelled out like it rather
            // than through one helper taking the action: a lambda holding the frame would cost
            // every stream event written here an object (16 bytes per event in EmitPathBenchmark
            // with escape analysis off).
            Executor writer = handOffSingle ? claimedOnly.writer() : null;
            if (writer != null) {
                Kicks.writeClaimedOn(writer, claimedOnly, claimedFrame);
            } else {
                claimedOnly.outbound().writeClaimed(claimedFrame);
            }
        }
        if (kick != null) {
            Kicks.kickAll(kick);
        } else if (kickOnly != null) {
            Executor writer = handOffSingle ? kickOnly.writer() : null;
            if (writer != null) {
                Kicks.kickOn(writer, kickOnly);
            } else {
                // Kicked here: its write starts at once (a transport hands it to its writing
                // thread if need be), and a close that follows on this thread (an error frame,
                // then 1008) finds the frame already written.
                kickOnly.outbound().kick();
            }
        }
        if (overflowed != null) {
            overflowed.forEach(onOverflow);
        }
    }
}
