package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.scaling.redis.testing.Await;
import io.switchboard.cluster.support.ChildInstance;
import io.switchboard.cluster.support.Instance;
import io.switchboard.cluster.support.Ledger;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import io.switchboard.cluster.support.TabClient;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Faults while runs emit, with every (event, tab) pair accounted for: delivered live, recovered
 * from the shared log, reported lost, or silently lost, which must be zero. Each scenario prints
 * one {@code FAULT} line with its counts.
 */
@DisplayName("Faults while runs emit: nothing is lost silently")
class ClusterFaultTest {

    private static final int STEPS = 120;
    private static final Duration PACE = Duration.ofMillis(10);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private RedisServerProcess redis;
    private String prefix;
    private HttpClient http;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start();
        prefix = "fault" + UUID.randomUUID().toString().substring(0, 6);
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        redis.close();
    }

    private Instance instance(String id) {
        Instance instance = Instance.start(redis.uri(), prefix, id, 0);
        open.add(instance);
        return instance;
    }

    private TabClient tab(String user, String thread, URI... targets) {
        TabClient tab = new TabClient(user, thread, List.of(targets), http);
        open.add(tab);
        tab.awaitSubscribed();
        return tab;
    }

    private void awaitRegistered(String user, int connections) {
        Await.until(Duration.ofSeconds(10), () -> user + " has " + connections + " connections",
                () -> redis.command("ZCARD", prefix + ":user:" + user)
                        .equals(":" + connections + "\r\n"));
    }

    /** One run: its emitter, its user's tabs, and what was emitted. */
    private record Run(String name, AgentEmitter emitter, List<TabClient> tabs, Ledger ledger) {
        Run(String name, AgentEmitter emitter, List<TabClient> tabs) {
            this(name, emitter, tabs, new Ledger());
        }
    }

    private static AgentEmitter emitter(Instance on, String user, String thread) {
        return on.manager().emitter(UserId.of(user), ThreadId.of(thread), RunId.of("r-" + user));
    }

    /**
     * Emits {@link #STEPS} events per run at a steady pace, calling {@code fault} before each
     * step; then waits until every tab has every stored event or a report covering it.
     */
    private List<Ledger.Counts> emit(String scenario, List<Run> runs, IntConsumer fault)
            throws Exception {
        for (int n = 1; n <= STEPS; n++) {
            fault.accept(n);
            List<CompletableFuture<EmitOutcome>> step = new ArrayList<>();
            long startedAt = System.currentTimeMillis();
            for (Run run : runs) {
                step.add(run.emitter().application(ApplicationEvent.of(TabClient.EVENT,
                        Map.of("n", n))));
            }
            for (int i = 0; i < runs.size(); i++) {
                runs.get(i).ledger().emitted(n, startedAt, step.get(i).get(10, TimeUnit.SECONDS));
            }
            LockSupport.parkNanos(PACE.toNanos());
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline
                && !runs.stream().allMatch(run -> run.ledger().settled(run.tabs()))) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        List<Ledger.Counts> all = new ArrayList<>();
        for (Run run : runs) {
            Ledger.Counts counts = run.ledger().count(run.tabs());
            System.out.printf("FAULT %s run=%s tabs=%d %s closes=%s recoveryFailed=%s busy=%s%n",
                    scenario, run.name(), run.tabs().size(), counts,
                    run.tabs().stream().map(TabClient::closeCodes).toList(),
                    run.tabs().stream().map(tab -> tab.reports().size()).toList(),
                    run.tabs().stream().map(TabClient::busy).toList());
            if (counts.reportedLost() + counts.silentlyLost() > 0) {
                System.out.println("FAULT-DETAIL " + scenario + " run=" + run.name()
                        + run.ledger().missing(run.tabs()));
            }
            all.add(counts);
        }
        return all;
    }

    // Run u on instance a with a tab on each instance; run w on b with tabs on c and a.
    private List<Run> twoRunsOnThreeInstances() throws Exception {
        Instance a = instance("a");
        Instance b = instance("b");
        Instance c = instance("c");
        Run u = new Run("u", emitter(a, "u", "t-1"), List.of(
                tab("u", "t-1", a.uri(), b.uri(), c.uri()),
                tab("u", "t-1", b.uri(), c.uri(), a.uri()),
                tab("u", "t-1", c.uri(), a.uri(), b.uri())));
        Run w = new Run("w", emitter(b, "w", "t-2"), List.of(
                tab("w", "t-2", c.uri(), a.uri(), b.uri()),
                tab("w", "t-2", a.uri(), b.uri(), c.uri())));
        awaitRegistered("u", 3);
        awaitRegistered("w", 2);
        return List.of(u, w);
    }

    private static void assertNothingSilentlyLost(List<Ledger.Counts> counts) {
        for (Ledger.Counts count : counts) {
            assertThat(count.silentlyLost()).as("silently lost: %s", count).isZero();
            assertThat(count.deliveredLive() + count.recovered() + count.reportedLost())
                    .isEqualTo(count.expected());
            assertThat(count.emitted()).isEqualTo(STEPS);
        }
    }

    @Test
    @DisplayName("Redis killed and restarted empty while two runs emit")
    void redisKilledAndRestarted() throws Exception {
        List<Run> runs = twoRunsOnThreeInstances();
        Run u = runs.get(0);

        List<Ledger.Counts> counts = emit("redis-killed-and-restarted", runs, n -> {
            if (n == 40) {
                redis.kill();
            } else if (n == 80) {
                redis.restart();
            }
        });
        assertNothingSilentlyLost(counts);
        assertThat(counts).allSatisfy(count -> assertThat(count.reportedToEmitter()).isZero());
        // Every instance noticed the empty restart and told its clients to resume.
        assertThat(u.tabs()).allSatisfy(tab -> assertThat(tab.closeCodes()).contains(1012));
    }

    @Test
    @DisplayName("Redis frozen (SIGSTOP) then thawed (SIGCONT) while two runs emit")
    void redisFrozenThenThawed() throws Exception {
        List<Run> runs = twoRunsOnThreeInstances();

        List<Ledger.Counts> counts = emit("redis-frozen-then-thawed", runs, n -> {
            if (n == 40) {
                redis.freeze();
            } else if (n == 80) {
                redis.thaw();
            }
        });
        assertNothingSilentlyLost(counts);
        // The log kept everything: nothing is even reported lost.
        assertThat(counts).allSatisfy(count -> assertThat(count.reportedLost()).isZero());
    }

    @Test
    @DisplayName("an instance killed without shutdown: its clients resume elsewhere, and "
            + "survivors stop routing to it")
    void instanceKilled() throws Exception {
        Instance a = instance("a");
        Instance b = instance("b");
        ChildInstance k = ChildInstance.start(redis.uri(), prefix, "k");
        open.add(k);
        Run u = new Run("u", emitter(a, "u", "t-1"), List.of(
                tab("u", "t-1", k.uri(), b.uri()),
                tab("u", "t-1", k.uri(), a.uri()),
                tab("u", "t-1", b.uri(), a.uri())));
        awaitRegistered("u", 3);

        List<Ledger.Counts> counts = emit("instance-killed", List.of(u), n -> {
            if (n == 40) {
                k.kill();
            }
        });
        assertNothingSilentlyLost(counts);
        assertThat(counts.get(0).reportedLost()).isZero();
        assertThat(u.tabs().get(0).connects()).isEqualTo(2);

        Await.until(Duration.ofSeconds(15), "a survivor removes the dead instance", () ->
                redis.command("SISMEMBER", prefix + ":instances", "k").equals(":0\r\n")
                        && redis.command("EXISTS", prefix + ":inst:k:inbox-seq").equals(":0\r\n"));
        EmitOutcome after = u.emitter().application(ApplicationEvent.of(TabClient.EVENT,
                Map.of("n", STEPS + 1))).get(10, TimeUnit.SECONDS);
        assertThat(after.outcome().forwardedInstances()).as("only b holds u's remote tabs now")
                .isEqualTo(1);
        assertThat(redis.command("EXISTS", prefix + ":inst:k:inbox-seq")).isEqualTo(":0\r\n");
    }

    @Test
    @DisplayName("shutdown migration: an instance stops with 1012 and its clients resume "
            + "elsewhere with no loss")
    void shutdownMigration() throws Exception {
        Instance a = instance("a");
        Instance b = instance("b");
        Instance c = instance("c");
        Run u = new Run("u", emitter(a, "u", "t-1"), List.of(
                tab("u", "t-1", b.uri(), c.uri()),
                tab("u", "t-1", b.uri(), a.uri()),
                tab("u", "t-1", c.uri(), a.uri())));
        awaitRegistered("u", 3);

        CompletableFuture<Void> migrated = new CompletableFuture<>();
        List<Ledger.Counts> counts = emit("shutdown-migration", List.of(u), n -> {
            if (n == 40) {
                CompletableFuture.runAsync(() -> {
                    try {
                        b.migrate();
                        migrated.complete(null);
                    } catch (Exception e) {
                        migrated.completeExceptionally(e);
                    }
                });
            }
        });
        migrated.get(10, TimeUnit.SECONDS);
        assertNothingSilentlyLost(counts);
        assertThat(counts.get(0).reportedLost()).isZero();
        assertThat(u.tabs().get(0).closeCodes()).containsExactly(1012);
        assertThat(u.tabs().get(1).closeCodes()).containsExactly(1012);
    }
}
