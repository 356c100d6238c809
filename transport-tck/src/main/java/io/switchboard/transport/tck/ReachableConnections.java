package io.switchboard.transport.tck;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.ConnectionObserver;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts the transport's {@link Connection} objects that are still reachable, the way a heap
 * histogram would: it keeps a weak reference to every connection the manager admitted and, when
 * asked, collects garbage until the count settles. Thread-safe; it never keeps a connection alive
 * itself.
 */
final class ReachableConnections implements ConnectionObserver {

    private final Queue<WeakReference<Connection>> admitted = new ConcurrentLinkedQueue<>();

    @Override
    public void onConnected(UserId user, Connection connection) {
        admitted.add(new WeakReference<>(connection));
    }

    @Override
    public void onDisconnected(UserId user, Connection connection, CloseReason reason) {
        // Nothing to do: the weak reference clears once nothing else holds the connection.
    }

    /**
     * How many connections were ever admitted.
     *
     * @return the count
     */
    int admitted() {
        return admitted.size();
    }

    /**
     * Collects garbage until at most {@code expected} admitted connections are still reachable or
     * {@code within} has passed.
     *
     * @param expected the connections that are legitimately still open
     * @param within the deadline
     * @return how many are still reachable
     */
    long reachableAfterGc(long expected, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            System.gc();
            long reachable = admitted.stream().filter(reference -> reference.get() != null).count();
            if (reachable <= expected || System.nanoTime() - deadline > 0) {
                return reachable;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
