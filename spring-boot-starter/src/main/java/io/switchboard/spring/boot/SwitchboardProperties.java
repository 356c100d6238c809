package io.switchboard.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Switchboard's settings under {@code switchboard.*}. Every default is the library's own (the
 * builders' defaults), so an application that sets nothing gets what a plain
 * {@code WebSocketManager.builder().build()} gives, served on the embedded server at {@code /ws}.
 * Invalid values fail at startup, naming the setting and the value.
 *
 * <p>A binding target for Spring: mutable, and read once at startup on one thread. Each property
 * is documented on its field, which is what the generated configuration metadata (and so the
 * IDE) shows; the accessors are the binding's and say nothing more.
 */
@ConfigurationProperties("switchboard")
public class SwitchboardProperties {

    /** Whether to auto-configure the manager at all. */
    private boolean enabled = true;

    private final Transport transport = new Transport();
    private final Manager manager = new Manager();
    private final Heartbeat heartbeat = new Heartbeat();
    private final Redis redis = new Redis();
    private final Drain drain = new Drain();
    private final Metrics metrics = new Metrics();

    /**
     * Whether the manager's meters are bound to the application's registries.
     *
     * @return the value
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets: whether the manager's meters are bound to the application's registries.
     *
     * @param enabled the value
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The {@code transport} settings.
     *
     * @return the value
     */
    public Transport getTransport() {
        return transport;
    }

    /**
     * The {@code manager} settings.
     *
     * @return the value
     */
    public Manager getManager() {
        return manager;
    }

    /**
     * The {@code heartbeat} settings.
     *
     * @return the value
     */
    public Heartbeat getHeartbeat() {
        return heartbeat;
    }

    /**
     * The {@code redis} settings.
     *
     * @return the value
     */
    public Redis getRedis() {
        return redis;
    }

    /**
     * The {@code drain} settings.
     *
     * @return the value
     */
    public Drain getDrain() {
        return drain;
    }

    /**
     * The {@code metrics} settings.
     *
     * @return the value
     */
    public Metrics getMetrics() {
        return metrics;
    }

    /** Where clients connect and what every transport enforces before and after the upgrade. */
    public static class Transport {

        /**
         * Which server carries the WebSocket endpoint: the application's embedded servlet
         * container (through the Jakarta adapter), or a standalone Undertow or Netty server on its
         * own port (add io.switchboard:transport-undertow or transport-netty).
         */
        private TransportType type = TransportType.SERVLET;

        /** The endpoint's path (relative to the servlet context path on the embedded server). */
        private String path = "/ws";

        /** Address a standalone (Undertow or Netty) server binds. */
        private String host = "0.0.0.0";

        /** Port of a standalone (Undertow or Netty) server; 0 picks a free one. */
        private int port = 8081;

        /**
         * Browser origins allowed to connect, exact matches such as https://chat.example.com.
         * Empty allows only clients that send no Origin (non-browser clients).
         */
        private List<String> allowedOrigins = new ArrayList<>();

        /** Largest accepted message in bytes; larger ones close the connection with 1009. */
        private int maxMessageBytes = 65536;

        /**
         * Time a client may take to complete the upgrade (standalone servers; on the embedded
         * server the container's connection timeout applies).
         */
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        /** Close connections with no inbound frame for this long; 0 leaves it to the heartbeat. */
        private Duration idleTimeout = Duration.ZERO;

        /** Whether permessage-deflate is offered. */
        private boolean permessageDeflate = false;

        /**
         * Which server carries the WebSocket endpoint: the application's embedded servlet container (through
         * the Jakarta adapter), or a standalone Undertow or Netty server on its own port (add
         * io.switchboard:transport-undertow or transport-netty).
         *
         * @return the value
         */
        public TransportType getType() {
            return type;
        }

        /**
         * Sets: which server carries the WebSocket endpoint: the application's embedded servlet container
         * (through the Jakarta adapter), or a standalone Undertow or Netty server on its own port (add
         * io.switchboard:transport-undertow or transport-netty).
         *
         * @param type the value
         */
        public void setType(TransportType type) {
            this.type = type;
        }

        /**
         * The endpoint's path (relative to the servlet context path on the embedded server).
         *
         * @return the value
         */
        public String getPath() {
            return path;
        }

        /**
         * Sets: the endpoint's path (relative to the servlet context path on the embedded server).
         *
         * @param path the value
         */
        public void setPath(String path) {
            this.path = path;
        }

        /**
         * Address a standalone (Undertow or Netty) server binds.
         *
         * @return the value
         */
        public String getHost() {
            return host;
        }

        /**
         * Sets: address a standalone (Undertow or Netty) server binds.
         *
         * @param host the value
         */
        public void setHost(String host) {
            this.host = host;
        }

        /**
         * Port of a standalone (Undertow or Netty) server; 0 picks a free one.
         *
         * @return the value
         */
        public int getPort() {
            return port;
        }

        /**
         * Sets: port of a standalone (Undertow or Netty) server; 0 picks a free one.
         *
         * @param port the value
         */
        public void setPort(int port) {
            this.port = port;
        }

        /**
         * Browser origins allowed to connect, exact matches such as https://chat.example.com.
         *
         * @return the value
         */
        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        /**
         * Sets: browser origins allowed to connect, exact matches such as https://chat.example.com.
         *
         * @param allowedOrigins the value
         */
        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }

        /**
         * Largest accepted message in bytes; larger ones close the connection with 1009.
         *
         * @return the value
         */
        public int getMaxMessageBytes() {
            return maxMessageBytes;
        }

        /**
         * Sets: largest accepted message in bytes; larger ones close the connection with 1009.
         *
         * @param maxMessageBytes the value
         */
        public void setMaxMessageBytes(int maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
        }

        /**
         * Time a client may take to complete the upgrade (standalone servers; on the embedded server the
         * container's connection timeout applies).
         *
         * @return the value
         */
        public Duration getHandshakeTimeout() {
            return handshakeTimeout;
        }

        /**
         * Sets: time a client may take to complete the upgrade (standalone servers; on the embedded server
         * the container's connection timeout applies).
         *
         * @param handshakeTimeout the value
         */
        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }

        /**
         * Close connections with no inbound frame for this long; 0 leaves it to the heartbeat.
         *
         * @return the value
         */
        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        /**
         * Sets: close connections with no inbound frame for this long; 0 leaves it to the heartbeat.
         *
         * @param idleTimeout the value
         */
        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        /**
         * Whether permessage-deflate is offered.
         *
         * @return the value
         */
        public boolean isPermessageDeflate() {
            return permessageDeflate;
        }

        /**
         * Sets: whether permessage-deflate is offered.
         *
         * @param permessageDeflate the value
         */
        public void setPermessageDeflate(boolean permessageDeflate) {
            this.permessageDeflate = permessageDeflate;
        }
    }

    /** Which server carries the endpoint. */
    public enum TransportType {
        /** The embedded servlet container (Tomcat, Jetty), through the Jakarta adapter. */
        SERVLET,
        /** A standalone Undertow server on {@code switchboard.transport.port}. */
        UNDERTOW,
        /** A standalone Netty server on {@code switchboard.transport.port}. */
        NETTY
    }

    /** The manager's limits and timings (see ManagerConfig). */
    public static class Manager {

        /** Connections one user may hold; a new one beyond it evicts the oldest (4001). */
        private int maxConnectionsPerUser = 3;

        /** Connections held in all; a new one beyond it is refused with 1013. */
        private int maxConnections = 100;

        /** How long a run association lives after its last use. */
        private Duration runAssociationTtl = Duration.ofSeconds(180);

        /** How many run associations are kept (least recently used go first). */
        private int maxRunAssociations = 500;

        /** How long a connection may send nothing before the stale sweep closes it (4002). */
        private Duration staleAfter = Duration.ofSeconds(120);

        /** How often the stale sweep runs; 0 turns it off. */
        private Duration staleSweepInterval = Duration.ofSeconds(30);

        /** Frames one connection's outbound queue may hold. */
        private int maxQueuedFrames = 1024;

        /** Bytes one connection's outbound queue may hold. */
        private long maxQueuedBytes = 4194304;

        /** The longest client text frame accepted, in characters. */
        private int maxInboundChars = 65536;

        /** How long closing lets queues flush before connections are closed. */
        private Duration shutdownGracePeriod = Duration.ofSeconds(5);

        /** How long an emitter holds consecutive deltas of one message to send them as one; 0 sends each. */
        private Duration deltaFlushInterval = Duration.ZERO;

        private final RateLimit rateLimit = new RateLimit();

        /**
         * The inbound rate limit.
         *
         * @return the value
         */
        public RateLimit getRateLimit() {
            return rateLimit;
        }

        /**
         * Connections one user may hold; a new one beyond it evicts the oldest (4001).
         *
         * @return the value
         */
        public int getMaxConnectionsPerUser() {
            return maxConnectionsPerUser;
        }

        /**
         * Sets: connections one user may hold; a new one beyond it evicts the oldest (4001).
         *
         * @param maxConnectionsPerUser the value
         */
        public void setMaxConnectionsPerUser(int maxConnectionsPerUser) {
            this.maxConnectionsPerUser = maxConnectionsPerUser;
        }

        /**
         * Connections held in all; a new one beyond it is refused with 1013.
         *
         * @return the value
         */
        public int getMaxConnections() {
            return maxConnections;
        }

        /**
         * Sets: connections held in all; a new one beyond it is refused with 1013.
         *
         * @param maxConnections the value
         */
        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        /**
         * How long a run association lives after its last use.
         *
         * @return the value
         */
        public Duration getRunAssociationTtl() {
            return runAssociationTtl;
        }

        /**
         * Sets: how long a run association lives after its last use.
         *
         * @param runAssociationTtl the value
         */
        public void setRunAssociationTtl(Duration runAssociationTtl) {
            this.runAssociationTtl = runAssociationTtl;
        }

        /**
         * How many run associations are kept (least recently used go first).
         *
         * @return the value
         */
        public int getMaxRunAssociations() {
            return maxRunAssociations;
        }

        /**
         * Sets: how many run associations are kept (least recently used go first).
         *
         * @param maxRunAssociations the value
         */
        public void setMaxRunAssociations(int maxRunAssociations) {
            this.maxRunAssociations = maxRunAssociations;
        }

        /**
         * How long a connection may send nothing before the stale sweep closes it (4002).
         *
         * @return the value
         */
        public Duration getStaleAfter() {
            return staleAfter;
        }

        /**
         * Sets: how long a connection may send nothing before the stale sweep closes it (4002).
         *
         * @param staleAfter the value
         */
        public void setStaleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
        }

        /**
         * How often the stale sweep runs; 0 turns it off.
         *
         * @return the value
         */
        public Duration getStaleSweepInterval() {
            return staleSweepInterval;
        }

        /**
         * Sets: how often the stale sweep runs; 0 turns it off.
         *
         * @param staleSweepInterval the value
         */
        public void setStaleSweepInterval(Duration staleSweepInterval) {
            this.staleSweepInterval = staleSweepInterval;
        }

        /**
         * Frames one connection's outbound queue may hold.
         *
         * @return the value
         */
        public int getMaxQueuedFrames() {
            return maxQueuedFrames;
        }

        /**
         * Sets: frames one connection's outbound queue may hold.
         *
         * @param maxQueuedFrames the value
         */
        public void setMaxQueuedFrames(int maxQueuedFrames) {
            this.maxQueuedFrames = maxQueuedFrames;
        }

        /**
         * Bytes one connection's outbound queue may hold.
         *
         * @return the value
         */
        public long getMaxQueuedBytes() {
            return maxQueuedBytes;
        }

        /**
         * Sets: bytes one connection's outbound queue may hold.
         *
         * @param maxQueuedBytes the value
         */
        public void setMaxQueuedBytes(long maxQueuedBytes) {
            this.maxQueuedBytes = maxQueuedBytes;
        }

        /**
         * The longest client text frame accepted, in characters.
         *
         * @return the value
         */
        public int getMaxInboundChars() {
            return maxInboundChars;
        }

        /**
         * Sets: the longest client text frame accepted, in characters.
         *
         * @param maxInboundChars the value
         */
        public void setMaxInboundChars(int maxInboundChars) {
            this.maxInboundChars = maxInboundChars;
        }

        /**
         * How long closing lets queues flush before connections are closed.
         *
         * @return the value
         */
        public Duration getShutdownGracePeriod() {
            return shutdownGracePeriod;
        }

        /**
         * Sets: how long closing lets queues flush before connections are closed.
         *
         * @param shutdownGracePeriod the value
         */
        public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
            this.shutdownGracePeriod = shutdownGracePeriod;
        }

        /**
         * How long an emitter holds consecutive deltas of one message to send them as one; 0 sends each.
         *
         * @return the value
         */
        public Duration getDeltaFlushInterval() {
            return deltaFlushInterval;
        }

        /**
         * Sets: how long an emitter holds consecutive deltas of one message to send them as one; 0 sends each.
         *
         * @param deltaFlushInterval the value
         */
        public void setDeltaFlushInterval(Duration deltaFlushInterval) {
            this.deltaFlushInterval = deltaFlushInterval;
        }
    }

    /**
     * How fast clients may send (see InboundRateLimit): token buckets on frames and bytes per
     * connection and per user; the first frame beyond them gets {@code rate_limited}, a client
     * that keeps going is closed with 1008.
     */
    public static class RateLimit {

        /** Whether clients are rate limited at all. */
        private boolean enabled = true;

        /** Frames beyond the limit in a row, after the rate_limited error, that close the connection with 1008. */
        private int excessFramesBeforeClose = 100;

        private final Rate perConnection = new Rate(50, 200, 262144, 1048576);
        private final Rate perUser = new Rate(100, 400, 524288, 2097152);

        /**
         * Whether clients are rate limited at all.
         *
         * @return the value
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether clients are rate limited at all.
         *
         * @param enabled the value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Frames beyond the limit in a row that close the connection with 1008.
         *
         * @return the value
         */
        public int getExcessFramesBeforeClose() {
            return excessFramesBeforeClose;
        }

        /**
         * Sets the frames beyond the limit in a row that close the connection with 1008.
         *
         * @param excessFramesBeforeClose the value
         */
        public void setExcessFramesBeforeClose(int excessFramesBeforeClose) {
            this.excessFramesBeforeClose = excessFramesBeforeClose;
        }

        /**
         * The buckets of each connection (default 50 frames/s, bursts of 200; 256 KiB/s, bursts
         * of 1 MiB).
         *
         * @return the value
         */
        public Rate getPerConnection() {
            return perConnection;
        }

        /**
         * The buckets one user's connections share (default 100 frames/s, bursts of 400;
         * 512 KiB/s, bursts of 2 MiB).
         *
         * @return the value
         */
        public Rate getPerUser() {
            return perUser;
        }
    }

    /** One pair of token buckets: frames and bytes. */
    public static class Rate {

        /** Frame refill rate, per second. */
        private double framesPerSecond;

        /** Frames the bucket holds when full. */
        private long frameBurst;

        /** Byte refill rate (UTF-8 bytes of text frames), per second. */
        private double bytesPerSecond;

        /** Bytes the bucket holds when full; at least one maximal message. */
        private long byteBurst;

        Rate(double framesPerSecond, long frameBurst, double bytesPerSecond, long byteBurst) {
            this.framesPerSecond = framesPerSecond;
            this.frameBurst = frameBurst;
            this.bytesPerSecond = bytesPerSecond;
            this.byteBurst = byteBurst;
        }

        /**
         * Frame refill rate, per second.
         *
         * @return the value
         */
        public double getFramesPerSecond() {
            return framesPerSecond;
        }

        /**
         * Sets the frame refill rate, per second.
         *
         * @param framesPerSecond the value
         */
        public void setFramesPerSecond(double framesPerSecond) {
            this.framesPerSecond = framesPerSecond;
        }

        /**
         * Frames the bucket holds when full.
         *
         * @return the value
         */
        public long getFrameBurst() {
            return frameBurst;
        }

        /**
         * Sets the frames the bucket holds when full.
         *
         * @param frameBurst the value
         */
        public void setFrameBurst(long frameBurst) {
            this.frameBurst = frameBurst;
        }

        /**
         * Byte refill rate, per second.
         *
         * @return the value
         */
        public double getBytesPerSecond() {
            return bytesPerSecond;
        }

        /**
         * Sets the byte refill rate, per second.
         *
         * @param bytesPerSecond the value
         */
        public void setBytesPerSecond(double bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
        }

        /**
         * Bytes the bucket holds when full.
         *
         * @return the value
         */
        public long getByteBurst() {
            return byteBurst;
        }

        /**
         * Sets the bytes the bucket holds when full.
         *
         * @param byteBurst the value
         */
        public void setByteBurst(long byteBurst) {
            this.byteBurst = byteBurst;
        }
    }

    /** Ping/pong liveness (see HeartbeatConfig). */
    public static class Heartbeat {

        /** Whether connections are pinged and dead ones closed (4004). */
        private boolean enabled = true;

        /** The timing profile the values below override. */
        private HeartbeatProfile profile = HeartbeatProfile.PRODUCTION;

        /** Time between two pings of one connection; unset takes the profile's (30 s in production). */
        private Duration interval;

        /** How long after a ping a silent connection is dropped; unset takes the profile's (10 s). */
        private Duration timeout;

        /** How long after a ping a silent connection is suspect; unset takes the profile's (5 s). */
        private Duration suspectAfter;

        /**
         * Whether the manager's meters are bound to the application's registries.
         *
         * @return the value
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets: whether the manager's meters are bound to the application's registries.
         *
         * @param enabled the value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The timing profile the values below override.
         *
         * @return the value
         */
        public HeartbeatProfile getProfile() {
            return profile;
        }

        /**
         * Sets: the timing profile the values below override.
         *
         * @param profile the value
         */
        public void setProfile(HeartbeatProfile profile) {
            this.profile = profile;
        }

        /**
         * Time between two pings of one connection; unset takes the profile's (30 s in production).
         *
         * @return the value
         */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Sets: time between two pings of one connection; unset takes the profile's (30 s in production).
         *
         * @param interval the value
         */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /**
         * How long after a ping a silent connection is dropped; unset takes the profile's (10 s).
         *
         * @return the value
         */
        public Duration getTimeout() {
            return timeout;
        }

        /**
         * Sets: how long after a ping a silent connection is dropped; unset takes the profile's (10 s).
         *
         * @param timeout the value
         */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /**
         * How long after a ping a silent connection is suspect; unset takes the profile's (5 s).
         *
         * @return the value
         */
        public Duration getSuspectAfter() {
            return suspectAfter;
        }

        /**
         * Sets: how long after a ping a silent connection is suspect; unset takes the profile's (5 s).
         *
         * @param suspectAfter the value
         */
        public void setSuspectAfter(Duration suspectAfter) {
            this.suspectAfter = suspectAfter;
        }
    }

    /** The heartbeat's timing profiles. */
    public enum HeartbeatProfile {
        /** Ping every 60 s, drop after 120 s: a paused debugger keeps its connections. */
        DEVELOPMENT,
        /** Ping every 20 s, drop after 10 s. */
        STAGING,
        /** Ping every 30 s, drop after 10 s (the legacy values). */
        PRODUCTION
    }

    /** Clustering on Redis (add io.switchboard:scaling-redis). */
    public static class Redis {

        /** The Redis server, for example redis://10.0.0.5:6379; unset runs a single instance. */
        private String url;

        /** Prefix of every key and channel, so that several clusters can share one Redis. */
        private String keyPrefix = "switchboard";

        /** This instance's id in the registry; unset picks a new random one at every start. */
        private String instanceId;

        /**
         * The Redis server, for example redis://10.0.0.5:6379; unset runs a single instance.
         *
         * @return the value
         */
        public String getUrl() {
            return url;
        }

        /**
         * Sets: the Redis server, for example redis://10.0.0.5:6379; unset runs a single instance.
         *
         * @param url the value
         */
        public void setUrl(String url) {
            this.url = url;
        }

        /**
         * Prefix of every key and channel, so that several clusters can share one Redis.
         *
         * @return the value
         */
        public String getKeyPrefix() {
            return keyPrefix;
        }

        /**
         * Sets: prefix of every key and channel, so that several clusters can share one Redis.
         *
         * @param keyPrefix the value
         */
        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        /**
         * This instance's id in the registry; unset picks a new random one at every start.
         *
         * @return the value
         */
        public String getInstanceId() {
            return instanceId;
        }

        /**
         * Sets: this instance's id in the registry; unset picks a new random one at every start.
         *
         * @param instanceId the value
         */
        public void setInstanceId(String instanceId) {
            this.instanceId = instanceId;
        }
    }

    /** Graceful shutdown. */
    public static class Drain {

        /**
         * Over how long the connections are closed with 1012 when the application stops, so that
         * clients do not all reconnect elsewhere in one instant; 0 closes them all at once. Keep it
         * below spring.lifecycle.timeout-per-shutdown-phase (30 s by default).
         */
        private Duration window = Duration.ofSeconds(10);

        /**
         * Over how long the connections are closed with 1012 when the application stops, so that clients do
         * not all reconnect elsewhere in one instant; 0 closes them all at once.
         *
         * @return the value
         */
        public Duration getWindow() {
            return window;
        }

        /**
         * Sets: over how long the connections are closed with 1012 when the application stops, so that
         * clients do not all reconnect elsewhere in one instant; 0 closes them all at once.
         *
         * @param window the value
         */
        public void setWindow(Duration window) {
            this.window = window;
        }
    }

    /** Micrometer meters (when the application has Micrometer). */
    public static class Metrics {

        /** Whether the manager's meters are bound to the application's registries. */
        private boolean enabled = true;

        /** How old a stats snapshot may be before a meter read takes a new one. */
        private Duration snapshotMaxAge = Duration.ofSeconds(1);

        /**
         * Whether the manager's meters are bound to the application's registries.
         *
         * @return the value
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets: whether the manager's meters are bound to the application's registries.
         *
         * @param enabled the value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * How old a stats snapshot may be before a meter read takes a new one.
         *
         * @return the value
         */
        public Duration getSnapshotMaxAge() {
            return snapshotMaxAge;
        }

        /**
         * Sets: how old a stats snapshot may be before a meter read takes a new one.
         *
         * @param snapshotMaxAge the value
         */
        public void setSnapshotMaxAge(Duration snapshotMaxAge) {
            this.snapshotMaxAge = snapshotMaxAge;
        }
    }
}
