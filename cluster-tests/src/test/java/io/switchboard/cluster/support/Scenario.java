package io.switchboard.cluster.support;

import static org.awaitility.Awaitility.await;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.EmitOutcome;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One trial of a fault: tabs of one user on every instance (and tabs of another user, who must
 * receive nothing of the runs), runs emitting concurrently on every
 * instance into the same thread and into different threads of that user, and a fault injected
 * once the first run has emitted a given number of events, held for a while and healed. Runs
 * keep emitting until some time after the heal, so that what follows a fault is counted too. Then
 * the tabs settle and the scenario is counted by {@link Tally}, from the clients' side only.
 *
 * <p>A run either emits application events or streams answers: messages of {@link #TOKENS}
 * deltas, one token per step ({@link CountingTab#token}), each opened by {@code message_started}
 * and closed by {@code message_completed}, alternating with tool calls whose arguments stream as
 * {@link #TOKENS} {@code tool_call_delta}s.
 */
public final class Scenario implements AutoCloseable {

    /** How many events each run emits at least. */
    public static final int STEPS = 60;
    /** Deltas per streamed message. */
    public static final int TOKENS = 10;
    private static final Duration PACE = Duration.ofMillis(15);
    private static final Duration TAIL = Duration.ofMillis(1500);
    private static final Duration SETTLE = Duration.ofSeconds(40);

    /** A fault: what to do, how long to hold it, how to heal it. */
    public interface Fault {
        /** Injects the fault; may block briefly. */
        void inject() throws Exception;

        /** How long the fault lasts before {@link #heal()}. */
        Duration hold();

        /** Ends the fault (restart, thaw, reconnect); may do nothing. */
        void heal() throws Exception;
    }

    private record Run(RunLedger ledger, AgentEmitter emitter, boolean streams) {
    }

    private final String name;
    private final String user;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<CountingTab> tabs = new ArrayList<>();
    private final List<CountingTab> strangers = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile long healedAt;

    public Scenario(String name, String user) {
        this.name = name;
        this.user = user;
    }

    /** A tab following {@code threads}, connected to {@code targets.get(0)} first. */
    public CountingTab tab(List<String> threads, List<URI> targets) {
        CountingTab tab = new CountingTab(user, threads, targets, http);
        tabs.add(tab);
        return tab;
    }

    /**
     * A tab of {@code stranger}, another user, following threads named as the user's: it must
     * receive nothing of the runs (counted as {@code wrongUser}).
     */
    public CountingTab strangerTab(String stranger, List<String> threads, List<URI> targets) {
        CountingTab tab = new CountingTab(stranger, threads, targets, http);
        strangers.add(tab);
        return tab;
    }

    /**
     * A run on {@code manager} emitting into {@code thread}.
     *
     * @param streams whether it streams answers (deltas) rather than application events
     */
    public void run(String run, WebSocketManager manager, String thread, boolean streams) {
        runs.add(new Run(new RunLedger(run, thread),
                manager.emitter(UserId.of(user), ThreadId.of(thread), RunId.of(run)), streams));
    }

    public List<CountingTab> tabs() {
        return tabs;
    }

    /**
     * Plays the trial and counts it.
     *
     * @param faultAtStep the first run's step at which the fault is injected
     * @param fault the fault
     * @return the counts, once the tabs settled
     */
    public Tally.Counts play(int faultAtStep, Fault fault) throws Exception {
        tabs.forEach(CountingTab::awaitSubscribed);
        strangers.forEach(CountingTab::awaitSubscribed);
        List<Thread> drivers = new ArrayList<>();
        for (Run run : runs) {
            Thread driver = new Thread(() -> drive(run), "run-" + run.ledger().run());
            driver.setDaemon(true);
            drivers.add(driver);
        }
        drivers.forEach(Thread::start);
        RunLedger first = runs.get(0).ledger();
        await("the first run to reach step " + faultAtStep).atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).pollInSameThread()
                .until(() -> first.steps() >= faultAtStep);
        long injectedAt = System.currentTimeMillis();
        fault.inject();
        long holdUntil = System.nanoTime() + fault.hold().toNanos();
        while (System.nanoTime() < holdUntil) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        fault.heal();
        healedAt = System.nanoTime();
        for (Thread driver : drivers) {
            driver.join(Duration.ofSeconds(120).toMillis());
        }
        List<String> silent = new ArrayList<>();
        AtomicReference<Tally.Counts> latest = new AtomicReference<>();
        try {
            await("the tabs to settle").atMost(SETTLE).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).pollInSameThread().until(() -> {
                        silent.clear();
                        Tally.Counts now = Tally.count(ledgers(), tabs, strangers, silent);
                        latest.set(now);
                        return now.silent() == 0 && now.textsWrong() == 0
                                && tabs.stream().allMatch(CountingTab::settled);
                    });
        } catch (ConditionTimeoutException unsettled) {
            // Not a failure by itself: the counts below say what did not settle, and the caller
            // asserts on them.
        }
        Tally.Counts counts = latest.get();
        // One println, so that no other thread's output splits the line.
        System.out.println(String.format("FAULT %-34s %s injected-at=%d ms-after-start tabs=%d "
                + "closes=%s", name, counts.row(), injectedAt % 100_000, tabs.size(),
                tabs.stream().map(CountingTab::closeCodes).toList()));
        if (counts.silent() + counts.duplicates() + counts.outOfOrder() + counts.evicted()
                + counts.epochJumps() + counts.textsWrong() + counts.wrongUser() > 0) {
            silent.stream().limit(20).forEach(line -> System.out.println("FAULT-DETAIL " + line));
            for (CountingTab tab : allTabs()) {
                System.out.println("FAULT-TIMELINE " + tab + " " + tab.timeline());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a run failed", failures.get(0));
        }
        return counts;
    }

    private List<CountingTab> allTabs() {
        List<CountingTab> all = new ArrayList<>(tabs);
        all.addAll(strangers);
        return all;
    }

    private List<RunLedger> ledgers() {
        return runs.stream().map(Run::ledger).toList();
    }

    // Emits at a steady pace until it emitted STEPS and the fault healed a while ago.
    private void drive(Run run) {
        try {
            for (int n = 1; ; n++) {
                long heal = healedAt;
                if (n > STEPS && heal != 0 && System.nanoTime() - heal > TAIL.toNanos()) {
                    return;
                }
                long startedAt = System.currentTimeMillis();
                try {
                    if (run.streams()) {
                        stream(run, n, startedAt);
                    } else {
                        EmitOutcome outcome = run.emitter().application(ApplicationEvent.of(
                                CountingTab.EVENT, Map.of("run", run.ledger().run(), "n", n)))
                                .get(60, TimeUnit.SECONDS);
                        run.ledger().emitted(n, startedAt, outcome);
                    }
                } catch (TimeoutException e) {
                    run.ledger().unanswered(n, startedAt);
                }
                LockSupport.parkNanos(PACE.toNanos());
            }
        } catch (Exception | AssertionError e) {
            failures.add(e);
        }
    }

    // Step n of a streaming run: one delta of the current message, opened and closed around it;
    // every other message is a tool call's arguments instead (tool_call_delta, no start or end).
    // A message's start or end that fails is not counted: only the text is.
    private static void stream(Run run, int n, long startedAt) throws Exception {
        int index = (n - 1) / TOKENS;
        String message = run.ledger().run() + "-m" + index;
        int place = (n - 1) % TOKENS;
        String token = CountingTab.token(run.ledger().run(), n);
        if (index % 2 == 1) {
            EmitOutcome outcome = run.emitter().toolCallDelta(message, "search", token)
                    .get(60, TimeUnit.SECONDS);
            run.ledger().streamed(n, startedAt, outcome, message, token, false);
            return;
        }
        if (place == 0) {
            run.emitter().messageStarted(message, MessageKind.TEXT).get(60, TimeUnit.SECONDS);
        }
        EmitOutcome outcome = run.emitter().messageDelta(message, token).get(60, TimeUnit.SECONDS);
        run.ledger().streamed(n, startedAt, outcome, message, token, true);
        if (place == TOKENS - 1) {
            run.emitter().messageCompleted(message).get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        allTabs().forEach(CountingTab::close);
    }
}
