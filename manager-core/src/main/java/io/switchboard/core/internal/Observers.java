package io.switchboard.core.internal;

import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.ConnectionObserver;
import io.switchboard.core.spi.LivenessStats;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every observer in order; one observer's failure is logged and affects no other. */
final class Observers {

    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

    private final List<ConnectionObserver> observers;

    Observers(List<ConnectionObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    void connected(UserId user, Connection connection) {
        each(observer -> observer.onConnected(user, connection));
    }

    void disconnected(UserId user, Connection connection, CloseReason reason) {
        each(observer -> observer.onDisconnected(user, connection, reason));
    }

    void managerStarted(WebSocketManager manager) {
        each(observer -> observer.onManagerStarted(manager));
    }

    void managerClosed() {
        each(ConnectionObserver::onManagerClosed);
    }

    Optional<LivenessStats> liveness() {
        for (ConnectionObserver observer : observers) {
            try {
                Optional<LivenessStats> stats = observer.liveness();
                if (stats.isPresent()) {
                    return stats;
                }
            } catch (RuntimeException e) {
                LOG.warn("connection observer {} failed to report liveness",
                        observer.getClass().getName(), e);
            }
        }
        return Optional.empty();
    }

    void pong(Connection connection, ByteBuffer payload) {
        each(observer -> observer.onPong(connection, payload.asReadOnlyBuffer()));
    }

    private void each(Consumer<ConnectionObserver> call) {
        for (ConnectionObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException e) {
                LOG.warn("connection observer {} failed", observer.getClass().getName(), e);
            }
        }
    }
}
