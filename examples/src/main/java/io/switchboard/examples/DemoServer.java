package io.switchboard.examples;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.OriginPolicy;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.heartbeat.HeartbeatConfig;
import io.switchboard.heartbeat.HeartbeatMonitor;
import io.switchboard.metrics.micrometer.SwitchboardMetrics;
import io.switchboard.scaling.redis.RedisCluster;
import io.switchboard.scaling.redis.RedisClusterConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * The agent-chat demo: one manager with the heartbeat, a WebSocket transport, a page built on
 * {@code @switchboard/client} to chat with a simulated agent that streams its answers, and a
 * stats dashboard. Run it with {@code mvn -pl examples -am -DskipTests package exec:java} and
 * open the URL it prints.
 *
 * <p>Thread-safe once started; {@link #close()} may be called from any thread, once.
 */
public final class DemoServer implements AutoCloseable {

    private final WebSocketManager manager;
    private final ChatAgent agent;
    private final WebSocketEndpoint webSocket;
    private final PageServer page;
    private final String host;

    private DemoServer(WebSocketManager manager, ChatAgent agent, WebSocketEndpoint webSocket,
            PageServer page, String host) {
        this.manager = manager;
        this.agent = agent;
        this.webSocket = webSocket;
        this.page = page;
        this.host = host;
    }

    /**
     * Starts the demo with an agent whose steps are {@code agentStep} apart and whose tokens come
     * 25 times as fast.
     *
     * @param options where, on which transport, with which limits
     * @param agentStep the pause between two steps of a simulated run
     * @return the running demo
     * @throws PortInUseException if the page's or the WebSocket's port is taken
     * @throws Exception if a server cannot start for another reason
     */
    public static DemoServer start(DemoOptions options, Duration agentStep) throws Exception {
        return start(options, AgentPace.steps(agentStep));
    }

    /**
     * Starts the demo.
     *
     * @param options where, on which transport, with which limits
     * @param pace how fast the simulated agent works
     * @return the running demo
     * @throws PortInUseException if the page's or the WebSocket's port is taken
     * @throws Exception if a server cannot start for another reason
     */
    public static DemoServer start(DemoOptions options, AgentPace pace) throws Exception {
        SessionCookies cookies = options.sessionSecret().map(SessionCookies::new)
                .orElseGet(SessionCookies::new);
        ChatInbound inbound = new ChatInbound();
        WebSocketManager.Builder builder = WebSocketManager.builder()
                .config(ManagerConfig.builder().maxConnections(options.maxConnections())
                        .maxConnectionsPerUser(options.maxTabsPerUser()).build())
                .addObserver(HeartbeatMonitor.create(HeartbeatConfig.development()))
                .inboundHandler(inbound);
        // With Redis, instances share users, threads and the replay log; without, all in memory.
        Optional<String> instance = options.redisUri().map(uri -> {
            String id = "demo-" + (options.port() == 0
                    ? UUID.randomUUID().toString().substring(0, 8) : String.valueOf(options.port()));
            RedisCluster cluster = RedisCluster.create(RedisClusterConfig.builder().redisUri(uri)
                    .instanceId(id).maxConnectionsPerUser(options.maxTabsPerUser()).build());
            // The port brings its shared replay log: nothing else to wire.
            builder.cluster(cluster);
            return id;
        });
        WebSocketManager manager = builder.build();
        ChatAgent agent = options.agent() == DemoOptions.Agent.LANGCHAIN4J
                ? new LangChain4jAgent(manager, pace) : new SimulatedAgent(manager, pace);
        Optional<PrometheusMeterRegistry> metrics = Optional.of(options.metrics())
                .filter(Boolean::booleanValue).map(on -> {
                    PrometheusMeterRegistry registry =
                            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                    SwitchboardMetrics.of(manager).bindTo(registry);
                    return registry;
                });
        inbound.answerWith(manager, agent);
        PageServer page = null;
        try {
            WebSocketEndpoint[] webSocket = new WebSocketEndpoint[1];
            DemoInfo info = new DemoInfo(options.transport().name().toLowerCase(Locale.ROOT),
                    options.maxTabsPerUser(), options.maxConnections(), instance);
            page = PageServer.start(new InetSocketAddress(options.host(), options.port()), cookies,
                    manager, info, () -> URI.create("ws://" + options.host() + ":"
                            + webSocket[0].port() + "/ws"),
                    metrics.map(registry -> registry::scrape));
            TransportSettings settings = TransportSettings.builder(request -> request
                            .cookie(SessionCookies.NAME).flatMap(cookies::verify)
                            .map(AuthenticationResult::authenticated)
                            .orElse(AuthenticationResult.unauthorized("sign in first")))
                    .originPolicy(OriginPolicy.allowOnly("http://localhost:" + page.port(),
                            "http://127.0.0.1:" + page.port()))
                    .build();
            webSocket[0] = WebSocketEndpoint.start(options.transport(), manager, settings,
                    options.host(), options.port() == 0 ? 0 : options.port() + 1);
            return new DemoServer(manager, agent, webSocket[0], page, options.host());
        } catch (Exception | Error e) {
            if (page != null) {
                page.close();
            }
            agent.close();
            manager.close();
            throw e;
        }
    }

    /**
     * Where the page is served.
     *
     * @return for example {@code http://localhost:8080/}
     */
    public URI pageUri() {
        return URI.create("http://" + host + ":" + page.port() + "/");
    }

    /**
     * Where the WebSocket is served.
     *
     * @return for example {@code ws://localhost:8081/ws}
     */
    public URI webSocketUri() {
        return URI.create("ws://" + host + ":" + webSocket.port() + "/ws");
    }

    /**
     * The manager, for tests and dashboards.
     *
     * @return the manager
     */
    public WebSocketManager manager() {
        return manager;
    }

    @Override
    public void close() {
        page.close();
        agent.close();
        manager.close();
        webSocket.close();
    }

    /**
     * Runs the demo until Ctrl-C.
     *
     * @param args {@code --port=8080 --transport=undertow|netty|jakarta --host=localhost
     *     --max-tabs-per-user=5 --max-connections=1000 --redis=redis://127.0.0.1:6379
     *     --session-secret=... --agent=simulated|langchain4j --metrics}
     * @throws Exception if the demo cannot start
     */
    public static void main(String[] args) throws Exception {
        DemoServer demo;
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
            demo = start(options, AgentPace.HUMAN);
        } catch (IllegalArgumentException | PortInUseException e) {
            // A clear sentence, not a stack trace: these are the user's to fix.
            System.err.println("The demo did not start: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                demo.close();
            } catch (Exception e) {
                System.err.println("demo did not stop cleanly: " + e);
            }
            stopped.countDown();
        }, "demo-shutdown"));
        System.out.println("Switchboard demo on " + options.transport().name().toLowerCase(Locale.ROOT)
                + ": open " + demo.pageUri() + "   (Ctrl-C stops it)");
        if (options.agent() == DemoOptions.Agent.LANGCHAIN4J) {
            System.out.println("Agent: the script played by a LangChain4j model, through the bridge");
        }
        if (options.metrics()) {
            System.out.println("Prometheus metrics: " + demo.pageUri().resolve("/metrics"));
        }
        System.out.println("Limits: " + options.maxTabsPerUser() + " tabs per user, "
                + options.maxConnections() + " connections in all (the library's defaults are 3 and "
                + "100; change them with --max-tabs-per-user= and --max-connections=)");
        stopped.await();
    }
}
