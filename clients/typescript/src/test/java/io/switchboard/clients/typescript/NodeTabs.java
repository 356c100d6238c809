package io.switchboard.clients.typescript;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code integration/tabs.mjs} running in Node: the built client ({@code dist/}) as tabs that a
 * test drives with commands on stdin and reads JSON lines from on stdout, each read with a
 * deadline. Closing it ends the process.
 */
final class NodeTabs implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("integration", "tabs.mjs");

    private final Process node;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();

    private NodeTabs(Process node) {
        this.node = node;
        Thread reader = new Thread(this::read, "node-tabs-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a scenario of the script.
     *
     * @param scenario {@code drops}, {@code evict} or {@code restart}
     * @param url the server's WebSocket URL
     * @param options the scenario's options, as JSON
     * @return the running script
     * @throws IOException if Node cannot be started
     */
    static NodeTabs start(String scenario, String url, Map<String, Object> options) throws IOException {
        if (!SCRIPT.toFile().isFile() || !Path.of("dist", "index.js").toFile().isFile()) {
            fail("run the build first: " + SCRIPT + " imports dist/index.js (npm run build)");
        }
        Process node;
        try {
            node = new ProcessBuilder("node", SCRIPT.toString(), scenario, url,
                    JSON.writeValueAsString(options))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IOException("this test needs Node.js on the PATH: run scripts/install-test-deps.sh", e);
        }
        return new NodeTabs(node);
    }

    /**
     * The next line the script wrote, which must be the event named.
     *
     * @param event the expected {@code event} field
     * @param within how long to wait
     * @return the line
     */
    JsonNode next(String event, Duration within) throws InterruptedException {
        JsonNode line = lines.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            fail("the Node tabs said nothing within " + within + " (waiting for '" + event + "')");
        }
        if (!event.equals(line.path("event").asText())) {
            fail("the Node tabs said " + line.toString().substring(0, Math.min(2000, line.toString().length()))
                    + " while the test waited for '" + event + "'");
        }
        return line;
    }

    /**
     * Sends a command to the script.
     *
     * @param command the command, with its {@code cmd}
     */
    void send(Map<String, Object> command) throws IOException {
        OutputStream in = node.getOutputStream();
        in.write((JSON.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Override
    public void close() throws Exception {
        node.getOutputStream().close();
        if (!node.waitFor(10, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(JSON.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
