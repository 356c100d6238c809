package io.switchboard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.HandshakeRequest;
import io.switchboard.core.id.UserId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves the demo's page, its sign-in, and the stats dashboard's JSON on the JDK's built-in HTTP
 * server, so that the page is the same whichever transport serves the WebSocket. The page's
 * client, {@code @switchboard/client}, comes from the client module's jar on the class path, as a
 * Java application would serve it: no CDN, no copy.
 */
final class PageServer implements AutoCloseable {

    private static final Map<String, String> STATIC = Map.of(
            "/", "/web/index.html", "/index.html", "/web/index.html", "/app.js", "/web/app.js",
            "/app.css", "/web/app.css",
            "/switchboard-client.js", "/META-INF/resources/switchboard/switchboard-client.js",
            "/switchboard-client.js.map", "/META-INF/resources/switchboard/switchboard-client.js.map");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "map", "application/json");

    private final HttpServer http;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "demo-page");
        thread.setDaemon(true);
        return thread;
    });
    private final SessionCookies cookies;
    private final WebSocketManager manager;
    private final StatsJson stats = new StatsJson();
    private final ObjectMapper json = new ObjectMapper();
    private final Supplier<URI> webSocketUri;
    private final DemoInfo info;
    private final Optional<Supplier<String>> metrics;

    private PageServer(HttpServer http, SessionCookies cookies, WebSocketManager manager,
            DemoInfo info, Supplier<URI> webSocketUri, Optional<Supplier<String>> metrics) {
        this.http = http;
        this.metrics = metrics;
        this.cookies = cookies;
        this.manager = manager;
        this.info = info;
        this.webSocketUri = webSocketUri;
        http.createContext("/", this::handle);
        http.setExecutor(workers);
        http.start();
    }

    /**
     * Starts serving the page.
     *
     * @throws PortInUseException if the address is taken
     */
    static PageServer start(InetSocketAddress address, SessionCookies cookies,
            WebSocketManager manager, DemoInfo info, Supplier<URI> webSocketUri,
            Optional<Supplier<String>> metrics) throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(address, 64);
        } catch (BindException e) {
            throw new PortInUseException(address.getPort(), "the page", e);
        }
        return new PageServer(http, cookies, manager, info, webSocketUri, metrics);
    }

    int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && STATIC.containsKey(path)) {
                serveStatic(exchange, STATIC.get(path));
            } else if ("POST".equals(method) && "/api/login".equals(path)) {
                login(exchange);
            } else if ("POST".equals(method) && "/api/logout".equals(path)) {
                exchange.getResponseHeaders().add("Set-Cookie",
                        SessionCookies.NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
                send(exchange, 200, "application/json", "{}");
            } else if ("GET".equals(method) && "/api/me".equals(path)) {
                me(exchange);
            } else if ("GET".equals(method) && "/api/stats".equals(path)) {
                if (signedInUser(exchange).isEmpty()) {
                    send(exchange, 401, "application/json", "{\"error\":\"not signed in\"}");
                } else {
                    send(exchange, 200, "application/json", stats.render(manager.stats(), info));
                }
            } else if ("GET".equals(method) && "/metrics".equals(path) && metrics.isPresent()) {
                // Prometheus scrapes without a session: served only when the demo was asked to.
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get().get());
            } else {
                send(exchange, 404, "text/plain", "not found");
            }
        }
    }

    private void serveStatic(HttpExchange exchange, String resource) throws IOException {
        try (InputStream in = PageServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                send(exchange, 404, "text/plain", "not found");
                return;
            }
            String type = TYPES.get(resource.substring(resource.lastIndexOf('.') + 1));
            send(exchange, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void login(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readNBytes(4096), StandardCharsets.UTF_8);
        String name = "";
        for (String pair : body.split("&")) {
            if (pair.startsWith("name=")) {
                name = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8).trim();
            }
        }
        UserId user;
        try {
            user = UserId.of(name);
        } catch (IllegalArgumentException e) {
            send(exchange, 400, "application/json",
                    "{\"error\":\"use 1 to 128 letters, digits or . _ : @ / -\"}");
            return;
        }
        exchange.getResponseHeaders().add("Set-Cookie", SessionCookies.NAME + "="
                + cookies.issue(user) + "; Path=/; HttpOnly; SameSite=Lax");
        send(exchange, 200, "application/json", json.writeValueAsString(Map.of("user", user.value())));
    }

    private void me(HttpExchange exchange) throws IOException {
        Optional<UserId> user = signedInUser(exchange);
        if (user.isEmpty()) {
            send(exchange, 401, "application/json", "{\"error\":\"not signed in\"}");
            return;
        }
        send(exchange, 200, "application/json", json.writeValueAsString(Map.of(
                "user", user.get().value(), "ws", webSocketUri.get().toString(),
                "instance", info.instance().orElse(""))));
    }

    private Optional<UserId> signedInUser(HttpExchange exchange) {
        HandshakeRequest request = HandshakeRequest.of(exchange.getRequestURI(),
                Map.of("Cookie", exchange.getRequestHeaders().getOrDefault("Cookie", List.of())), null);
        return request.cookie(SessionCookies.NAME).flatMap(cookies::verify);
    }

    private static void send(HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
