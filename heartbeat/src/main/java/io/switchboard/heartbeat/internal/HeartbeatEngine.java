package io.switchboard.heartbeat.internal;

import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.LivenessStats;
import io.switchboard.heartbeat.HeartbeatConfig;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat's state machine. Each connection is in one of three states: waiting for its next
 * ping, pinged (answer expected), or suspect (no answer after {@code suspectAfter}). Any traffic
 * after the ping, measured by the manager's own "last seen", or a pong, answers it. One timer
 * thread and one timing wheel serve every connection; connect, disconnect and pong callbacks only
 * hand over to it through lock-free structures. A connection that closes is out of the wheel by
 * the next tick: nothing in the engine references it after that, so churn never piles closed
 * sockets up on the heap.
 */
public final class HeartbeatEngine {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatEngine.class);
    private static final int RTT_WINDOW = 4096;

    /** One monitored connection. Plain fields are the timer thread's alone. */
    private static final class Tracked extends TimingWheel.Entry {
        private static final VarHandle PONGS;

        static {
            try {
                PONGS = MethodHandles.lookup().findVarHandle(Tracked.class, "pongs", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Connection connection;
        // Counted from any transport thread; a field rather than an AtomicLong, as every
        // connection has one.
        volatile long pongs;
        volatile boolean removed;
        long pongsAtPing;
        long pingSentNanos;
        boolean pinged;
        boolean suspect;

        Tracked(Connection connection) {
            this.connection = connection;
        }
    }

    private final HeartbeatConfig config;
    private final Map<ConnectionId, Tracked> tracked = new ConcurrentHashMap<>();
    private final Queue<Tracked> arrivals = new ConcurrentLinkedQueue<>();
    private final Queue<Tracked> departures = new ConcurrentLinkedQueue<>();
    private final RttWindow rtt = new RttWindow(RTT_WINDOW);
    private final LongAdder pingsSent = new LongAdder();
    private final LongAdder pongsReceived = new LongAdder();
    private final LongAdder timeoutsDetected = new LongAdder();
    private final LongAdder connectionsDropped = new LongAdder();
    private final LongAdder resurrections = new LongAdder();
    private final Object lifecycle = new Object();
    // Guarded by lifecycle.
    private WebSocketManager manager;
    private ScheduledExecutorService timer;
    // Joined on stop: an executor reports termination before its worker thread has exited.
    private Thread timerThread;
    // The timer thread's alone.
    private TimingWheel<Tracked> wheel;

    /**
     * Creates the engine.
     *
     * @param config intervals and timeouts
     */
    public HeartbeatEngine(HeartbeatConfig config) {
        this.config = config;
    }

    /**
     * Starts the timer thread for {@code manager}.
     *
     * @param manager the manager whose connections are monitored
     * @throws IllegalStateException if already started
     */
    public void start(WebSocketManager manager) {
        synchronized (lifecycle) {
            if (this.manager != null) {
                throw new IllegalStateException("a heartbeat monitor serves one manager");
            }
            this.manager = manager;
            long tick = config.tick().toNanos();
            long span = config.interval().plus(config.timeout()).toNanos() + 2 * tick;
            wheel = new TimingWheel<>(tick, span, System.nanoTime());
            timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "switchboard-heartbeat");
                thread.setDaemon(true);
                timerThread = thread;
                return thread;
            });
            timer.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops the timer thread and waits for it. Idempotent. */
    public void stop() {
        ScheduledExecutorService running;
        Thread worker;
        synchronized (lifecycle) {
            running = timer;
            worker = timerThread;
            timer = null;
            timerThread = null;
        }
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            boolean stopped = running.awaitTermination(5, TimeUnit.SECONDS);
            if (stopped && worker != null && worker != Thread.currentThread()) {
                worker.join(TimeUnit.SECONDS.toMillis(5));
                stopped = !worker.isAlive();
            }
            if (!stopped) {
                LOG.warn("heartbeat timer did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts monitoring a connection; its first ping falls at a random point of the interval, so
     * pings spread out instead of firing together.
     *
     * @param connection the new connection
     */
    public void connected(Connection connection) {
        Tracked entry = new Tracked(connection);
        tracked.put(connection.id(), entry);
        arrivals.add(entry);
    }

    /**
     * Stops monitoring a connection; the next tick takes it out of the wheel.
     *
     * @param connection the removed connection
     */
    public void disconnected(Connection connection) {
        Tracked entry = tracked.remove(connection.id());
        if (entry != null) {
            entry.removed = true;
            departures.add(entry);
        }
    }

    /**
     * Records a pong, and its round trip if it echoes one of our pings.
     *
     * @param connection the connection that answered
     * @param payload the pong's payload
     */
    public void pong(Connection connection, ByteBuffer payload) {
        long now = System.nanoTime();
        pongsReceived.increment();
        Tracked entry = tracked.get(connection.id());
        if (entry != null) {
            Tracked.PONGS.getAndAdd(entry, 1L);
        }
        if (payload.remaining() == Long.BYTES) {
            long roundTrip = now - payload.getLong(payload.position());
            if (roundTrip >= 0 && roundTrip <= config.timeout().toNanos() * 10) {
                rtt.record(roundTrip);
            }
        }
    }

    /**
     * The figures so far.
     *
     * @return the stats
     */
    public LivenessStats stats() {
        double[] summary = rtt.summaryMillis();
        return LivenessStats.builder()
                .pingsSent(pingsSent.sum())
                .pongsReceived(pongsReceived.sum())
                .timeoutsDetected(timeoutsDetected.sum())
                .connectionsDropped(connectionsDropped.sum())
                .resurrections(resurrections.sum())
                .avgPingMillis(summary[0])
                .p50PingMillis(summary[1])
                .p99PingMillis(summary[2])
                .maxPingMillis(summary[3])
                .monitored(tracked.size())
                .build();
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            long interval = config.interval().toNanos();
            for (Tracked entry; (entry = arrivals.poll()) != null; ) {
                if (!entry.removed) {
                    schedule(entry, now + ThreadLocalRandom.current().nextLong(interval));
                }
            }
            // After the arrivals, so that a connection that came and went since the last tick
            // is dropped whichever queue it is found in.
            for (Tracked entry; (entry = departures.poll()) != null; ) {
                wheel.cancel(entry);
            }
            for (Tracked entry : wheel.advance(now)) {
                act(entry, now);
            }
        } catch (RuntimeException e) {
            LOG.warn("heartbeat tick failed; the next tick goes on", e);
        }
    }

    private void act(Tracked entry, long now) {
        if (entry.removed) {
            return;
        }
        if (!entry.pinged) {
            ping(entry, now);
            return;
        }
        long sincePing = now - entry.pingSentNanos;
        if (answered(entry, sincePing)) {
            if (entry.suspect) {
                resurrections.increment();
            }
            entry.pinged = false;
            entry.suspect = false;
            schedule(entry, Math.max(entry.pingSentNanos + config.interval().toNanos(), now));
        } else if (sincePing >= config.timeout().toNanos()) {
            timeoutsDetected.increment();
            disconnected(entry.connection);
            if (manager().disconnect(entry.connection.id(), CloseReason.HEARTBEAT_TIMEOUT)) {
                connectionsDropped.increment();
            }
        } else {
            entry.suspect = true;
            schedule(entry, entry.pingSentNanos + config.timeout().toNanos());
        }
    }

    private void ping(Tracked entry, long now) {
        entry.pinged = true;
        entry.pingSentNanos = now;
        entry.pongsAtPing = entry.pongs;
        ByteBuffer payload = ByteBuffer.allocate(Long.BYTES).putLong(0, now);
        pingsSent.increment();
        // A failed ping needs no handling here: an unanswered ping times out like any other.
        entry.connection.sendPing(payload);
        schedule(entry, now + config.suspectAfter().toNanos());
    }

    private void schedule(Tracked entry, long dueNanos) {
        wheel.schedule(entry, dueNanos);
    }

    // A pong after the ping, or any other traffic since it (the manager's notion of last seen).
    private boolean answered(Tracked entry, long sincePing) {
        if (entry.pongs > entry.pongsAtPing) {
            return true;
        }
        return manager().idleTime(entry.connection.id())
                .map(idle -> idle.compareTo(Duration.ofNanos(sincePing)) < 0)
                .orElse(false);
    }

    private WebSocketManager manager() {
        synchronized (lifecycle) {
            return manager;
        }
    }
}
