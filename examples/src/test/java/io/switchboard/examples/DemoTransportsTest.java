package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.transport.tck.RawSocketClient;
import io.switchboard.transport.tck.WebSocketRecorder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo on each transport flag, driven by the JDK's WebSocket client as the page would drive
 * it: sign in, open the socket with the session cookie and the page's origin, ask, get the run.
 */
@DisplayName("The demo on every transport")
class DemoTransportsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(DemoOptions.Transport.class)
    void runReachesTheSignedInUserOnly(DemoOptions.Transport transport) throws Exception {
        try (DemoServer demo = DemoServer.start(new DemoOptions("localhost", 0, transport),
                Duration.ofMillis(20))) {
            HttpClient http = HttpClient.newHttpClient();
            URI wsUri = URI.create(me(http, demo, signIn(http, demo, "dora")).path("ws").asText());
            String origin = "http://localhost:" + demo.pageUri().getPort();

            WebSocketRecorder dora = WebSocketRecorder.to(wsUri).origin(origin)
                    .cookie(SessionCookies.NAME, signIn(http, demo, "dora")).connect();
            WebSocketRecorder eve = WebSocketRecorder.to(wsUri).origin(origin)
                    .cookie(SessionCookies.NAME, signIn(http, demo, "eve")).connect();
            for (WebSocketRecorder client : List.of(dora, eve)) {
                client.awaitWelcome();
                client.send("{\"type\":\"subscribe\",\"thread_id\":\"general\"}");
                client.nextFrame("subscribed");
            }
            dora.send("{\"type\":\"message\",\"thread_id\":\"general\",\"payload\":{\"text\":\"hi\"}}");

            RunTranscript run = RunTranscript.follow(dora, "approved");
            assertThat(run.types()).containsExactlyElementsOf(RunTranscript.APPROVED);
            assertThat(run.answer()).isEqualTo(AgentScript.forQuestion("hi").answer());
            assertThat(run.seqs()).as("every seq once, in order")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, run.seqs().size()).boxed().toList());
            eve.assertNoMoreFramesWithin(Duration.ofMillis(300));

            int refused = upgradeStatusWithoutCookie(wsUri, origin);
            if (transport == DemoOptions.Transport.JAKARTA) {
                // Tyrus's packaged server, unmapped, closes a refused handshake without any HTTP
                // answer (transport-jakarta's README, "Refusals"); the README says so.
                assertThat(refused).as("no session cookie: closed without an answer").isEqualTo(-1);
            } else {
                assertThat(refused).as("no session cookie, no upgrade").isEqualTo(401);
            }
            dora.close();
            eve.close();
        }
    }

    // The HTTP status of an upgrade request without a session, or -1 if the server just closed.
    private static int upgradeStatusWithoutCookie(URI wsUri, String origin) {
        try (RawSocketClient raw = RawSocketClient.open(wsUri)) {
            return raw.upgrade(Map.of("Origin", origin));
        } catch (IOException e) {
            return -1;
        }
    }

    private static String signIn(HttpClient http, DemoServer demo, String name) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/api/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + name)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    private static JsonNode me(HttpClient http, DemoServer demo, String session) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(demo.pageUri().resolve("/api/me"))
                .header("Cookie", SessionCookies.NAME + "=" + session).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
