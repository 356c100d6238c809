package io.switchboard.transport.jakarta;

import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.transport.tck.RunningServer;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * Tyrus standalone on Grizzly, set up the way a deployment would set it up: Tyrus's own WebSocket
 * filter on a Grizzly listener bound to 127.0.0.1 (Tyrus's packaged container binds 0.0.0.0),
 * plus {@link GrizzlyHandshakePolicy} and {@link GrizzlyFrameGuard} for what the Jakarta API
 * leaves to the container and Tyrus does not do (RFC 6455's handshake rules, the handshake
 * deadline, the HTTP status of a refused handshake, masking and the frame size limit). The adapter under test is
 * deployed with the standard {@code ServerContainer.addEndpoint}.
 */
final class TyrusTestServer implements RunningServer {

    private final HttpServer http;
    private final ServerContainer container;
    private final ScheduledExecutorService timers;
    private final URI uri;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TyrusTestServer(HttpServer http, ServerContainer container,
            ScheduledExecutorService timers, URI uri) {
        this.http = http;
        this.container = container;
        this.timers = timers;
        this.uri = uri;
    }

    /**
     * Deploys {@code endpoint} and starts listening on a free loopback port.
     *
     * @param endpoint the adapter's configuration
     * @param settings the settings the adapter was configured with: the container's handshake
     *     deadline and the frame guard's limit come from them
     * @return the running server
     * @throws Exception if the server cannot start
     */
    static TyrusTestServer start(ServerEndpointConfig endpoint, TransportSettings settings)
            throws Exception {
        return start(endpoint, settings, 0);
    }

    /**
     * Deploys {@code endpoint} and starts listening on a given loopback port.
     *
     * @param endpoint the adapter's configuration
     * @param settings the settings the adapter was configured with
     * @param port the port; 0 for a free one
     * @return the running server
     * @throws Exception if the server cannot start
     */
    static TyrusTestServer start(ServerEndpointConfig endpoint, TransportSettings settings, int port)
            throws Exception {
        Duration handshakeTimeout = settings.handshakeTimeout();
        EngineContainer container = new EngineContainer();
        container.addEndpoint(endpoint);
        container.start("/", 0);

        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tyrus-test-handshake-deadline");
            thread.setDaemon(true);
            return thread;
        });
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener("switchboard", "127.0.0.1", port);
        // As Tyrus's own container does: Grizzly's idle timeout would also close upgraded sockets.
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
        listener.registerAddOn(webSocketAddOn(container));
        listener.registerAddOn((networkListener, chain) -> chain.add(
                chain.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class) + 1,
                new GrizzlyHandshakePolicy(handshakeTimeout, timers)));
        // After the handshake policy (added at the same index, so it ends up behind it).
        listener.registerAddOn((networkListener, chain) -> chain.add(
                chain.indexOfType(GrizzlyHandshakePolicy.class) + 1,
                new GrizzlyFrameGuard(settings.maxMessageBytes())));
        http.addListener(listener);
        try {
            http.start();
        } catch (RuntimeException | java.io.IOException e) {
            container.stop();
            timers.shutdownNow();
            throw e;
        }
        URI uri = URI.create("ws://127.0.0.1:" + listener.getPort() + endpoint.getPath());
        return new TyrusTestServer(http, container, timers, uri);
    }

    @Override
    public URI webSocketUri() {
        return uri;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.shutdownNow();
        container.stop();
        timers.shutdownNow();
        try {
            timers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Public class, package-private constructor (Tyrus meant it for custom containers: TYRUS-317).
    private static AddOn webSocketAddOn(ServerContainer container) throws ReflectiveOperationException {
        Constructor<WebSocketAddOn> constructor =
                WebSocketAddOn.class.getDeclaredConstructor(ServerContainer.class, String.class);
        constructor.setAccessible(true);
        return constructor.newInstance(container, "/");
    }

    /** Tyrus's WebSocket engine without Tyrus's packaged HTTP server. */
    private static final class EngineContainer extends TyrusServerContainer {
        private final WebSocketEngine engine = TyrusWebSocketEngine.builder(this).build();

        EngineContainer() {
            super((Set<Class<?>>) null);
        }

        @Override
        public void register(Class<?> endpointClass) throws DeploymentException {
            ((TyrusWebSocketEngine) engine).register(endpointClass, "/");
        }

        @Override
        public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
            ((TyrusWebSocketEngine) engine).register(serverEndpointConfig, "/");
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return engine;
        }
    }
}
