package io.switchboard.spring.boot;

import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the standalone server, if any, and drains gracefully when the application stops: new
 * connections are refused, then the users' connections are closed with 1012 (reconnect
 * elsewhere) one user at a time, spread evenly over the drain window so that clients do not all
 * reconnect in one instant, then the manager shuts down (anything left gets 1012 too) and
 * flushes, and the standalone server stops. The manager's threads stop when the context destroys
 * the manager bean.
 *
 * <p>It stops before the embedded web server (a higher phase than the server's graceful shutdown
 * and stop), so clients are closed while the server still serves them. The drain runs on a thread
 * of its own; Spring waits for it up to {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
final class SwitchboardLifecycle implements SmartLifecycle {

    /** Before the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and its stop. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardLifecycle.class);

    private final WebSocketManager manager;
    private final Draining draining;
    private final Duration window;
    private final StandaloneServer standalone;
    private final TransportSettings settings;
    private final String host;
    private final int port;
    private volatile boolean running;
    private volatile StandaloneServer.Running server;

    SwitchboardLifecycle(WebSocketManager manager, Draining draining, Duration window,
            StandaloneServer standalone, TransportSettings settings, String host, int port) {
        if (window.isNegative()) {
            throw new IllegalArgumentException(
                    "switchboard.drain.window must not be negative, was " + window);
        }
        this.manager = manager;
        this.draining = draining;
        this.window = window;
        this.standalone = standalone;
        this.settings = settings;
        this.host = host;
        this.port = port;
    }

    @Override
    public void start() {
        if (standalone != null) {
            server = standalone.start(manager, settings, host, port);
        }
        running = true;
    }

    @Override
    public void stop() {
        drain();
    }

    @Override
    public void stop(Runnable callback) {
        Thread drainer = new Thread(() -> {
            try {
                drain();
            } finally {
                callback.run();
            }
        }, "switchboard-drain");
        drainer.setDaemon(true);
        drainer.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The standalone server's bound port, or -1 when the embedded server carries the endpoint. */
    int standalonePort() {
        StandaloneServer.Running current = server;
        return current == null ? -1 : current.port();
    }

    private void drain() {
        draining.start();
        List<UserId> users = new ArrayList<>(manager.stats().connectionsPerUser().keySet());
        Collections.shuffle(users);
        LOG.info("draining {} users' connections over {}", users.size(), window);
        long start = System.nanoTime();
        for (int i = 0; i < users.size(); i++) {
            sleepUntil(start + window.toNanos() * i / users.size());
            manager.disconnectUser(users.get(i), CloseReason.SERVICE_RESTART);
        }
        // Whoever is left (a connection that raced the drain) gets 1012 too. The manager bean's
        // close(), when the context destroys it, stops its threads.
        awaitFlushed(manager.shutdown(CloseReason.SERVICE_RESTART));
        stopServer();
        running = false;
    }

    private void awaitFlushed(CompletableFuture<Void> closed) {
        try {
            closed.get(Math.max(1_000, window.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("connections still flushing after the drain; closing the server anyway");
        } catch (ExecutionException e) {
            LOG.warn("closing connections failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopServer() {
        StandaloneServer.Running current = server;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                LOG.warn("the standalone server did not stop cleanly", e);
            }
        }
    }

    private static void sleepUntil(long deadlineNanos) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
