package io.switchboard.core.testing;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.ConnectionObserver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one recording {@link ConnectionObserver}: keeps every connection event the manager reports,
 * in the order it reported them, as a line a test can compare ({@code "connected alice"},
 * {@code "pong 42"}, {@code "disconnected alice 4001"}). The manager's own start and close are
 * not recorded. Thread-safe; it observes, it is never a manager.
 */
public final class RecordingObserver implements ConnectionObserver {

    private final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onConnected(UserId user, Connection connection) {
        seen.add("connected " + user);
    }

    @Override
    public void onDisconnected(UserId user, Connection connection, CloseReason reason) {
        seen.add("disconnected " + user + " " + reason.code());
    }

    @Override
    public void onPong(Connection connection, ByteBuffer payload) {
        seen.add("pong " + StandardCharsets.UTF_8.decode(payload.duplicate()));
    }

    /**
     * What was observed so far, in order: {@code connected <user>},
     * {@code disconnected <user> <close code>}, {@code pong <payload as UTF-8>}.
     *
     * @return a snapshot
     */
    public List<String> seen() {
        return List.copyOf(seen);
    }
}
