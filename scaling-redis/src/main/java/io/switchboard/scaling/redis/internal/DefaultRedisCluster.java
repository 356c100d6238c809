package io.switchboard.scaling.redis.internal;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.switchboard.core.CloseReason;
import io.switchboard.core.cluster.ClusterListener;
import io.switchboard.core.cluster.ClusterStats;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.scaling.redis.RedisCluster;
import io.switchboard.scaling.redis.RedisClusterConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
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
 * (heartbeat and view), {@link RoomRoutes}, {@link InboxReader} (stream frames routed here),
 * pub/sub (room, connection and broadcast frames, evictions, room notices) and
 * {@link RedisReplayLog}. A maintenance thread heartbeats, refreshes the view, and drives recovery
 * after Redis failed: re-registration, adoption of fallback segments, and a resync of the clients
 * when the registry or an inbox lost frames.
 */
public final class DefaultRedisCluster implements RedisCluster {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultRedisCluster.class);

    private final RedisClusterConfig config;
    private final String self;
    private final RedisLink link;
    private final Keys keys;
    private final Handoff handoff = new Handoff();
    private final RedisReplayLog log;
    private final LocalRegistry registry;
    private final Membership membership;
    private final RoomRoutes rooms;
    private final InboxReader inbox;
    private final ScheduledExecutorService maintenance;
    private final ExecutorService events;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong publishedReceived = new AtomicLong();
    private final AtomicLong clientResyncs = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean warnedUnroutedStream = new AtomicBoolean();
    private volatile ClusterListener listener;
    // Maintenance thread only.
    private long lastBeatNanos;
    private boolean pendingResync;

    private DefaultRedisCluster(RedisClusterConfig config, RedisLink link) {
        this.config = config;
        this.self = config.instanceId();
        this.link = link;
        this.keys = new Keys(config.keyPrefix());
        this.log = new RedisReplayLog(link, keys, handoff, config, Clock.systemUTC());
        this.registry = new LocalRegistry(link, keys, self, config.maxConnectionsPerUser());
        this.membership = new Membership(link, keys, self, config.instanceTtl().toMillis());
        this.rooms = new RoomRoutes(link, keys);
        String name = "switchboard-redis-" + self;
        this.inbox = new InboxReader(link, keys.inbox(self), name + "-inbox", this::deliver);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(daemon(name + "-maintenance"));
        this.events = Executors.newSingleThreadExecutor(daemon(name + "-events"));
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
    public void start(ClusterListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the Redis cluster port is already started");
        }
        this.listener = listener;
        // Leftovers of an earlier life under the same id (a fixed id restarted before its entries
        // expired): its inbox would otherwise be delivered to the new life's clients.
        membership.cleanUp(self, true);
        link.pubSub().addListener(new ChannelMessages(self, rooms, membership,
                (target, frame) -> {
                    publishedReceived.incrementAndGet();
                    listener.deliverLocally(target, frame);
                },
                connection -> {
                    listener.closeLocally(connection, CloseReason.EVICTED);
                    try {
                        link.async().srem(keys.evictions(self), connection.value());
                    } catch (RuntimeException refused) {
                        // The heartbeat drains the set; closing twice is harmless.
                    }
                }, this::onEvents));
        link.await(link.pubSub().async().subscribe(keys.channel(self), keys.broadcastChannel(),
                keys.roomsChannel()));
        membership.beat(0);
        lastBeatNanos = System.nanoTime();
        membership.refresh(0);
        // Tells the others at once, rather than at their next refresh.
        publish("J|" + self + "|", List.of(keys.roomsChannel()), false);
        inbox.start();
        long tick = Math.max(20, Math.min(250, config.heartbeatInterval().toMillis() / 4));
        maintenance.scheduleWithFixedDelay(this::maintain, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("instance {} joined the cluster at {} ({} instances alive)", self,
                config.redisUri(), membership.view().alive().size());
    }

    @Override
    public void connectionOpened(UserId user, ConnectionId connection) {
        if (!closed.get()) {
            registry.opened(user, connection, evicted -> onEvents(() ->
                    listener.closeLocally(evicted, CloseReason.EVICTED)));
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
    public int forward(Target target, TextFrame frame) {
        if (closed.get() || !started.get()) {
            return 0;
        }
        if (target instanceof Target.User || target instanceof Target.Thread) {
            int routed = handoff.take(frame);
            return routed >= 0 ? routed : routeStreamWithoutLog(target, frame);
        }
        if (!link.available()) {
            return 0;
        }
        Set<String> alive = membership.view().alive();
        int others = Math.max(0, alive.size() - (alive.contains(self) ? 1 : 0));
        if (target instanceof Target.Room room) {
            String name = room.room().value();
            Set<String> holders = rooms.get(name);
            if (holders == null) {
                // First send to this room: one publish that every instance filters, while its
                // route loads.
                rooms.load(name);
                return publish("r|" + self + "|" + name + "|" + FrameWire.write(frame),
                        List.of(keys.broadcastChannel()), true) == 0 ? 0 : others;
            }
            List<String> channels = new ArrayList<>();
            for (String holder : holders) {
                if (!holder.equals(self) && alive.contains(holder)) {
                    channels.add(keys.channel(holder));
                }
            }
            return publish("R|" + name + "|" + FrameWire.write(frame), channels, true);
        }
        if (target instanceof Target.Connection connection) {
            if (others == 0) {
                return 0;
            }
            link.script(link.scripts.routeConnection, ScriptOutputType.INTEGER, new String[0],
                    keys.prefix(), self, connection.connection().value(),
                    "C|" + connection.connection().value() + "|" + FrameWire.write(frame),
                    Long.toString(link.deadlineMillis()))
                    .whenComplete((sent, error) -> count(sent, error));
            return 1;
        }
        return publish("A|" + self + "|" + FrameWire.write(frame), List.of(keys.broadcastChannel()), true)
                == 0 ? 0 : others;
    }

    @Override
    public Optional<ClusterStats> globalStats() {
        Membership.View view = membership.view();
        return Optional.of(new ClusterStats(view.alive().size(), view.connections(), view.users(),
                log.forwarded() + published.get(), inbox.received() + publishedReceived.get()));
    }

    @Override
    public ReplayLog replayLog() {
        return log;
    }

    @Override
    public String instanceId() {
        return self;
    }

    @Override
    public boolean redisAvailable() {
        return link.available();
    }

    /** How often this instance closed its clients so that they resume (registry or inbox loss). */
    long clientResyncs() {
        return clientResyncs.get();
    }

    RedisReplayLog log() {
        return log;
    }

    RoomRoutes roomRoutes() {
        return rooms;
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
            if (link.available() || pingable()) {
                try {
                    membership.cleanUp(self, true);
                } catch (RuntimeException e) {
                    LOG.debug("withdrawing instance {} failed; its entries expire with it", self, e);
                }
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

    // Whether Redis answers now, although the last command failed (an interrupted maintenance).
    private boolean pingable() {
        try {
            link.await(link.async().ping());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
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
            pendingResync |= inbox.takeGap();
            boolean beatDue = recovering
                    || now - lastBeatNanos >= config.heartbeatInterval().toNanos();
            if (beatDue) {
                lastBeatNanos = now;
                Membership.Beat beat = membership.beat(registry.connectionCount());
                if (beat.dataLost()) {
                    inbox.reset();
                }
                pendingResync |= beat.registryLost() || beat.dataLost();
            }
            if (pendingResync || registry.dirty()) {
                registry.resync();
            }
            if (log.hasFallbackSegments() && !log.adoptFallbackSegments()) {
                return;
            }
            link.recovered();
            if (pendingResync) {
                pendingResync = false;
                resyncClients();
            }
            if (beatDue) {
                membership.refresh(registry.connectionCount());
                drainEvictions();
                rooms.reloadAll();
                inbox.trim();
            }
        } catch (RedisException e) {
            link.failed(e);
        } catch (RuntimeException e) {
            LOG.warn("cluster maintenance failed", e);
        }
    }

    // Frames for this instance's clients may have been lost: they reconnect and resume from the
    // shared log, which answers exactly or with recovery_failed; nothing is lost silently.
    private void resyncClients() {
        List<ConnectionId> held = registry.connectionIds();
        clientResyncs.incrementAndGet();
        LOG.warn("closing {} connections with 1012 so that they resume from the shared log",
                held.size());
        onEvents(() -> held.forEach(id -> listener.closeLocally(id, CloseReason.SERVICE_RESTART)));
    }

    private void drainEvictions() {
        List<String> evicted = link.await(link.async().spop(keys.evictions(self), 256))
                .stream().toList();
        if (!evicted.isEmpty()) {
            onEvents(() -> evicted.forEach(id ->
                    listener.closeLocally(ConnectionId.of(id), CloseReason.EVICTED)));
        }
    }

    // ---- forwarding ------------------------------------------------------------------------------

    // Frames count as forwards (one per channel published to); announcements do not.
    private int publish(String message, List<String> channels, boolean frame) {
        if (channels.isEmpty()) {
            return 0;
        }
        String[] args = new String[channels.size() + 2];
        args[0] = Long.toString(link.deadlineMillis());
        args[1] = message;
        for (int i = 0; i < channels.size(); i++) {
            args[i + 2] = channels.get(i);
        }
        link.script(link.scripts.publish, ScriptOutputType.INTEGER, new String[0], args)
                .whenComplete((sent, error) -> count(frame ? sent : null, error));
        return channels.size();
    }

    private void count(Object sent, Throwable error) {
        if (error != null) {
            link.failed(error);
        } else if (sent instanceof Long n) {
            published.addAndGet(n);
        }
    }

    // A stream frame the log did not append (another ReplayLog is in use): routed by the registry
    // in Redis, asynchronously, so the count is not known here.
    private int routeStreamWithoutLog(Target target, TextFrame frame) {
        if (warnedUnroutedStream.compareAndSet(false, true)) {
            LOG.warn("a stream event was not stored by this cluster's replay log; give the manager "
                    + "RedisCluster.replayLog() so that clients can resume on any instance");
        }
        if (!link.available()) {
            return 0;
        }
        UserId user = target instanceof Target.User u ? u.user() : ((Target.Thread) target).user();
        String kind = target instanceof Target.User ? "u" : "t";
        String thread = target instanceof Target.Thread t ? t.thread().value() : "";
        link.script(link.scripts.routeStream, ScriptOutputType.INTEGER,
                new String[] {keys.user(user), keys.readers(user)}, keys.prefix(), self, kind,
                user.value(), thread, FrameWire.write(frame), Integer.toString(config.inboxMaxLength()),
                Long.toString(link.deadlineMillis()))
                .whenComplete((sent, error) -> count(sent, error));
        return 0;
    }

    // ---- receiving -------------------------------------------------------------------------------

    private void deliver(Target target, TextFrame frame) {
        listener.deliverLocally(target, frame);
    }

    // Runs cluster messages in order on the events thread, never on Lettuce's.
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

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
