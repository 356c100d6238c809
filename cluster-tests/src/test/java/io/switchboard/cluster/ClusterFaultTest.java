package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.support.ChildInstance;
import io.switchboard.cluster.support.Instance;
import io.switchboard.cluster.support.Scenario;
import io.switchboard.cluster.support.Tally;
import io.switchboard.scaling.redis.RedisClusterConfig.Topology;
import io.switchboard.scaling.redis.testing.RedisClusterProcess;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import io.switchboard.scaling.redis.testing.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Faults while runs emit on every instance, counted from the clients' side only ({@link Tally}):
 * one user with a tab on every instance, each tab following two threads; on each instance one
 * run emits into the first thread (so several instances append to one stream at once: the first
 * instance's run streams an answer, the others' send application events) and one streams answers
 * into the second. For every fault: nothing silently missed, no duplicate, nothing out of order,
 * no live tab evicted, every streamed message assembled exactly, no character lost or doubled.
 * Each trial prints one {@code FAULT} line; {@code -Dcluster.trials=N} (the {@code soak}
 * profile: 5) repeats every fault.
 */
@DisplayName("Faults while runs emit on every instance: what every client sees is exact")
class ClusterFaultTest {

    private static final int TRIALS = Integer.getInteger("cluster.trials", 1);
    private static final String USER = "u";
    // Another user whose name begins like the user's, following threads of the same names.
    private static final String STRANGER = "u2";
    private static final List<String> THREADS = List.of("t-1", "t-2");
    private static final int LIMIT = 3;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    private <T extends AutoCloseable> T opened(T resource) {
        open.add(resource);
        return resource;
    }

    private static String prefix() {
        return "f" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static List<URI> rotation(List<URI> uris, int first) {
        List<URI> order = new ArrayList<>();
        for (int i = 0; i < uris.size(); i++) {
            order.add(uris.get((first + i) % uris.size()));
        }
        return order;
    }

    /**
     * Tabs of the user and of a stranger on every instance (each reconnecting to the next ones),
     * runs on every in-process one.
     */
    private Scenario scenario(String name, List<Instance> emitting, List<URI> tabTargets) {
        Scenario scenario = opened(new Scenario(name, USER));
        for (int i = 0; i < tabTargets.size(); i++) {
            scenario.tab(THREADS, rotation(tabTargets, i));
            scenario.strangerTab(STRANGER, THREADS, rotation(tabTargets, i));
        }
        for (int i = 0; i < emitting.size(); i++) {
            Instance instance = emitting.get(i);
            // The first instance streams an answer into the stream the others send events to.
            scenario.run(instance.id() + "-1", instance.manager(), THREADS.get(0), i == 0);
            scenario.run(instance.id() + "-2", instance.manager(), THREADS.get(1), true);
        }
        return scenario;
    }

    private List<Instance> instances(String redisUri, Topology topology, String prefix,
            String... ids) {
        List<Instance> instances = new ArrayList<>();
        for (String id : ids) {
            instances.add(opened(Instance.start(redisUri, topology, prefix, id, LIMIT)));
        }
        return instances;
    }

    private static List<URI> uris(List<Instance> instances) {
        return instances.stream().map(Instance::uri).toList();
    }

    private static void assertExact(Tally.Counts counts) {
        assertThat(counts.silent()).as("silently missed: %s", counts.row()).isZero();
        assertThat(counts.duplicates()).as("duplicates: %s", counts.row()).isZero();
        assertThat(counts.outOfOrder()).as("out of order: %s", counts.row()).isZero();
        assertThat(counts.epochJumps()).as("epochs met past their start: %s", counts.row()).isZero();
        assertThat(counts.evicted()).as("wrongful evictions: %s", counts.row()).isZero();
        assertThat(counts.wrongUser()).as("frames on a wrong socket: %s", counts.row()).isZero();
        assertThat(counts.phantoms()).as("failed emits received: %s", counts.row()).isZero();
        assertThat(counts.textsWrong()).as("messages assembled wrongly: %s", counts.row()).isZero();
        assertThat(counts.charsLost()).as("characters lost: %s", counts.row()).isZero();
        assertThat(counts.charsDoubled()).as("characters doubled: %s", counts.row()).isZero();
        assertThat(counts.deltas()).as("deltas among the expected: %s", counts.row()).isPositive();
        assertThat(counts.live() + counts.recovered() + counts.reported())
                .isEqualTo(counts.expected());
        assertThat(counts.expected()).isPositive();
    }

    /** A fault on a standalone Redis that three instances share. */
    private void onSharedRedis(String name, boolean persistent,
            java.util.function.Function<RedisServerProcess, Scenario.Fault> fault) throws Exception {
        for (int trial = 1; trial <= TRIALS; trial++) {
            RedisServerProcess redis = opened(persistent ? RedisServerProcess.startPersistent()
                    : RedisServerProcess.start());
            List<Instance> all = instances(redis.uri(), Topology.STANDALONE, prefix(), "a", "b", "c");
            Scenario scenario = scenario(name + " #" + trial, all, uris(all));
            assertExact(scenario.play(20, fault.apply(redis)));
            stop();
        }
    }

    private static Scenario.Fault fault(Duration hold, ThrowingRunnable inject,
            ThrowingRunnable heal) {
        return new Scenario.Fault() {
            @Override
            public void inject() throws Exception {
                inject.run();
            }

            @Override
            public Duration hold() {
                return hold;
            }

            @Override
            public void heal() throws Exception {
                heal.run();
            }
        };
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    @DisplayName("Redis SIGKILL, restarted empty 1.5 s later")
    void redisKilledRestartedEmpty() throws Exception {
        onSharedRedis("redis-killed-restarted-empty", false, redis -> fault(Duration.ofMillis(1500),
                redis::kill, redis::restart));
    }

    @Test
    @DisplayName("Redis SIGKILL, restarted with its data (append-only file) 1.5 s later")
    void redisKilledRestartedWithData() throws Exception {
        onSharedRedis("redis-killed-restarted-with-data", true, redis ->
                fault(Duration.ofMillis(1500), redis::kill, redis::restart));
    }

    @Test
    @DisplayName("Redis SIGSTOP for 3 s")
    void redisPausedThreeSeconds() throws Exception {
        onSharedRedis("redis-paused-3s", false, redis -> fault(Duration.ofSeconds(3),
                redis::freeze, redis::thaw));
    }

    @Test
    @DisplayName("Redis SIGSTOP for 15 s")
    void redisPausedFifteenSeconds() throws Exception {
        onSharedRedis("redis-paused-15s", false, redis -> fault(Duration.ofSeconds(15),
                redis::freeze, redis::thaw));
    }

    @Test
    @DisplayName("an instance SIGKILLed (a JVM of its own): its tab moves, no live tab is evicted")
    void instanceKilled() throws Exception {
        for (int trial = 1; trial <= TRIALS; trial++) {
            RedisServerProcess redis = opened(RedisServerProcess.start());
            String prefix = prefix();
            List<Instance> survivors = instances(redis.uri(), Topology.STANDALONE, prefix, "a", "b");
            ChildInstance doomed = opened(ChildInstance.start(redis.uri(), prefix, "k", LIMIT));
            List<URI> targets = List.of(doomed.uri(), survivors.get(0).uri(),
                    survivors.get(1).uri());
            Scenario scenario = scenario("instance-killed #" + trial, survivors, targets);
            assertExact(scenario.play(20, fault(Duration.ofMillis(100), doomed::kill, () -> { })));
            assertThat(scenario.tabs().get(0).connects()).as("the killed instance's tab moved")
                    .isGreaterThanOrEqualTo(2);
            stop();
        }
    }

    @Test
    @DisplayName("graceful migration: an instance shuts down with 1012 while it runs and serves")
    void migration() throws Exception {
        for (int trial = 1; trial <= TRIALS; trial++) {
            RedisServerProcess redis = opened(RedisServerProcess.start());
            List<Instance> all = instances(redis.uri(), Topology.STANDALONE, prefix(), "a", "b", "c");
            Scenario scenario = scenario("migration-1012 #" + trial, all, uris(all));
            Instance leaving = all.get(1);
            CompletableFuture<Void> migrated = new CompletableFuture<>();
            assertExact(scenario.play(20, fault(Duration.ofMillis(100), () ->
                    CompletableFuture.runAsync(() -> {
                        try {
                            leaving.migrate();
                            migrated.complete(null);
                        } catch (Exception e) {
                            migrated.completeExceptionally(e);
                        }
                    }), () -> migrated.get(10, java.util.concurrent.TimeUnit.SECONDS))));
            assertThat(scenario.tabs().get(1).closeCodes()).contains(1012);
            stop();
        }
    }

    @Test
    @DisplayName("one instance cut off from Redis for 3 s (a black-hole proxy) while the others "
            + "are not")
    void oneInstanceCutOff() throws Exception {
        for (int trial = 1; trial <= TRIALS; trial++) {
            RedisServerProcess redis = opened(RedisServerProcess.start());
            String prefix = prefix();
            TcpProxy proxy = opened(TcpProxy.to(redis.port()));
            List<Instance> all = new ArrayList<>(instances(redis.uri(), Topology.STANDALONE, prefix,
                    "a", "b"));
            all.add(opened(Instance.start(proxy.uri(), Topology.STANDALONE, prefix, "c", LIMIT)));
            Scenario scenario = scenario("one-instance-cut-off #" + trial, all, uris(all));
            assertExact(scenario.play(20, fault(Duration.ofSeconds(3), proxy::cut, proxy::heal)));
            stop();
        }
    }

    @Test
    @DisplayName("Redis Cluster (3 masters, 3 replicas): the master of the user's slot SIGKILLed, "
            + "a replica promoted")
    void clusterFailover() throws Exception {
        for (int trial = 1; trial <= TRIALS; trial++) {
            RedisClusterProcess cluster = opened(RedisClusterProcess.start(3));
            String prefix = prefix();
            List<Instance> all = instances(cluster.uris(), Topology.CLUSTER, prefix, "a", "b", "c");
            Scenario scenario = scenario("redis-cluster-failover #" + trial, all, uris(all));
            String userKey = prefix + ":{u:" + USER + "}:conns";
            RedisServerProcess master = cluster.masterOf(userKey);
            assertExact(scenario.play(20, fault(Duration.ofMillis(100), () -> cluster.kill(master),
                    () -> cluster.awaitFailover(master, userKey))));
            assertThat(cluster.masterOf(userKey)).isNotSameAs(master);
            stop();
        }
    }
}
