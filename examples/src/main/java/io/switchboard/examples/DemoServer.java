package io.switchboard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.OriginPolicy;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.spi.InboundMessage;
import io.switchboard.core.spi.InboundRejection;
import io.switchboard.heartbeat.HeartbeatConfig;
import io.switchboard.heartbeat.HeartbeatMonitor;
import io.switchboard.scaling.redis.RedisCluster;
import io.switchboard.scaling.redis.RedisClusterConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The agent-chat demo: one manager with the in-memory defaults and the heartbeat, a WebSocket
 * transport, a page to chat with a simulated agent, and a stats dashboard. Run it with
 * {@code mvn -pl examples -am -DskipTests package exec:java} and open the URL it prints.
 *
 * <p>Thread-safe once started; {@link #close()} may be called from any thread, once.
 */
public final class DemoServer implements AutoCloseable {

    private static final int MAX_TABS_PER_USER = 5;

    private final WebSocketManager manager;
    private final SimulatedAgent agent;
    private final WebSocketEndpoint webSocket;
    private final PageServer page;
    private final String host;

    private DemoServer(WebSocketManager manager, SimulatedAgent agent, WebSocketEndpoint webSocket,
            PageServer page, String host) {
        this.manager = manager;
        this.agent = agent;
        this.webSocket = webSocket;
        this.page = page;
        this.host = host;
    }

    /**
     * Starts the demo.
     *
     * @param options where and on which transport
     * @param agentStep the pause between two steps of a simulated run
     * @return the running demo
     * @throws Exception if a server cannot start
     */
    public static DemoServer start(DemoOptions options, Duration agentStep) throws Exception {
        SessionCookies cookies = options.sessionSecret().map(SessionCookies::new)
                .orElseGet(SessionCookies::new);
        AgentHolder holder = new AgentHolder();
        WebSocketManager.Builder builder = WebSocketManager.builder()
                .config(ManagerConfig.builder().maxConnections(1000)
                        .maxConnectionsPerUser(MAX_TABS_PER_USER).build())
                .addObserver(HeartbeatMonitor.create(HeartbeatConfig.development().build()))
                .inboundHandler(holder::onMessage);
        // With Redis, instances share users, threads and the replay log; without, all in memory.
        options.redisUri().ifPresent(uri -> {
            RedisCluster cluster = RedisCluster.create(RedisClusterConfig.builder().redisUri(uri)
                    .maxConnectionsPerUser(MAX_TABS_PER_USER).build());
            builder.cluster(cluster);
        });
        WebSocketManager manager = builder.build();
        SimulatedAgent agent = new SimulatedAgent(manager, agentStep);
        holder.agent = agent;
        int pagePort = options.port();
        WebSocketEndpoint[] webSocket = new WebSocketEndpoint[1];
        PageServer page = new PageServer(new InetSocketAddress(options.host(), pagePort), cookies,
                manager, () -> URI.create("ws://" + options.host() + ":" + webSocket[0].port() + "/ws"));
        try {
            TransportSettings settings = TransportSettings.builder(request -> request
                            .cookie(SessionCookies.NAME).flatMap(cookies::verify)
                            .map(AuthenticationResult::authenticated)
                            .orElse(AuthenticationResult.unauthorized("sign in first")))
                    .originPolicy(OriginPolicy.allowOnly("http://localhost:" + page.port(),
                            "http://127.0.0.1:" + page.port()))
                    .build();
            webSocket[0] = WebSocketEndpoint.start(options.transport(), manager, settings,
                    options.host(), options.port() == 0 ? 0 : options.port() + 1);
        } catch (Exception e) {
            page.close();
            agent.close();
            manager.close();
            throw e;
        }
        return new DemoServer(manager, agent, webSocket[0], page, options.host());
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
     *     --redis=redis://127.0.0.1:6379 --session-secret=...}
     * @throws Exception if the demo cannot start
     */
    public static void main(String[] args) throws Exception {
        DemoOptions options = DemoOptions.parse(args);
        DemoServer demo = start(options, Duration.ofMillis(700));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                demo.close();
            } catch (Exception e) {
                System.err.println("demo did not stop cleanly: " + e);
            }
            stopped.countDown();
        }, "demo-shutdown"));
        System.out.println("Switchboard demo on " + options.transport().name().toLowerCase()
                + ": open " + demo.pageUri() + "   (Ctrl-C stops it)");
        stopped.await();
    }

    /** Hands client messages to the agent, which exists only once the manager does. */
    private static final class AgentHolder {
        private final ObjectMapper json = new ObjectMapper();
        private volatile SimulatedAgent agent;

        void onMessage(InboundMessage message) {
            ThreadId thread = message.thread()
                    .orElseThrow(() -> new InboundRejection("thread_required", "name a thread_id"));
            String text;
            try {
                JsonNode payload = json.readTree(message.payloadJson());
                text = payload.path("text").asText("");
            } catch (IOException e) {
                throw new InboundRejection("invalid_payload", "payload must be {\"text\": ...}");
            }
            if (text.isBlank()) {
                throw new InboundRejection("invalid_payload", "payload must be {\"text\": ...}");
            }
            agent.answer(message.user(), thread, text);
        }
    }
}
