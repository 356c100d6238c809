package io.switchboard.spring.boot;

import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.ConnectionObserver;
import java.util.concurrent.CompletableFuture;

/**
 * Closes, with 1012, every connection admitted once the drain has begun: standalone servers have
 * no hook before the upgrade to refuse them, and on the embedded server a handshake may pass the
 * filter just before the drain starts. The close runs off the manager's callback, which must not
 * re-enter the manager. Thread-safe.
 */
final class DrainGuard implements ConnectionObserver {

    private final Draining draining;
    private volatile WebSocketManager manager;

    DrainGuard(Draining draining) {
        this.draining = draining;
    }

    @Override
    public void onManagerStarted(WebSocketManager started) {
        this.manager = started;
    }

    @Override
    public void onConnected(UserId user, Connection connection) {
        WebSocketManager current = manager;
        if (draining.started() && current != null) {
            CompletableFuture.runAsync(
                    () -> current.disconnect(connection.id(), CloseReason.SERVICE_RESTART));
        }
    }
}
