package io.switchboard.transport.tck;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.OriginPolicy;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.UserId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a transport serves to the Autobahn|Testsuite fuzzing client (the {@code -Pautobahn}
 * profile): a real manager with its default limits (the inbound rate limit included) behind the
 * transport, on {@code /}, admitting every connection as a fresh user, with permessage-deflate
 * offered. The fuzzing client expects an echo server; Switchboard answers its own protocol
 * instead, so the cases that wait for an echo cannot pass by design (see the kit's README).
 *
 * <p>A transport's test sources hold a class whose {@code main(String[] {port})} starts its
 * server with {@link #manager()} and {@link #settings(int)} on 127.0.0.1 and that port, and keeps
 * it running until its thread is interrupted ({@link #serveUntilInterrupted}).
 */
public final class AutobahnTarget {

    private AutobahnTarget() {
    }

    /**
     * The manager, with every default.
     *
     * @return a new manager
     */
    public static WebSocketManager manager() {
        return WebSocketManager.builder().build();
    }

    /**
     * The settings: path {@code /}, every connection its own user, the fuzzing client's origin
     * allowed, permessage-deflate offered, the other defaults kept.
     *
     * @param port the port the server listens on (the origin names it)
     * @return the settings
     */
    public static TransportSettings settings(int port) {
        AtomicLong connections = new AtomicLong();
        return TransportSettings.builder(request -> AuthenticationResult.authenticated(
                        UserId.of("autobahn-" + connections.incrementAndGet())))
                .path("/")
                .originPolicy(OriginPolicy.allowOnly("http://127.0.0.1:" + port,
                        "http://localhost:" + port))
                .permessageDeflate(true)
                .build();
    }

    /**
     * Blocks until the calling thread is interrupted (the plugin does that when its run ends),
     * then closes the manager and the server.
     *
     * @param manager the manager
     * @param server the running server
     */
    public static void serveUntilInterrupted(WebSocketManager manager, AutoCloseable server) {
        try {
            synchronized (AutobahnTarget.class) {
                while (true) {
                    AutobahnTarget.class.wait();
                }
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        } finally {
            manager.close();
            try {
                server.close();
            } catch (Exception e) {
                // Shutting down: nothing left to report to.
            }
        }
    }
}
