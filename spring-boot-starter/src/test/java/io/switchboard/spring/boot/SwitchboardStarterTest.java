package io.switchboard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.spring.boot.app.CountingTracing;
import io.switchboard.spring.boot.app.TestApplication;
import io.switchboard.transport.tck.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The starter in a running application: Spring Boot on embedded Tomcat at a random port, Spring
 * Security in front, real WebSocket clients ({@code java.net.http.WebSocket}).
 */
@SpringBootTest(classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "switchboard.transport.path=/agent",
            "switchboard.manager.max-connections-per-user=2",
            "switchboard.metrics.snapshot-max-age=0s",
            "management.endpoints.web.exposure.include=health,prometheus",
            "management.endpoint.health.show-components=always",
            "management.endpoint.health.show-details=always"
        })
@DisplayName("The Spring Boot starter")
class SwitchboardStarterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    WebSocketManager manager;

    @Autowired
    CountingTracing tracing;

    private final List<WebSocketRecorder> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void closeClients() {
        clients.forEach(WebSocketRecorder::close);
    }

    @Test
    @DisplayName("a user Spring Security authenticated gets the welcome frame")
    void welcome() {
        WebSocketRecorder alice = connect("alice", "alice-secret");
        assertThat(alice.connectionId()).isNotBlank();
    }

    @Test
    @DisplayName("a client's message starts a run whose events it receives in order, traced by the application's EventTracing")
    void runEvents() {
        int emittedBefore = tracing.emitted();
        WebSocketRecorder alice = connect("alice", "alice-secret");
        alice.send("{\"type\":\"subscribe\",\"thread_id\":\"t-1\"}");
        alice.nextFrame("subscribed");
        alice.send("{\"type\":\"message\",\"thread_id\":\"t-1\",\"payload\":{\"prompt\":\"hi\"}}");

        List<String> types = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        JsonNode frame;
        do {
            frame = alice.nextFrame();
            types.add(frame.path("type").asText());
            text.append(frame.path("payload").path("delta").asText());
        } while (!"agent_completed".equals(frame.path("type").asText()));

        assertThat(types.get(0)).isEqualTo("agent_started");
        assertThat(types).containsSubsequence("agent_started", "message_started",
                "message_delta", "message_completed", "agent_completed");
        assertThat(text).hasToString("Hello, alice");
        assertThat(frame.path("payload").path("answer").asText()).isEqualTo("Hello, alice");
        // The application's EventTracing bean follows every event of the run.
        assertThat(tracing.emitted() - emittedBefore).isGreaterThanOrEqualTo(types.size());
    }

    @Test
    @DisplayName("an upgrade without credentials, or with a wrong password, is refused with 401")
    void unauthorized() {
        assertThat(WebSocketRecorder.to(endpoint()).connectExpectingRejection()).isEqualTo(401);
        assertThat(WebSocketRecorder.to(endpoint()).header("Authorization", basic("alice", "nope"))
                .connectExpectingRejection()).isEqualTo(401);
        assertThat(manager.stats().refusals()).isEmpty();
    }

    @Test
    @DisplayName("switchboard.* properties are applied: the path and the per-user limit")
    void propertiesApplied() {
        WebSocketRecorder first = connect("bob", "bob-secret");
        connect("bob", "bob-secret");
        connect("bob", "bob-secret");

        assertThat(first.nextClose(WAIT).code()).isEqualTo(CloseReason.EVICTED.code());
        assertThat(WebSocketRecorder.to(URI.create("ws://127.0.0.1:" + port + "/ws"))
                .header("Authorization", basic("bob", "bob-secret"))
                .connectExpectingRejection()).isNotEqualTo(101);
    }

    @Test
    @DisplayName("the health endpoint reports the manager UP with its connections")
    void health() throws Exception {
        connect("alice", "alice-secret");
        JsonNode health = JSON.readTree(get("/actuator/health/switchboard"));
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("connections").asInt()).isPositive();
    }

    @Test
    @DisplayName("the manager's meters are scraped from /actuator/prometheus")
    void metrics() throws Exception {
        connect("alice", "alice-secret");
        String scrape = get("/actuator/prometheus");
        assertThat(scrape).contains("switchboard_connections ", "switchboard_users ",
                "switchboard_frames_written_total", "switchboard_heartbeat_pings_total",
                "switchboard_queue_bytes ", "switchboard_ack_latency_max_seconds ",
                "switchboard_sends_total{status=\"queued\"}");
        assertThat(gauge(scrape, "switchboard_connections"))
                .isEqualTo(manager.stats().connections());
    }

    private WebSocketRecorder connect(String user, String password) {
        WebSocketRecorder client = WebSocketRecorder.to(endpoint())
                .header("Authorization", basic(user, password)).timeout(WAIT).connect();
        clients.add(client);
        client.awaitWelcome();
        return client;
    }

    private URI endpoint() {
        return URI.create("ws://127.0.0.1:" + port + "/agent");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static double gauge(String scrape, String name) {
        return scrape.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1)))
                .orElseThrow(() -> new AssertionError(name + " not in the scrape"));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
