package io.switchboard.core.internal;

import java.lang.ref.WeakReference;
import java.util.List;

/**
 * One emitter's last answer to "which of this instance's sessions follow my stream", kept while
 * the registry's {@linkplain ConnectionRegistry#changes() change count} stays what it was when the
 * answer was read. An emitter's events are far apart among thousands of streams, and looking the
 * answer up again per event (the user's entry in the registry's map, its key and the ids of every
 * session's subscriptions, compared by their bytes) read several lines the processor no longer
 * had cached; this is two small objects and the list they point to.
 *
 * <p>Why the count is enough: every change that can alter the answer counts, and counts before
 * an event of the stream can see it. Admissions and removals count as the registry's update
 * returns, before the new session can subscribe; the user stream admits under its lock.
 * A thread is subscribed to, or unsubscribed from, under its stream's lock, and counts there; the
 * lookups here happen under that lock too. An answer read while the count moved is kept with the
 * count from before, so the next event reads again.
 *
 * <p>The answer is held weakly: an emitter that sends nothing more (its run over, the application
 * still holding it) must not keep closed connections reachable. The registry holds a user's
 * current list strongly, so while the answer is current it stays; once the registry replaces the
 * list the collector may clear it, and the next event, if any, reads again.
 *
 * <p>Not thread-safe: read and written under the emitter's stream's lock only.
 */
final class Followers {

    private Remembered last;

    /** The remembered answer if the registry's count is still {@code changes}, else null. */
    List<Session> at(long changes) {
        Remembered remembered = last;
        return remembered != null && remembered.changes == changes ? remembered.get() : null;
    }

    /** Remembers {@code sessions}, looked up when the registry's count was {@code changes}. */
    void remember(long changes, List<Session> sessions) {
        last = new Remembered(changes, sessions);
    }

    // The count and the answer in one object: one read per event, not two.
    private static final class Remembered extends WeakReference<List<Session>> {
        private final long changes;

        Remembered(long changes, List<Session> sessions) {
            super(sessions);
            this.changes = changes;
        }
    }
}
