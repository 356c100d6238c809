package io.switchboard.transport.tck;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One case's running system: a real manager, the transport's server around it, and the clients the
 * case opened. {@link #close()} releases everything: clients first, then the manager, then the
 * server. Used by one test thread.
 */
final class Deployment implements AutoCloseable {

    private final WebSocketManager manager;
    private final TransportSettings settings;
    private final RecordingObserver observer;
    private final RunningServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> clients = new ArrayList<>();

    private Deployment(WebSocketManager manager, TransportSettings settings,
            RecordingObserver observer, RunningServer server) {
        this.manager = manager;
        this.settings = settings;
        this.observer = observer;
        this.server = server;
    }

    /**
     * Builds the manager, starts the transport around it and returns both.
     *
     * @param starter the transport's hook
     * @param setup what to deploy
     * @return the deployment
     * @throws Exception if the server cannot start
     */
    static Deployment start(ServerStarter starter, Setup setup) throws Exception {
        RecordingObserver observer = new RecordingObserver();
        AtomicReference<WebSocketManager> self = new AtomicReference<>();
        WebSocketManager.Builder builder = WebSocketManager.builder()
                .config(setup.managerConfig())
                .ticker(setup.ticker())
                .addObserver(observer);
        setup.observers().forEach(builder::addObserver);
        if (setup.inbound() != null) {
            builder.inboundHandler(message -> setup.inbound().accept(self.get(), message));
        }
        WebSocketManager manager = builder.build();
        self.set(manager);
        TransportSettings settings = setup.transportSettings();
        try {
            RunningServer server = starter.start(manager, settings);
            if (server == null) {
                throw new IllegalStateException("start(..) returned no server");
            }
            return new Deployment(manager, settings, observer, server);
        } catch (Exception | Error e) {
            manager.close();
            throw e;
        }
    }

    WebSocketManager manager() {
        return manager;
    }

    TransportSettings settings() {
        return settings;
    }

    RecordingObserver observer() {
        return observer;
    }

    URI uri() {
        return server.webSocketUri();
    }

    /**
     * A client of this server, not yet connected; closed with the deployment.
     *
     * @return the builder
     */
    WebSocketRecorder.Builder client() {
        return client(uri());
    }

    /**
     * A client of another URI of this server (for example with a query string).
     *
     * @param target the URI
     * @return the builder
     */
    WebSocketRecorder.Builder client(URI target) {
        return WebSocketRecorder.to(target).httpClient(http).onConnect(this::track);
    }

    /**
     * Connects as {@code user} with a bearer token and consumes the welcome frame.
     *
     * @param user the user id
     * @return the connected client, its {@link WebSocketRecorder#connectionId()} known
     */
    WebSocketRecorder connectAs(String user) {
        WebSocketRecorder client = client().bearer(user).connect();
        client.awaitWelcome();
        return client;
    }

    /**
     * Registers a client for closing with the deployment.
     *
     * @param client the client
     * @return the client
     */
    <T extends AutoCloseable> T track(T client) {
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /**
     * Opens a raw TCP client to this server; closed with the deployment.
     *
     * @param receiveBufferBytes its receive buffer, 0 for the default
     * @return the client
     * @throws IOException if it cannot connect
     */
    RawSocketClient raw(int receiveBufferBytes) throws IOException {
        return track(RawSocketClient.open(uri(), receiveBufferBytes));
    }

    @Override
    public void close() {
        List<AutoCloseable> open;
        synchronized (clients) {
            open = List.copyOf(clients);
            clients.clear();
        }
        for (AutoCloseable client : open) {
            try {
                client.close();
            } catch (Exception e) {
                // Best effort: the server and manager below still get closed.
            }
        }
        try {
            manager.close();
        } finally {
            server.close();
        }
    }
}
