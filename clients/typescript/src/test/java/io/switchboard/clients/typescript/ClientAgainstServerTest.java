package io.switchboard.clients.typescript;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.transport.undertow.SwitchboardUndertow;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code @switchboard/client}, built, in Node with the {@code ws} package, against a real
 * Switchboard server (manager and Undertow on loopback) that this test starts: the drops of a
 * flaky network in the middle of streamed answers, an eviction, and a restart with 1012. What
 * the client delivered is counted as an application sees it, from its listeners, against what
 * the server emitted.
 */
@DisplayName("The TypeScript client against a real server")
class ClientAgainstServerTest {

    private static final ThreadId THREAD = ThreadId.of("t-1");
    private static final Duration LINE = Duration.ofSeconds(60);
    private static final List<String> TOKENS = List.of("The ", "answer ", "is ", "42", ", ", "mostly",
            ". ", "Grüße ", "aus ", "Köln", "; ", "東京", "の", "天気", " 🙂", " ∑", "\n", "\"quoted\"", " ");

    @Test
    @DisplayName("sockets cut at random points during streamed answers: every text whole, every seq once, no gap")
    void randomDropsDuringStreamedAnswers() throws Exception {
        List<String> users = List.of("ann", "ben", "cat", "dan");
        try (Server server = Server.start(config -> config, ReplayLog.inMemory());
                NodeTabs tabs = NodeTabs.start("drops", server.url(),
                        Map.of("users", users, "thread", THREAD.value()))) {
            tabs.next("ready", LINE);
            Map<String, Emitted> emitted = new LinkedHashMap<>();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            ScheduledExecutorService producer = Executors.newScheduledThreadPool(users.size());
            try {
                for (String user : users) {
                    Emitted answers = new Emitted();
                    emitted.put(user, answers);
                    done.add(stream(server.manager, producer, UserId.of(user), answers, new Random(user.hashCode())));
                }
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            } finally {
                producer.shutdownNow();
            }
            Map<String, Object> lastSeq = new LinkedHashMap<>();
            emitted.forEach((user, answers) -> lastSeq.put(user, answers.events));
            tabs.send(Map.of("cmd", "finish", "lastSeq", lastSeq));
            JsonNode summary = tabs.next("summary", LINE);

            assertThat(summary.path("problem").asText("")).isEmpty();
            int drops = 0;
            int merged = 0;
            int duplicatesDropped = 0;
            for (JsonNode tab : summary.path("tabs")) {
                Emitted answers = emitted.get(tab.path("user").asText());
                List<Long> seqs = new ArrayList<>();
                tab.path("seqs").forEach(seq -> seqs.add(seq.asLong()));
                assertThat(seqs).as("seqs %s delivered, in order: 0 duplicates, 0 gaps", tab.path("user").asText())
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, answers.events).boxed().toList());
                Map<String, String> texts = new LinkedHashMap<>();
                tab.path("texts").properties().forEach(text -> texts.put(text.getKey(), text.getValue().asText()));
                assertThat(texts).as("texts %s assembled", tab.path("user").asText()).isEqualTo(answers.texts);
                assertThat(tab.path("drops").asInt()).as("sockets cut under %s", tab.path("user").asText())
                        .isGreaterThanOrEqualTo(3);
                drops += tab.path("drops").asInt();
                merged += tab.path("stats").path("mergedFrames").asInt();
                duplicatesDropped += tab.path("stats").path("duplicatesDropped").asInt();
            }
            assertThat(merged).as("merged frames the tabs accepted (replays merge a message's missed deltas)")
                    .isPositive();
            assertThat(server.manager.stats().resumes()).isPositive();
            System.out.printf("random drops: %d tabs, %d events each on average, %d sockets cut, %d merged "
                    + "frames, %d duplicates dropped by the client, %d resumes served%n", users.size(),
                    emitted.values().stream().mapToLong(answers -> answers.events).sum() / users.size(),
                    drops, merged, duplicatesDropped, server.manager.stats().resumes());
        }
    }

    @Test
    @DisplayName("a tab evicted with 4001 stays closed and says why")
    void evictedTabStaysClosed() throws Exception {
        try (Server server = Server.start(config -> config.maxConnectionsPerUser(1), ReplayLog.inMemory());
                NodeTabs tabs = NodeTabs.start("evict", server.url(), Map.of("user", "eve", "watchMs", 1500))) {
            JsonNode summary = tabs.next("summary", LINE);

            JsonNode older = summary.path("older");
            assertThat(older.path("status").asText()).isEqualTo("closed");
            assertThat(older.path("closed").path("cause").asText()).isEqualTo("evicted");
            assertThat(older.path("closed").path("code").asInt()).isEqualTo(4001);
            assertThat(older.path("closed").path("message").asText()).contains("took this connection's place");
            assertThat(summary.path("olderConnectsAfterWatch").asInt()).as("reconnects after the eviction").isZero();
            assertThat(older.path("stats").path("connects").asInt()).isEqualTo(1);
            assertThat(summary.path("newer").path("status").asText()).isEqualTo("open");
            assertThat(server.manager.stats().evictions()).isEqualTo(1);
            assertThat(server.manager.stats().connections()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a restart with 1012 brings every tab back within the jitter window, spread over it, with nothing lost")
    void restartSpreadsTheReconnects() throws Exception {
        int jitterMs = 2000;
        List<String> users = IntStream.range(0, 20).mapToObj(n -> "u-" + n).toList();
        ReplayLog shared = ReplayLog.inMemory();
        try (Server first = Server.start(config -> config, shared);
                Server second = Server.start(config -> config, shared);
                NodeTabs tabs = NodeTabs.start("restart", first.url(),
                        Map.of("users", users, "thread", THREAD.value(), "restartJitterMs", jitterMs))) {
            tabs.next("ready", LINE);
            for (String user : users) {
                first.manager.sendToThread(UserId.of(user), THREAD, ApplicationEvent.of("note", Map.of("n", 1)));
            }
            tabs.send(Map.of("cmd", "moved", "url", second.url()));
            tabs.next("moved", LINE);

            first.manager.shutdown(CloseReason.SERVICE_RESTART);
            for (String user : users) {
                second.manager.sendToThread(UserId.of(user), THREAD, ApplicationEvent.of("note", Map.of("n", 2)));
            }
            tabs.send(Map.of("cmd", "finish", "lastSeq", 2));
            JsonNode summary = tabs.next("summary", LINE);

            assertThat(summary.path("problem").asText("")).isEmpty();
            List<Double> drawn = new ArrayList<>();
            List<Double> back = new ArrayList<>();
            for (JsonNode tab : summary.path("tabs")) {
                JsonNode disconnect = tab.path("disconnects").path(0);
                assertThat(disconnect.path("code").asInt()).isEqualTo(1012);
                drawn.add(disconnect.path("retryInMs").asDouble());
                back.add(tab.path("welcomes").path(1).asDouble() - disconnect.path("at").asDouble());
                assertThat(tab.path("seqs")).extracting(JsonNode::asLong).as("seqs of %s, across the move",
                        tab.path("user").asText()).containsExactly(1L, 2L);
            }
            assertThat(drawn).as("delays drawn after 1012").hasSize(users.size())
                    .allSatisfy(delay -> assertThat(delay).isBetween(0.0, (double) jitterMs));
            // Back within the window, plus a handshake and a resume on a machine shared with builds.
            assertThat(back).allSatisfy(ms -> assertThat(ms).isLessThan(jitterMs + 1500.0));
            Collections.sort(back);
            double spread = back.get(back.size() - 1) - back.get(0);
            assertThat(spread).as("spread of the reconnects (ms), not one instant").isGreaterThan(jitterMs / 4.0);
            System.out.printf("restart with 1012: %d tabs back after %.0f / %.0f / %.0f ms (min / median / max),"
                    + " spread %.0f ms over a %d ms window%n", back.size(), back.get(0),
                    back.get(back.size() / 2), back.get(back.size() - 1), spread, jitterMs);
        }
    }

    /** What one user's tab should assemble: the texts by message id, and how many events. */
    private static final class Emitted {
        final Map<String, String> texts = new LinkedHashMap<>();
        long events;
    }

    // Three runs, each a reasoning message and an answer, streamed two deltas every 3 ms (about
    // 3.3 s in all), so that every tab is cut several times in the middle of them.
    private static CompletableFuture<Void> stream(WebSocketManager manager, ScheduledExecutorService producer,
            UserId user, Emitted emitted, Random random) {
        List<Runnable> emits = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            AgentEmitter run = manager.emitter(user, THREAD, RunId.of(user.value() + "-r" + r));
            emits.add(() -> run.started("integration"));
            message(run, run.run().value() + ":reasoning", MessageKind.REASONING, 120, emits, emitted, random);
            message(run, run.run().value() + ":answer", MessageKind.TEXT, 600, emits, emitted, random);
            emits.add(() -> run.completed("done"));
        }
        emitted.events = emits.size();
        CompletableFuture<Void> done = new CompletableFuture<>();
        int[] next = {0};
        ScheduledFuture<?>[] ticker = new ScheduledFuture<?>[1];
        ticker[0] = producer.scheduleAtFixedRate(() -> {
            for (int n = 0; n < 2 && next[0] < emits.size(); n++) {
                emits.get(next[0]++).run();
            }
            if (next[0] == emits.size()) {
                done.complete(null);
                ticker[0].cancel(false);
            }
        }, 0, 3, TimeUnit.MILLISECONDS);
        return done;
    }

    private static void message(AgentEmitter run, String id, MessageKind kind, int deltas, List<Runnable> emits,
            Emitted emitted, Random random) {
        StringBuilder text = new StringBuilder();
        emits.add(() -> run.messageStarted(id, kind));
        for (int d = 0; d < deltas; d++) {
            String token = TOKENS.get(random.nextInt(TOKENS.size()));
            text.append(token);
            emits.add(() -> run.messageDelta(id, token));
        }
        emits.add(() -> run.messageCompleted(id));
        emitted.texts.put(id, text.toString());
    }

    /** A manager and Undertow on loopback; clients authenticate with "Authorization: Bearer <user>". */
    private static final class Server implements AutoCloseable {
        private static final TransportSettings SETTINGS = TransportSettings.builder(request -> request
                        .header("Authorization").filter(value -> value.startsWith("Bearer "))
                        .map(value -> AuthenticationResult.authenticated(UserId.of(value.substring(7))))
                        .orElse(AuthenticationResult.unauthorized("no token")))
                .build();

        final WebSocketManager manager;
        private final Undertow undertow;

        private Server(WebSocketManager manager, Undertow undertow) {
            this.manager = manager;
            this.undertow = undertow;
        }

        static Server start(UnaryOperator<ManagerConfig.Builder> config, ReplayLog log) {
            WebSocketManager manager = WebSocketManager.builder()
                    .config(config.apply(ManagerConfig.builder()).build()).replayLog(log).build();
            return new Server(manager, SwitchboardUndertow.start(manager, SETTINGS,
                    new InetSocketAddress("127.0.0.1", 0)));
        }

        String url() {
            int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
            return "ws://127.0.0.1:" + port + SETTINGS.path();
        }

        @Override
        public void close() {
            manager.close();
            undertow.stop();
        }
    }
}
