package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.scaling.redis.testing.RedisServerProcess;
import io.switchboard.transport.tck.WebSocketRecorder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two demo instances on two ports sharing a real redis-server (started and stopped here): a
 * user's tabs on both instances see the same run, and a session signed by one is valid on the
 * other.
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

            for (WebSocketRecorder tab : List.of(onFirst, onSecond)) {
                List<String> types = new ArrayList<>();
                while (!types.contains("agent_completed")) {
                    types.add(tab.nextFrame().path("type").asText());
                }
                assertThat(types).containsExactly("agent_started", "agent_thinking", "agent_thinking",
                        "tool_executing", "tool_completed", "agent_thinking", "agent_completed");
            }
            assertThat(first.manager().stats().cluster()).hasValueSatisfying(cluster ->
                    assertThat(cluster.instances()).isEqualTo(2));
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

    private static String signIn(HttpClient http, DemoServer demo, String name) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/api/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + name)).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }
}
