package io.switchboard.scaling.redis.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on loopback for tests: {@code masters} masters with one replica each,
 * started with {@code redis-server --cluster-enabled yes} and joined with
 * {@code redis-cli --cluster create}; a master can be killed (SIGKILL) so that its replica is
 * promoted. Every wait polls with a deadline. Not thread-safe: one test thread drives it.
 */
public final class RedisClusterProcess implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(5);

    private static final long NODE_TIMEOUT_MILLIS = 1000;

    private final List<RedisServerProcess> nodes;

    private RedisClusterProcess(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts the nodes, creates the cluster and waits until every slot is served.
     *
     * @param masters how many masters (at least 3); as many replicas are added
     * @return the running cluster
     */
    public static RedisClusterProcess start(int masters) {
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters * 2; i++) {
                nodes.add(RedisServerProcess.startClusterNode(freePortWithBus(), NODE_TIMEOUT_MILLIS));
            }
            List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
            command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(create.getInputStream().readAllBytes());
            if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + output);
            }
            RedisClusterProcess cluster = new RedisClusterProcess(nodes);
            cluster.awaitHealthy(Duration.ofSeconds(30));
            return cluster;
        } catch (IOException e) {
            nodes.forEach(RedisServerProcess::close);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            nodes.forEach(RedisServerProcess::close);
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            nodes.forEach(RedisServerProcess::close);
            throw e;
        }
    }

    /** Seed URIs of every node, separated by commas, for a cluster client. */
    public String uris() {
        return nodes.stream().map(RedisServerProcess::uri).collect(Collectors.joining(","));
    }

    /**
     * The node that serves {@code key}'s slot as master now.
     *
     * @param key a key
     * @return the master
     */
    public RedisServerProcess masterOf(String key) {
        RedisServerProcess any = anyAlive();
        long slot = Long.parseLong(any.command("CLUSTER", "KEYSLOT", key).trim().substring(1));
        for (String line : bulk(any.command("CLUSTER", "NODES")).split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length < 9 || !parts[2].contains("master") || parts[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < parts.length; i++) {
                String[] range = parts[i].split("-");
                if (range[0].startsWith("[")) {
                    continue;
                }
                long from = Long.parseLong(range[0]);
                long to = range.length > 1 ? Long.parseLong(range[1]) : from;
                if (slot >= from && slot <= to) {
                    int port = Integer.parseInt(parts[1].substring(parts[1].indexOf(':') + 1,
                            parts[1].indexOf('@')));
                    return nodes.stream().filter(node -> node.port() == port).findFirst()
                            .orElseThrow();
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /**
     * Kills {@code master} (SIGKILL) and waits until a replica serves its slots and the cluster is
     * healthy again.
     *
     * @param master a master node of this cluster
     * @param key a key of one of its slots
     */
    public void killMasterAndAwaitFailover(RedisServerProcess master, String key) {
        master.kill();
        await("a replica is promoted for " + key).atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> {
            try {
                return masterOf(key) != master && healthy();
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    /** Kills {@code master} (SIGKILL) without waiting. */
    public void kill(RedisServerProcess master) {
        master.kill();
    }

    /** Waits until a replica serves {@code key}'s slot instead of {@code killed}. */
    public void awaitFailover(RedisServerProcess killed, String key) {
        await("a replica is promoted for " + key).atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> {
            try {
                return masterOf(key) != killed && healthy();
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    // Every slot served, and every replica in sync with its master: a replica that never synced is
    // not elected when its master dies.
    private void awaitHealthy(Duration within) {
        await("the cluster serves every slot and its replicas are in sync").atMost(within).pollInterval(POLL)
                .until(() ->
                healthy() && nodes.stream().allMatch(node -> {
                    String replication = node.command("INFO", "replication");
                    return replication.contains("role:master")
                            || replication.contains("master_link_status:up");
                }));
    }

    private boolean healthy() {
        for (RedisServerProcess node : nodes) {
            if (node.alive() && !node.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
                return false;
            }
        }
        return true;
    }

    private RedisServerProcess anyAlive() {
        return nodes.stream().filter(RedisServerProcess::alive).findFirst().orElseThrow();
    }

    private static String bulk(String reply) {
        int start = reply.indexOf("\r\n");
        return start < 0 ? reply : reply.substring(start + 2);
    }

    // A port whose cluster bus port (port + 10000) is free as well.
    private static int freePortWithBus() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
            if (free(port) && free(port + 10_000)) {
                return port;
            }
        }
        throw new IOException("no free port pair for a cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::close);
    }
}
