package io.switchboard.scaling.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real {@code redis-server} process on a free loopback port, without persistence (or with an
 * append-only file, {@link #startPersistent()}), for tests:
 * start, kill (SIGKILL), freeze (SIGSTOP) and thaw (SIGCONT), restart on the same port, stop.
 * Every wait polls with a deadline. Not thread-safe: one test thread drives it.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    private final int port;
    private final Path directory;
    private final boolean persistent;
    private final java.util.List<String> extraArgs;
    private Process process;
    private boolean frozen;

    private RedisServerProcess(int port, Path directory, boolean persistent,
            java.util.List<String> extraArgs) {
        this.port = port;
        this.directory = directory;
        this.persistent = persistent;
        this.extraArgs = java.util.List.copyOf(extraArgs);
    }

    /**
     * Starts a node of a Redis Cluster ({@code --cluster-enabled yes}) on {@code port}, whose bus
     * port ({@code port + 10000}) must be free too; {@link RedisClusterProcess} joins the nodes.
     *
     * @param port the client port
     * @param nodeTimeoutMillis {@code cluster-node-timeout}: how soon a silent master fails over
     * @return the running node
     */
    static RedisServerProcess startClusterNode(int port, long nodeTimeoutMillis) {
        try {
            RedisServerProcess server = new RedisServerProcess(port,
                    Files.createTempDirectory("switchboard-redis-node-"), false,
                    java.util.List.of("--cluster-enabled", "yes", "--cluster-config-file",
                            "nodes.conf", "--cluster-node-timeout",
                            Long.toString(nodeTimeoutMillis)));
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the process is running. */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * Starts a server on a free port and waits until it answers {@code PING}.
     *
     * @return the running server
     */
    public static RedisServerProcess start() {
        return start(false);
    }

    /**
     * Starts a server that keeps its data in an append-only file (fsync every second), so that a
     * restart after {@link #kill()} comes back with it.
     *
     * @return the running server
     */
    public static RedisServerProcess startPersistent() {
        return start(true);
    }

    private static RedisServerProcess start(boolean persistent) {
        try {
            RedisServerProcess server = new RedisServerProcess(freePort(),
                    Files.createTempDirectory("switchboard-redis-"), persistent,
                    java.util.List.of());
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URI Lettuce connects to. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the server with SIGKILL: no shutdown, no save; clients see the socket reset. */
    public void kill() {
        thaw();
        process.destroyForcibly();
        waitForExit();
    }

    /**
     * Starts the server again on the same port (after {@link #kill()}): empty, or with the data of
     * its append-only file if it is persistent.
     */
    public void restart() {
        launch();
    }

    /** Suspends the server (SIGSTOP): sockets stay open, nothing is answered. */
    public void freeze() {
        signal("STOP");
        frozen = true;
    }

    /** Resumes a frozen server (SIGCONT). */
    public void thaw() {
        if (frozen) {
            signal("CONT");
            frozen = false;
        }
    }

    /**
     * Sends one command over a fresh socket and returns the raw RESP reply.
     *
     * @param args the command and its arguments
     * @return the reply, for example {@code +PONG\r\n}
     */
    public String command(String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                        .append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1 << 16];
            int read = in.read(buffer);
            StringBuilder reply = new StringBuilder(new String(buffer, 0, Math.max(0, read),
                    StandardCharsets.UTF_8));
            // Bulk replies (INFO) may arrive in several reads.
            if (reply.length() > 0 && reply.charAt(0) == '$') {
                int length = Integer.parseInt(reply.substring(1, reply.indexOf("\r\n")));
                if (length < 0) {
                    return reply.toString();
                }
                int expected = reply.indexOf("\r\n") + 2 + length + 2;
                while (reply.toString().getBytes(StandardCharsets.UTF_8).length < expected) {
                    int more = in.read(buffer);
                    if (more < 0) {
                        break;
                    }
                    reply.append(new String(buffer, 0, more, StandardCharsets.UTF_8));
                }
            }
            return reply.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How often Redis ran one command since it started, from {@code INFO commandstats}
     * (commands run by scripts included).
     *
     * @param name the command, for example {@code publish}
     * @return the number of calls
     */
    public long commandCalls(String name) {
        String info = command("INFO", "commandstats");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("cmdstat_" + name + ":")) {
                int start = line.indexOf("calls=") + 6;
                return Long.parseLong(line.substring(start, line.indexOf(',', start)));
            }
        }
        return 0;
    }

    /** Stops the server for good ({@code SHUTDOWN NOSAVE}, then SIGKILL if needed). */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            stop();
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                // A temporary directory left behind is harmless.
            }
        }
    }

    private void stop() {
        thaw();
        if (process.isAlive()) {
            try {
                command("SHUTDOWN", "NOSAVE");
            } catch (UncheckedIOException e) {
                // Already gone.
            }
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    waitForExit();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void launch() {
        try {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                    "redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", persistent ? "yes" : "no",
                    "--appendfsync", "everysec",
                    "--dir", directory.toString(), "--daemonize", "no"));
            command.addAll(extraArgs);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not be started (is it installed?)", e);
        }
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            try {
                if (command("PING").startsWith("+PONG")) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // Not listening yet.
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not answer PING on port " + port
                        + " within " + READY_WITHIN + "; see " + directory.resolve("redis.log"));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void waitForExit() {
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
