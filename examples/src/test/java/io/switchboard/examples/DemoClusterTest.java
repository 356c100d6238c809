package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import io.switchboard.transport.tck.WebSocketRecorder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two demo instances on two ports sharing a real redis-server (started and stopped here): a
 * user's tabs on both instances see the same run, seq for seq, a session signed by one is valid
 * on the other, and each instance's dashboard names the instance.
 */
@DisplayName("Two demo instances on Redis")
class DemoClusterTest {

    @Test
    @DisplayName("a run asked on one instance streams to the user's tab on the other")
    void tabsOnTwoInstancesSeeOneRun() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                DemoServer first = start(redis);
                DemoServer second = start(redis)) {
            HttpClient http = HttpClient.newHttpClient();
            String session = signIn(http, first, "fay");
            WebSocketRecorder onFirst = subscribed(first, session);
            WebSocketRecorder onSecond = subscribed(second, session);

            onFirst.send("{\"type\":\"message\",\"thread_id\":\"general\",\"payload\":{\"text\":\"hi\"}}");

            RunTranscript deciding = RunTranscript.follow(onFirst, "approved");
            RunTranscript watching = RunTranscript.follow(onSecond, null);
            for (RunTranscript run : List.of(deciding, watching)) {
                assertThat(run.types()).containsExactlyElementsOf(RunTranscript.APPROVED);
                assertThat(run.answer()).isEqualTo(AgentScript.forQuestion("hi").answer());
            }
            assertThat(watching.seqs()).as("the tab on the other instance, seq by seq")
                    .isEqualTo(deciding.seqs());
            assertThat(first.manager().stats().cluster()).hasValueSatisfying(cluster ->
                    assertThat(cluster.instances()).isEqualTo(2));
            JsonNode onFirstInstance = dashboard(http, first, session);
            JsonNode onSecondInstance = dashboard(http, second, session);
            assertThat(onFirstInstance.path("instance").asText()).as("the dashboard names the tab's instance")
                    .startsWith("demo-").isNotEqualTo(onSecondInstance.path("instance").asText());
            assertThat(onFirstInstance.path("instances").asInt()).isEqualTo(2);
            onFirst.close();
            onSecond.close();
        }
    }

    private static DemoServer start(RedisServerProcess redis) throws Exception {
        return DemoServer.start(new DemoOptions("localhost", 0, DemoOptions.Transport.UNDERTOW,
                Optional.of(redis.uri()), Optional.of("shared-demo-secret")), Duration.ofMillis(30));
    }

    private static WebSocketRecorder subscribed(DemoServer demo, String session) throws Exception {
        WebSocketRecorder tab = WebSocketRecorder.to(demo.webSocketUri())
                .origin("http://localhost:" + demo.pageUri().getPort())
                .cookie(SessionCookies.NAME, session).connect();
        tab.awaitWelcome();
        tab.send("{\"type\":\"subscribe\",\"thread_id\":\"general\"}");
        tab.nextFrame("subscribed");
        return tab;
    }

    private static JsonNode dashboard(HttpClient http, DemoServer demo, String session) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/api/stats"))
                .header("Cookie", SessionCookies.NAME + "=" + session).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).path("demo");
    }

    private static String signIn(HttpClient http, DemoServer demo, String name) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/api/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + name)).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }
}
