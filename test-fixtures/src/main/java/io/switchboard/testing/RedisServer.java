package io.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real {@code redis-server} process on a free loopback port, without persistence, that a test
 * starts and stops (the integration modules' tests need only that; scaling-redis has its own
 * helper with faults). Waits poll with a deadline. Not thread-safe: one test thread drives it.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    private final int port;
    private final Process process;

    private RedisServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts a server and waits until it answers {@code PING}.
     *
     * @return the running server
     * @throws IllegalStateException if {@code redis-server} is not on the PATH or does not answer
     */
    public static RedisServer start() {
        try {
            int port = freePort();
            Path directory = Files.createTempDirectory("switchboard-redis-");
            Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--dir", directory.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile())
                    .start();
            RedisServer server = new RedisServer(port, process);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server (is it installed?"
                    + " scripts/install-test-deps.sh installs it)", e);
        }
    }

    /**
     * The URI a client connects to.
     *
     * @return for example {@code redis://127.0.0.1:40123}
     */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        try {
            // A process that exited will never answer: fail at once rather than at the deadline.
            Awaitility.await("redis-server on port " + port + " to answer PING").atMost(READY_WITHIN)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).pollInSameThread()
                    .failFast("redis-server on port " + port + " exited", () -> !process.isAlive())
                    .until(this::answersPing);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            close();
            throw new IllegalStateException("redis-server on port " + port
                    + " did not answer PING within " + READY_WITHIN, e);
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII)
                    .startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + uri() + "]";
    }
}
