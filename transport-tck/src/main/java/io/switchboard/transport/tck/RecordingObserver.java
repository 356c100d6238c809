package io.switchboard.transport.tck;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.ConnectionObserver;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ConnectionObserver} that records what the manager saw: the transport's open
 * {@link Connection} objects (so a case can call the SPI directly, for example
 * {@code sendPing}), every removal with its reason, and every pong. It lets go of a connection when
 * the manager removes it, so that the kit can check that nothing keeps closed connections
 * reachable. Thread-safe: the manager calls it on transport threads while the test thread reads it.
 */
final class RecordingObserver implements ConnectionObserver {

    /**
     * A removal the manager reported.
     *
     * @param user whose connection it was
     * @param connection the connection's id
     * @param reason why it was removed
     */
    record Removal(UserId user, ConnectionId connection, CloseReason reason) {
    }

    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final BlockingQueue<Removal> removals = new LinkedBlockingQueue<>();
    private final List<Removal> allRemovals = new CopyOnWriteArrayList<>();
    private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    @Override
    public void onConnected(UserId user, Connection connection) {
        byId.put(connection.id().value(), connection);
        note("connected " + connection.id() + " of " + user);
    }

    @Override
    public void onDisconnected(UserId user, Connection connection, CloseReason reason) {
        byId.remove(connection.id().value(), connection);
        Removal removal = new Removal(user, connection.id(), reason);
        allRemovals.add(removal);
        removals.add(removal);
        note("removed " + connection.id() + " of " + user + " with " + reason.code());
    }

    @Override
    public void onPong(Connection connection, ByteBuffer payload) {
        byte[] copy = new byte[payload.remaining()];
        payload.duplicate().get(copy);
        pongs.add(copy);
        note("pong on " + connection.id());
    }

    /**
     * The transport's open connection with this id, as the manager admitted it.
     *
     * @param connectionId the id from the welcome frame
     * @return the connection
     */
    Connection connection(String connectionId) {
        Connection connection = byId.get(connectionId);
        if (connection == null) {
            throw new AssertionError("the manager holds no connection " + connectionId
                    + "; observed: " + seen());
        }
        return connection;
    }

    /**
     * The removal of {@code user}'s connection, if the manager reported one yet. Does not wait.
     *
     * @param user the user
     * @return the first removal of one of the user's connections
     */
    Optional<Removal> removalOf(String user) {
        return allRemovals.stream().filter(removal -> removal.user().value().equals(user))
                .findFirst();
    }

    /**
     * Waits for the next removal.
     *
     * @param within the deadline
     * @return the removal
     */
    Removal nextRemoval(Duration within) {
        return poll(removals, "a removal", within);
    }

    /**
     * Waits for the next pong the manager reported.
     *
     * @param within the deadline
     * @return the pong's payload
     */
    byte[] nextPong(Duration within) {
        return poll(pongs, "a pong reported to the manager", within);
    }

    private <T> T poll(BlockingQueue<T> queue, String what, Duration within) {
        try {
            T item = queue.poll(within.toNanos(), TimeUnit.NANOSECONDS);
            if (item == null) {
                throw new AssertionError("expected " + what + " within " + within
                        + "; observed: " + seen());
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    private void note(String event) {
        synchronized (seen) {
            seen.add(event);
        }
    }

    private List<String> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }
}
