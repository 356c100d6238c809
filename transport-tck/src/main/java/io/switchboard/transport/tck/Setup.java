package io.switchboard.transport.tck;

import io.switchboard.core.ManagerConfig;
import io.switchboard.core.Ticker;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.Authenticator;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.spi.ConnectionObserver;
import io.switchboard.core.spi.InboundMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What one case deploys: the manager's configuration and the transport's settings, starting from
 * the kit's defaults (the {@link KitAuthenticator}, no stale sweep, a short shutdown grace, the
 * core's defaults otherwise). Not thread-safe; a case builds it on its own thread.
 */
final class Setup {

    private final List<Consumer<ManagerConfig.Builder>> config = new ArrayList<>();
    private final List<Consumer<TransportSettings.Builder>> settings = new ArrayList<>();
    private Ticker ticker = Ticker.system();
    private Authenticator authenticator = new KitAuthenticator();
    private BiConsumer<WebSocketManager, InboundMessage> inbound;
    private final List<ConnectionObserver> observers = new ArrayList<>();

    private Setup() {
    }

    /**
     * The kit's defaults.
     *
     * @return a new setup
     */
    static Setup defaults() {
        return new Setup();
    }

    /**
     * Changes the manager's configuration.
     *
     * @param change applied after the kit's defaults
     * @return this setup
     */
    Setup config(Consumer<ManagerConfig.Builder> change) {
        config.add(Objects.requireNonNull(change, "change"));
        return this;
    }

    /**
     * Changes the transport's settings.
     *
     * @param change applied after the kit's defaults
     * @return this setup
     */
    Setup settings(Consumer<TransportSettings.Builder> change) {
        settings.add(Objects.requireNonNull(change, "change"));
        return this;
    }

    /**
     * Replaces the {@link KitAuthenticator}.
     *
     * @param value the authenticator
     * @return this setup
     */
    Setup authenticator(Authenticator value) {
        this.authenticator = Objects.requireNonNull(value, "authenticator");
        return this;
    }

    /**
     * Gives the manager a ticker the case controls.
     *
     * @param value the ticker
     * @return this setup
     */
    Setup ticker(Ticker value) {
        this.ticker = Objects.requireNonNull(value, "ticker");
        return this;
    }

    /**
     * Installs an application handler for clients' {@code message} frames; it gets the manager so
     * it can answer.
     *
     * @param handler the handler
     * @return this setup
     */
    Setup inbound(BiConsumer<WebSocketManager, InboundMessage> handler) {
        this.inbound = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Adds a lifecycle observer to the manager (for example a heartbeat monitor).
     *
     * @param observer the observer
     * @return this setup
     */
    Setup observer(ConnectionObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
        return this;
    }

    List<ConnectionObserver> observers() {
        return List.copyOf(observers);
    }

    ManagerConfig managerConfig() {
        ManagerConfig.Builder builder = ManagerConfig.builder()
                // Cases that test staleness call closeStaleConnections() themselves.
                .staleSweepInterval(Duration.ZERO)
                .shutdownGracePeriod(Duration.ofSeconds(1));
        config.forEach(change -> change.accept(builder));
        return builder.build();
    }

    TransportSettings transportSettings() {
        TransportSettings.Builder builder = TransportSettings.builder(authenticator)
                .handshakeTimeout(Duration.ofSeconds(5));
        settings.forEach(change -> change.accept(builder));
        return builder.build();
    }

    Ticker ticker() {
        return ticker;
    }

    BiConsumer<WebSocketManager, InboundMessage> inbound() {
        return inbound;
    }
}
