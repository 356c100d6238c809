package io.switchboard.cluster.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An {@link InstanceMain} in a child JVM on the test's class path, to be killed with SIGKILL. */
public final class ChildInstance implements AutoCloseable {

    private final Process process;
    private final URI uri;

    private ChildInstance(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    /**
     * Starts the child and waits until it serves.
     *
     * @param redisUri the shared Redis
     * @param prefix the cluster's key prefix
     * @param id the instance id
     * @param maxConnectionsPerUser the cluster-wide per-user limit
     * @return the running child
     */
    public static ChildInstance start(String redisUri, String prefix, String id,
            int maxConnectionsPerUser) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process;
        try {
            process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    InstanceMain.class.getName(), redisUri, prefix, id,
                    Integer.toString(maxConnectionsPerUser))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        ready.complete(URI.create(line.substring(6).trim()));
                    }
                }
            } catch (IOException e) {
                // The child is gone.
            }
            ready.completeExceptionally(new IllegalStateException("child " + id + " exited"));
        }, "child-" + id + "-output");
        drain.setDaemon(true);
        drain.start();
        try {
            return new ChildInstance(process, ready.get(Duration.ofSeconds(30).toMillis(),
                    TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("child instance " + id + " did not start", e);
        }
    }

    public URI uri() {
        return uri;
    }

    /** SIGKILL: the instance dies without closing anything. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
