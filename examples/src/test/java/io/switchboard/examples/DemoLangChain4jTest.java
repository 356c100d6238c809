package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.transport.tck.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo with {@code --agent=langchain4j --metrics}: the script streamed by a scripted
 * LangChain4j model through the bridge reaches the signed-in tab (approved, and stopped in the
 * middle), and Prometheus metrics are served on {@code /metrics}.
 */
@DisplayName("The demo through the LangChain4j bridge, with metrics")
class DemoLangChain4jTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** What a tab reads of a run the LangChain4j agent answers, deltas left out. */
    static final List<String> APPROVED = List.of("user_message", "agent_started",
            "message_started", "message_completed", "tool_executing", "approval_requested",
            "approval_decided", "tool_completed", "message_started", "message_completed",
            "agent_completed");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("an approved question streams reasoning, the search and the script's answer; Stop cancels the model; /metrics is scraped")
    void langChain4jAgentAndMetrics() throws Exception {
        DemoOptions options = new DemoOptions("localhost", 0, DemoOptions.Transport.UNDERTOW)
                .with(DemoOptions.Agent.LANGCHAIN4J, true);
        try (DemoServer demo = DemoServer.start(options, Duration.ofMillis(20))) {
            WebSocketRecorder dora = connect(demo, "dora");
            dora.send("{\"type\":\"message\",\"thread_id\":\"general\",\"payload\":{\"text\":\"hi\"}}");
            RunTranscript run = RunTranscript.follow(dora, "approved");

            assertThat(run.types()).containsExactlyElementsOf(APPROVED);
            AgentScript script = AgentScript.forQuestion("hi");
            assertThat(run.texts().values()).containsExactly(script.reasoning(), script.answer());
            assertThat(run.toolArguments().values()).containsExactly(script.toolArgumentsJson());

            dora.send("{\"type\":\"message\",\"thread_id\":\"general\",\"payload\":{\"text\":\"again\"}}");
            JsonNode started = skipTo(dora, "agent_started");
            skipTo(dora, "message_delta");
            dora.send("{\"type\":\"cancel\",\"run_id\":\"" + started.path("run_id").asText() + "\"}");
            JsonNode completed = skipTo(dora, "agent_completed");
            assertThat(completed.path("payload").path("status").asText()).isEqualTo("cancelled");
            dora.assertNoMoreFramesWithin(Duration.ofMillis(300));

            HttpResponse<String> scrape = scrapeShowing(demo, "switchboard_connections 1.0");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("switchboard_connections 1.0",
                    "switchboard_heartbeat_pings_total", "switchboard_sends_total{status=\"queued\"}");
            dora.close();
        }
    }

    // The meters read a stats snapshot at most a second old (the binder's default), and the first
    // was taken when the demo bound them: scrape until it shows what the test has done, or fail.
    private HttpResponse<String> scrapeShowing(DemoServer demo, String line) {
        AtomicReference<HttpResponse<String>> scrape = new AtomicReference<>();
        await("the scrape to show " + line).atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    scrape.set(http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/metrics")).GET()
                            .build(), HttpResponse.BodyHandlers.ofString()));
                    assertThat(scrape.get().body()).contains(line);
                });
        return scrape.get();
    }

    @Test
    @DisplayName("without --metrics there is no /metrics")
    void noMetricsUnlessAsked() throws Exception {
        try (DemoServer demo = DemoServer.start(new DemoOptions("localhost", 0,
                DemoOptions.Transport.UNDERTOW), Duration.ofMillis(20))) {
            assertThat(http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/metrics")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
        assertThat(DemoOptions.parse("--agent=langchain4j", "--metrics"))
                .extracting(DemoOptions::agent, DemoOptions::metrics)
                .containsExactly(DemoOptions.Agent.LANGCHAIN4J, true);
    }

    // The next frame of that type; what comes before it is the run's other events.
    private static JsonNode skipTo(WebSocketRecorder tab, String type) {
        JsonNode frame;
        do {
            frame = tab.nextFrame();
        } while (!type.equals(frame.path("type").asText()));
        return frame;
    }

    private WebSocketRecorder connect(DemoServer demo, String name) throws Exception {
        String session = signIn(demo, name);
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/api/me"))
                .header("Cookie", SessionCookies.NAME + "=" + session).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        URI ws = URI.create(new ObjectMapper().readTree(me.body()).path("ws").asText());
        WebSocketRecorder tab = WebSocketRecorder.to(ws)
                .origin("http://localhost:" + demo.pageUri().getPort())
                .cookie(SessionCookies.NAME, session).timeout(WAIT).connect();
        tab.awaitWelcome();
        tab.send("{\"type\":\"subscribe\",\"thread_id\":\"general\"}");
        tab.nextFrame("subscribed");
        return tab;
    }

    private String signIn(DemoServer demo, String name) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                demo.pageUri().resolve("/api/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + name)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    private HttpResponse<String> scrape(DemoServer demo) throws Exception {
        return http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
