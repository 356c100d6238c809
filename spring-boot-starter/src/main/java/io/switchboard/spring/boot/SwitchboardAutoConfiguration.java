package io.switchboard.spring.boot;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.control.RunControl;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.spi.ConnectionObserver;
import io.switchboard.core.spi.EventTracing;
import io.switchboard.core.spi.InboundMessageHandler;
import io.switchboard.heartbeat.HeartbeatMonitor;
import io.switchboard.metrics.micrometer.SwitchboardMetrics;
import io.switchboard.spring.boot.SwitchboardProperties.TransportType;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Switchboard on Spring Boot 4.0: the one {@link WebSocketManager} from {@code switchboard.*},
 * served on the embedded servlet container through the Jakarta adapter (or on a standalone
 * Undertow or Netty port), with the heartbeat, Redis clustering when {@code switchboard.redis.url}
 * is set, a health indicator, Micrometer meters, and a graceful drain on shutdown.
 *
 * <p>The application contributes beans the manager picks up: a {@link SwitchboardAuthenticator}
 * (default: the request's authenticated principal), an {@link InboundMessageHandler}, a
 * {@link RunControl}, an {@link EventTracing} (such as the OpenTelemetry module's), and any
 * {@link ConnectionObserver}. Defining its own
 * {@link WebSocketManager} bean turns the manager's auto-configuration off.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "switchboard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SwitchboardProperties.class)
public class SwitchboardAutoConfiguration {

    @Bean
    Draining switchboardDraining() {
        return new Draining();
    }

    @Bean
    DrainGuard switchboardDrainGuard(Draining draining) {
        return new DrainGuard(draining);
    }

    @Bean
    @ConditionalOnMissingBean
    SwitchboardAuthenticator switchboardAuthenticator() {
        return SwitchboardAuthenticator.principalName();
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "switchboard.heartbeat.enabled", matchIfMissing = true)
    HeartbeatMonitor switchboardHeartbeat(SwitchboardProperties properties) {
        return HeartbeatMonitor.create(Settings.heartbeat(properties.getHeartbeat()));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    WebSocketManager switchboardManager(SwitchboardProperties properties,
            ObjectProvider<ClusterPort> cluster, ObjectProvider<ReplayLog> replayLog,
            ObjectProvider<InboundMessageHandler> inbound, ObjectProvider<RunControl> runControl,
            ObjectProvider<ConnectionObserver> observers, ObjectProvider<EventTracing> tracing) {
        WebSocketManager.Builder builder = WebSocketManager.builder()
                .config(Settings.manager(properties.getManager()));
        cluster.ifAvailable(builder::cluster);
        replayLog.ifAvailable(builder::replayLog);
        inbound.ifAvailable(builder::inboundHandler);
        runControl.ifAvailable(builder::runControl);
        tracing.ifAvailable(builder::tracing);
        observers.orderedStream().forEach(builder::addObserver);
        return builder.build();
    }

    @Bean
    SwitchboardLifecycle switchboardLifecycle(WebSocketManager manager, Draining draining,
            SwitchboardProperties properties, SwitchboardAuthenticator authenticator,
            ObjectProvider<StandaloneServer> standalone) {
        SwitchboardProperties.Transport transport = properties.getTransport();
        StandaloneServer server = standalone.getIfAvailable();
        if (server == null && transport.getType() != TransportType.SERVLET) {
            throw new IllegalStateException("switchboard.transport.type is "
                    + transport.getType() + " but io.switchboard:transport-"
                    + transport.getType().name().toLowerCase(Locale.ROOT)
                    + " is not on the class path");
        }
        TransportSettings settings = server == null ? null : Settings.transport(transport,
                request -> authenticator.authenticate(request, Optional.empty()));
        return new SwitchboardLifecycle(manager, draining, properties.getDrain().getWindow(),
                server, settings, transport.getHost(), transport.getPort());
    }

    /** The endpoint on the embedded servlet container's WebSocket container. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.websocket.server.ServerContainer")
    @ConditionalOnProperty(name = "switchboard.transport.type", havingValue = "servlet",
            matchIfMissing = true)
    static class ServletTransportConfiguration {

        @Bean
        PendingAuthentication switchboardPendingAuthentication() {
            return new PendingAuthentication();
        }

        @Bean(destroyMethod = "shutdown")
        ExecutorService switchboardBlockingCalls() {
            return Executors.newCachedThreadPool(daemonThreads("switchboard-jakarta-"));
        }

        @Bean
        ServletEndpoint switchboardServletEndpoint(WebSocketManager manager,
                SwitchboardProperties properties, PendingAuthentication pending,
                ExecutorService switchboardBlockingCalls) {
            return new ServletEndpoint(manager,
                    Settings.transport(properties.getTransport(), pending),
                    switchboardBlockingCalls);
        }

        @Bean
        FilterRegistrationBean<UpgradeFilter> switchboardUpgradeFilter(
                SwitchboardProperties properties, SwitchboardAuthenticator authenticator,
                PendingAuthentication pending, Draining draining) {
            FilterRegistrationBean<UpgradeFilter> registration = new FilterRegistrationBean<>(
                    new UpgradeFilter(authenticator, Settings.origins(properties.getTransport()),
                            pending, draining));
            registration.addUrlPatterns(properties.getTransport().getPath());
            registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
            // After the application's filters, Spring Security's included, so the principal is set.
            registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
            registration.setName("switchboardUpgradeFilter");
            return registration;
        }
    }

    /** A standalone Undertow server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.switchboard.transport.undertow.SwitchboardUndertow")
    @ConditionalOnProperty(name = "switchboard.transport.type", havingValue = "undertow")
    static class UndertowTransportConfiguration {

        @Bean
        StandaloneServer switchboardUndertow() {
            return new UndertowServer();
        }
    }

    /** A standalone Netty server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.switchboard.transport.netty.NettyWebSocketServer")
    @ConditionalOnProperty(name = "switchboard.transport.type", havingValue = "netty")
    static class NettyTransportConfiguration {

        @Bean
        StandaloneServer switchboardNetty() {
            return new NettyServer();
        }
    }

    /** Clustering on Redis, when a URL is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "switchboard.redis.url")
    static class RedisConfiguration {

        // The port brings its shared replay log: the manager uses it, and no other.
        @Bean(destroyMethod = "")
        ClusterPort switchboardCluster(SwitchboardProperties properties) {
            return RedisClusters.create(properties);
        }
    }

    /** The health indicator, when Spring Boot's health support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        @Bean
        HealthIndicator switchboardHealthIndicator(WebSocketManager manager, Draining draining) {
            return new SwitchboardHealthIndicator(manager, draining);
        }
    }

    /** The meters, when the application has Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    @ConditionalOnBooleanProperty(name = "switchboard.metrics.enabled", matchIfMissing = true)
    static class MetricsConfiguration {

        @Bean
        SwitchboardMetrics switchboardMetrics(WebSocketManager manager,
                SwitchboardProperties properties) {
            return SwitchboardMetrics.builder(manager)
                    .snapshotMaxAge(properties.getMetrics().getSnapshotMaxAge()).build();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
