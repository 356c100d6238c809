package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.control.ApprovalDecision;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The AG-UI wire profile with a real AG-UI consumer: a Node script ({@code src/test/node/ag-ui})
 * connects with the subprotocol {@code ag-ui} to a real server on loopback, follows a full run
 * (reasoning, a streamed tool call, an approval it answers, the streamed answer, completion) and
 * validates every frame it receives against {@code @ag-ui/core} 1.0.0's event schemas, installed
 * with {@code npm ci} from the committed lock file. Zero invalid frames, on every transport.
 */
@DisplayName("The AG-UI profile, checked by @ag-ui/core in Node")
class AgUiProfileNodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SOURCES = Path.of("src", "test", "node", "ag-ui");
    private static final Path WORK = Path.of("target", "ag-ui-check");
    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId THREAD = ThreadId.of("t-1");

    @BeforeAll
    static void installTheChecker() throws Exception {
        for (String tool : List.of("node", "npm")) {
            if (!onPath(tool)) {
                fail("this test needs Node.js and npm on the PATH (" + tool + " is missing): "
                        + "run scripts/install-test-deps.sh, which installs Debian's nodejs and npm");
            }
        }
        Files.createDirectories(WORK);
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.toList()) {
                Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(WORK.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(3, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            fail("npm ci failed in " + WORK + ":\n" + output);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DemoOptions.Transport.class)
    void everyFrameIsAValidAgUiEvent(DemoOptions.Transport transport) throws Exception {
        TransportSettings settings = TransportSettings.builder(request -> request
                        .header("Authorization").filter(value -> value.startsWith("Bearer "))
                        .map(value -> AuthenticationResult.authenticated(UserId.of(value.substring(7))))
                        .orElse(AuthenticationResult.unauthorized("no token")))
                .build();
        try (WebSocketManager manager = WebSocketManager.builder().build();
                WebSocketEndpoint endpoint = WebSocketEndpoint.start(transport, manager, settings,
                        "127.0.0.1", 0)) {
            Process node = new ProcessBuilder("node", "check-run.mjs",
                    "ws://127.0.0.1:" + endpoint.port() + settings.path(), "alice", THREAD.value())
                    .directory(WORK.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BlockingQueue<JsonNode> lines = readLines(node);
            try {
                assertThat(next(lines).path("event").asText()).isEqualTo("ready");
                Expected expected = run(manager.emitter(ALICE, THREAD, RunId.of("r-" + transport)));
                JsonNode summary = next(lines);

                assertThat(summary.path("problems")).as("problems the checker saw").isEmpty();
                assertThat(summary.path("invalid").asInt()).as("invalid AG-UI frames").isZero();
                assertThat(summary.path("texts").path("m-1").asText()).isEqualTo(expected.answer);
                assertThat(summary.path("texts").path("think-1").asText()).isEqualTo(expected.reasoning);
                assertThat(summary.path("toolArgs").path("call-1").asText()).isEqualTo(expected.arguments);
                List<String> types = new ArrayList<>();
                summary.path("types").forEach(type -> types.add(type.asText()));
                assertThat(types).startsWith("CUSTOM:welcome", "CUSTOM:subscribed", "RUN_STARTED",
                        "REASONING_START", "REASONING_MESSAGE_START");
                assertThat(types).contains("TOOL_CALL_START", "TOOL_CALL_ARGS",
                        "CUSTOM:approval_requested", "CUSTOM:approval_decided", "TOOL_CALL_END",
                        "TOOL_CALL_RESULT", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT",
                        "TEXT_MESSAGE_END");
                assertThat(types).endsWith("RUN_FINISHED");
                assertThat(summary.path("frames").asInt()).isEqualTo(types.size());
                assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(node.exitValue()).isZero();
            } finally {
                node.destroyForcibly();
            }
        }
    }

    private record Expected(String reasoning, String arguments, String answer) {
    }

    // The run an agent runtime would emit, answering to the approval the Node client gives.
    private static Expected run(AgentEmitter run) throws Exception {
        run.started("weather-agent");
        run.messageStarted("think-1", MessageKind.REASONING);
        StringBuilder reasoning = new StringBuilder();
        for (String token : List.of("The user ", "wants ", "Oslo's ", "weather; ", "I'll search.")) {
            reasoning.append(token);
            run.messageDelta("think-1", token);
        }
        run.messageCompleted("think-1");
        StringBuilder arguments = new StringBuilder();
        for (String part : List.of("{\"query\":", "\"weather ", "in Oslo\"}")) {
            arguments.append(part);
            run.toolCallDelta("call-1", "web_search", part);
        }
        run.approvalRequested("q-1", "call-1", "Allow web search?", Map.of("query", "weather in Oslo"));
        ApprovalDecision decision = run.decision("q-1").get(20, TimeUnit.SECONDS);
        assertThat(decision.approved()).isTrue();
        run.toolExecuting("call-1", "web_search", Map.of("query", "weather in Oslo"));
        run.toolCompleted("call-1", "web_search", true, Map.of("celsius", -3, "sky", "rain"), 12);
        run.messageStarted("m-1", MessageKind.TEXT);
        StringBuilder answer = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String token = i % 17 == 16 ? "\n" : (i % 5 == 0 ? "Oslo " : "is -3 °C \"rainy\" ");
            answer.append(token);
            run.messageDelta("m-1", token);
        }
        run.messageCompleted("m-1");
        run.completed(answer.toString()).get(10, TimeUnit.SECONDS);
        return new Expected(reasoning.toString(), arguments.toString(), answer.toString());
    }

    private static BlockingQueue<JsonNode> readLines(Process process) {
        BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(JSON.readTree(line));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "ag-ui-check-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static JsonNode next(BlockingQueue<JsonNode> lines) throws InterruptedException {
        JsonNode line = lines.poll(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            fail("the Node checker said nothing within 30 s");
        }
        return line;
    }

    private static boolean onPath(String tool) {
        try {
            Process probe = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
