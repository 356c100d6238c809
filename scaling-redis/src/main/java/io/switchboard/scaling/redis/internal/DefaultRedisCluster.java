package io.switchboard.scaling.redis.internal;

import io.lettuce.core.RedisException;
import io.switchboard.core.CloseReason;
import io.switchboard.core.cluster.ClusterListener;
import io.switchboard.core.cluster.ClusterReplayLog;
import io.switchboard.core.cluster.ClusterStats;
import io.switchboard.core.cluster.Forwarded;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.scaling.redis.RedisCluster;
import io.switchboard.scaling.redis.RedisClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of {@link RedisCluster}. Not public API: obtain it through
 * {@link RedisCluster#create}.
 *
 * <p>Composes the parts: {@link LocalRegistry} (this instance's entries), {@link Membership}
 * (heartbeat and view), {@link UserLimits}, {@link Inboxes} and {@link InboxReader} (messages
 * between instances, each instance's inbox in its own slot) and {@link RedisReplayLog}. A
 * maintenance thread heartbeats, refreshes the view, and drives recovery after Redis failed:
 * re-registration, sending stream frames that could not be sent, and a check of every local
 * stream against the log whenever frames routed here may have been lost.
 */
public final class DefaultRedisCluster implements RedisCluster {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultRedisCluster.class);

    private final RedisClusterConfig config;
    private final String self;
    private final RedisLink link;
    private final Keys keys;
    private final Inboxes inboxes;
    private final RedisReplayLog log;
    private final LocalRegistry registry;
    private final Membership membership;
    private final UserLimits limits;
    private final InboxReader inbox;
    private final ScheduledExecutorService maintenance;
    private final ExecutorService events;
    private final AtomicLong verifications = new AtomicLong();
    private final AtomicBoolean verifyDue = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ClusterListener listener;
    // Maintenance thread only.
    private long lastBeatNanos;
    private boolean registryLost;

    private DefaultRedisCluster(RedisClusterConfig config, RedisLink link) {
        this.config = config;
        this.self = config.instanceId();
        this.link = link;
        this.keys = new Keys(config.keyPrefix());
        long inboxTtl = Math.max(60_000, config.instanceTtl().toMillis() * 10);
        this.inboxes = new Inboxes(link, keys, config.inboxMaxLength(), inboxTtl);
        String name = "switchboard-redis-" + self;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(daemon(name + "-maintenance"));
        this.events = Executors.newSingleThreadExecutor(daemon(name + "-events"));
        this.membership = new Membership(link, keys, self, config.instanceTtl().toMillis(),
                inboxTtl);
        this.log = new RedisReplayLog(link, keys, inboxes, membership, config);
        this.limits = new UserLimits(link, keys, self, config.maxConnectionsPerUser(),
                config.heartbeatInterval().toMillis(), membership, maintenance,
                connection -> onEvents(() -> listener.closeLocally(connection, CloseReason.EVICTED)),
                target -> inboxes.pushAndWait(List.of(target[0]), "k", "e", "c", target[1]));
        this.registry = new LocalRegistry(link, keys, self, config.maxConnectionsPerUser(),
                limits::overLimit);
        this.inbox = new InboxReader(link, keys.inbox(self), name + "-inbox", this::received,
                this::verifySoon);
    }

    /**
     * Connects to Redis; see {@link RedisCluster#create}.
     *
     * @param config the configuration
     * @return the port
     */
    public static RedisCluster create(RedisClusterConfig config) {
        Objects.requireNonNull(config, "config");
        return new DefaultRedisCluster(config, new RedisLink(config));
    }

    @Override
    public Optional<ClusterReplayLog> replayLog() {
        return Optional.of(log);
    }

    @Override
    public void start(ClusterListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the Redis cluster port is already started");
        }
        this.listener = listener;
        // Leftovers of an earlier life under the same id (a fixed id restarted before its entries
        // expired): its inbox would otherwise be delivered to the new life's clients.
        membership.cleanUp(self, true);
        membership.beat(0);
        lastBeatNanos = System.nanoTime();
        membership.refresh(0);
        // Tells the others at once, rather than at their next refresh.
        List<String> others = others();
        if (!others.isEmpty()) {
            inboxes.pushAndWait(others, "k", "j", "o", self);
        }
        inbox.start();
        long tick = Math.max(20, Math.min(250, config.heartbeatInterval().toMillis() / 4));
        maintenance.scheduleWithFixedDelay(this::maintain, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("instance {} joined the cluster at {} ({} instances alive)", self,
                config.redisUri(), membership.view().alive().size());
    }

    @Override
    public void connectionOpened(UserId user, ConnectionId connection) {
        if (!closed.get()) {
            registry.opened(user, connection);
        }
    }

    @Override
    public void connectionClosed(UserId user, ConnectionId connection) {
        if (!closed.get()) {
            registry.closed(user, connection);
        }
    }

    @Override
    public void roomJoined(RoomName room, ConnectionId connection) {
        if (!closed.get()) {
            registry.joined(room);
        }
    }

    @Override
    public void roomLeft(RoomName room, ConnectionId connection) {
        if (!closed.get()) {
            registry.left(room);
        }
    }

    @Override
    public Forwarded forward(Target target, TextFrame frame) {
        if (closed.get() || !started.get()) {
            return Forwarded.NONE;
        }
        if (target instanceof Target.User || target instanceof Target.Thread) {
            // Stream events are stored and routed by this port's log, never forwarded here.
            return Forwarded.NONE;
        }
        List<String> holders;
        String[] message;
        try {
            if (target instanceof Target.Room room) {
                String name = room.room().value();
                holders = link.await(link.async().smembers(keys.room(name))).stream()
                        .filter(id -> !id.equals(self)).toList();
                message = new String[] {"k", "r", "r", name, "f", FrameWire.write(frame)};
            } else if (target instanceof Target.Connection connection) {
                String owner = link.await(link.async().get(
                        keys.connectionOwner(connection.connection())));
                String instance = owner == null ? self : owner.substring(0, owner.indexOf('|'));
                holders = instance.equals(self) ? List.of() : List.of(instance);
                message = new String[] {"k", "c", "c", connection.connection().value(), "f",
                    FrameWire.write(frame)};
            } else {
                // The registered instances, not only this one's view: one that joined since the
                // last refresh gets it too.
                java.util.Set<String> everyone = new java.util.TreeSet<>(others());
                link.await(link.async().smembers(keys.instances())).stream()
                        .filter(id -> !id.equals(self) && !membership.departed(id))
                        .forEach(everyone::add);
                holders = List.copyOf(everyone);
                message = new String[] {"k", "a", "o", self, "f", FrameWire.write(frame)};
            }
        } catch (RedisException e) {
            // Whom to reach is not known: every other instance may have missed it.
            return new Forwarded(0, others().size());
        }
        if (holders.isEmpty()) {
            return Forwarded.NONE;
        }
        int taken = inboxes.pushAndWait(holders, message);
        return new Forwarded(taken, holders.size() - taken);
    }

    @Override
    public Optional<ClusterStats> globalStats() {
        Membership.View view = membership.view();
        return Optional.of(ClusterStats.builder()
                .instances(view.alive().size())
                .connections(view.connections())
                .users(view.users())
                .forwardsSent(inboxes.sent())
                .forwardsReceived(inbox.received())
                .build());
    }

    @Override
    public String instanceId() {
        return self;
    }

    @Override
    public boolean redisAvailable() {
        return link.available();
    }

    /** How often this instance checked its streams against the log. */
    long verifications() {
        return verifications.get();
    }

    RedisReplayLog log() {
        return log;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        link.closing();
        maintenance.shutdownNow();
        try {
            maintenance.awaitTermination(link.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (started.get()) {
            inbox.stop();
            try {
                List<String> others = others();
                if (!others.isEmpty()) {
                    inboxes.pushAndWait(others, "k", "x", "o", self);
                }
                membership.cleanUp(self, true);
            } catch (RuntimeException e) {
                LOG.debug("withdrawing instance {} failed; its entries expire with it", self, e);
            }
        }
        link.close();
        events.shutdown();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("instance {} left the cluster", self);
    }

    @Override
    public String toString() {
        return "RedisCluster[" + self + " at " + config.redisUri() + "]";
    }

    // ---- maintenance -----------------------------------------------------------------------------

    private void maintain() {
        if (closed.get()) {
            return;
        }
        try {
            boolean recovering = !link.available();
            if (recovering) {
                link.await(link.async().ping());
            }
            long now = System.nanoTime();
            boolean beatDue = recovering
                    || now - lastBeatNanos >= config.heartbeatInterval().toNanos();
            if (beatDue) {
                lastBeatNanos = now;
                Membership.Beat beat = membership.beat(registry.connectionCount());
                registryLost |= beat.registryLost() || beat.dataLost();
            }
            if (registryLost || registry.dirty()) {
                registry.resync();
            }
            inboxes.retryPending();
            if (link.recovered() || registryLost) {
                // Frames routed here may have been lost meanwhile (or routing skipped this
                // instance while it was not registered): the log says what each connection misses.
                registryLost = false;
                verifySoon();
            }
            if (beatDue) {
                if (membership.refresh(registry.connectionCount())) {
                    // An instance died, perhaps between storing an event and forwarding it.
                    verifySoon();
                }
                inbox.trim();
            }
            if (verifyDue.getAndSet(false)) {
                onEvents(this::verify);
            }
        } catch (RedisException e) {
            link.failed(e);
        } catch (RuntimeException e) {
            LOG.warn("cluster maintenance failed", e);
        }
    }

    private void verifySoon() {
        verifyDue.set(true);
    }

    private void verify() {
        verifications.incrementAndGet();
        listener.verifyStreams();
        if (!link.available()) {
            // Redis failed during the check: it runs again once Redis answers.
            verifySoon();
        }
    }

    private List<String> others() {
        Set<String> alive = membership.view().alive();
        List<String> others = new ArrayList<>(alive.size());
        for (String id : alive) {
            if (!id.equals(self)) {
                others.add(id);
            }
        }
        return others;
    }

    // ---- receiving -------------------------------------------------------------------------------

    // On the inbox thread, in inbox order.
    private void received(Map<String, String> message) {
        String kind = message.getOrDefault("k", "");
        switch (kind) {
            case "s" -> {
                UserId user = UserId.of(message.get("u"));
                String thread = message.getOrDefault("h", "");
                listener.deliverLocally(thread.isEmpty() ? new Target.User(user)
                        : new Target.Thread(user, ThreadId.of(thread)),
                        FrameWire.read(message.get("f")));
            }
            case "r" -> listener.deliverLocally(new Target.Room(RoomName.of(message.get("r"))),
                    FrameWire.read(message.get("f")));
            case "c" -> listener.deliverLocally(
                    new Target.Connection(ConnectionId.of(message.get("c"))),
                    FrameWire.read(message.get("f")));
            case "a" -> {
                if (!self.equals(message.get("o"))) {
                    listener.deliverLocally(new Target.All(), FrameWire.read(message.get("f")));
                }
            }
            case "e" -> {
                ConnectionId connection = ConnectionId.of(message.get("c"));
                onEvents(() -> listener.closeLocally(connection, CloseReason.EVICTED));
            }
            case "j" -> membership.announced(message.get("o"));
            case "x" -> membership.left(message.get("o"));
            default -> LOG.debug("inbox message of unknown kind {} ignored", kind);
        }
    }

    // Runs cluster work in order on the events thread, never on Lettuce's.
    private void onEvents(Runnable task) {
        try {
            events.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("handling a cluster message failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("cluster port closed; a cluster message was dropped");
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
