package io.switchboard.core.handshake;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every transport adapter enforces, the same way: who may connect (authenticator and origin
 * policy), where (path), how large a message may be, and how long a handshake or a silent
 * connection may last. Immutable and thread-safe; {@link #builder(Authenticator)} starts from the
 * defaults (each documented on its builder method) around the one setting without a default, and
 * {@link #toBuilder()} derives a changed copy. Invalid values fail when the settings are built,
 * naming the value.
 */
public final class TransportSettings {

    private static final Logger LOG = LoggerFactory.getLogger(TransportSettings.class);

    private final Authenticator authenticator;
    private final OriginPolicy originPolicy;
    private final String path;
    private final int maxMessageBytes;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final boolean permessageDeflate;

    private TransportSettings(Authenticator authenticator, OriginPolicy originPolicy, String path,
            int maxMessageBytes, Duration handshakeTimeout, Duration idleTimeout,
            boolean permessageDeflate) {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(originPolicy, "originPolicy");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', was '" + path + "'");
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxMessageBytes);
        }
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, was " + handshakeTimeout);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative, was " + idleTimeout);
        }
        this.authenticator = authenticator;
        this.originPolicy = originPolicy;
        this.path = path;
        this.maxMessageBytes = maxMessageBytes;
        this.handshakeTimeout = handshakeTimeout;
        this.idleTimeout = idleTimeout;
        this.permessageDeflate = permessageDeflate;
    }

    /**
     * Starts building settings around the application's authenticator.
     *
     * @param authenticator resolves the user of each upgrade request
     * @return a builder holding the defaults
     */
    public static Builder builder(Authenticator authenticator) {
        return new Builder(authenticator);
    }

    /**
     * Decides an upgrade request on the path, whole: first the RFC 6455 rules every transport
     * checks alike (405 unless {@code GET} when the method is known; 400 without the upgrade
     * headers or without exactly one valid {@code Sec-WebSocket-Key}; 426 unless
     * {@code Sec-WebSocket-Version} is exactly 13; 403 for more than one {@code Origin}), then
     * {@link #admit}. Every transport calls this before it upgrades anything, so all refuse the
     * same requests with the same status. Runs the authenticator, on the caller's thread.
     *
     * @param request the upgrade request
     * @return upgrade for a user, or the status, reason and headers to refuse with
     */
    public UpgradeDecision decide(HandshakeRequest request) {
        Optional<UpgradeDecision.Refuse> invalid = UpgradeRules.check(request);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        AuthenticationResult result = admit(request);
        if (result instanceof AuthenticationResult.Rejected rejected) {
            return new UpgradeDecision.Refuse(rejected.httpStatus(), rejected.reason(), Map.of());
        }
        return new UpgradeDecision.Upgrade((AuthenticationResult.Authenticated) result);
    }

    /**
     * Decides who a request is from: the origin first (403 if not allowed, or if the request
     * carries more than one {@code Origin}), then the authenticator (its answer; 401 if it
     * throws). {@link #decide} calls this after the protocol rules; a transport whose container
     * has already checked those (the Jakarta API) may call it alone.
     *
     * @param request the upgrade request
     * @return the user, or the HTTP status and reason to refuse with
     */
    public AuthenticationResult admit(HandshakeRequest request) {
        if (request.headers("origin").size() > 1 || !originPolicy.allows(request.origin())) {
            return AuthenticationResult.forbidden("origin not allowed");
        }
        try {
            AuthenticationResult result = authenticator.authenticate(request);
            return result != null ? result : AuthenticationResult.unauthorized("not authenticated");
        } catch (RuntimeException e) {
            LOG.warn("authenticator failed for {}; refusing with 401", request, e);
            return AuthenticationResult.unauthorized("not authenticated");
        }
    }

    /**
     * Resolves the user of each upgrade request.
     *
     * @return resolves the user of each upgrade request
     */
    public Authenticator authenticator() {
        return authenticator;
    }

    /**
     * Which browser origins may connect.
     *
     * @return which browser origins may connect
     */
    public OriginPolicy originPolicy() {
        return originPolicy;
    }

    /**
     * The WebSocket endpoint's path.
     *
     * @return the WebSocket endpoint's path
     */
    public String path() {
        return path;
    }

    /**
     * The largest message accepted (after decompression); larger ones close the connection with
     * 1009.
     *
     * @return the largest message accepted (after decompression); larger ones close the connection
     *     with 1009
     */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * How long a client may take from opening TCP to completing the upgrade.
     *
     * @return how long a client may take from opening TCP to completing the upgrade
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Close a connection with no inbound frame for this long; zero leaves liveness to the manager's
     * stale sweep and the heartbeat.
     *
     * @return close a connection with no inbound frame for this long; zero leaves liveness to the
     *     manager's stale sweep and the heartbeat
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Whether the permessage-deflate extension is offered.
     *
     * @return whether the permessage-deflate extension is offered
     */
    public boolean permessageDeflate() {
        return permessageDeflate;
    }

    /**
     * A builder holding this config's values, to derive a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TransportSettings that)) {
            return false;
        }
        return authenticator.equals(that.authenticator)
                && originPolicy.equals(that.originPolicy)
                && path.equals(that.path)
                && maxMessageBytes == that.maxMessageBytes
                && handshakeTimeout.equals(that.handshakeTimeout)
                && idleTimeout.equals(that.idleTimeout)
                && permessageDeflate == that.permessageDeflate;
    }

    @Override
    public int hashCode() {
        return Objects.hash(authenticator, originPolicy, path, maxMessageBytes, handshakeTimeout,
                idleTimeout, permessageDeflate);
    }

    @Override
    public String toString() {
        return "TransportSettings[authenticator=" + authenticator
                + ", originPolicy=" + originPolicy
                + ", path=" + path
                + ", maxMessageBytes=" + maxMessageBytes
                + ", handshakeTimeout=" + handshakeTimeout
                + ", idleTimeout=" + idleTimeout
                + ", permessageDeflate=" + permessageDeflate
                + "]";
    }

    /** Builds {@link TransportSettings}. Not thread-safe. */
    public static final class Builder {
        private final Authenticator authenticator;
        private OriginPolicy originPolicy = OriginPolicy.nonBrowserOnly();
        private String path = "/ws";
        private int maxMessageBytes = 64 * 1024;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ZERO;
        private boolean permessageDeflate;

        private Builder(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        }

        private Builder(TransportSettings base) {
            this.authenticator = base.authenticator;
            this.originPolicy = base.originPolicy;
            this.path = base.path;
            this.maxMessageBytes = base.maxMessageBytes;
            this.handshakeTimeout = base.handshakeTimeout;
            this.idleTimeout = base.idleTimeout;
            this.permessageDeflate = base.permessageDeflate;
        }

        /**
         * Browser origins allowed. Default {@link OriginPolicy#nonBrowserOnly()}.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder originPolicy(OriginPolicy value) {
            this.originPolicy = value;
            return this;
        }

        /**
         * The endpoint path. Default {@code /ws}.
         *
         * @param value starts with '/'
         * @return this builder
         */
        public Builder path(String value) {
            this.path = value;
            return this;
        }

        /**
         * Largest accepted message, in bytes. Default 65,536.
         *
         * @param value positive
         * @return this builder
         */
        public Builder maxMessageBytes(int value) {
            this.maxMessageBytes = value;
            return this;
        }

        /**
         * Time allowed to complete the upgrade. Default 10 s.
         *
         * @param value positive
         * @return this builder
         */
        public Builder handshakeTimeout(Duration value) {
            this.handshakeTimeout = value;
            return this;
        }

        /**
         * Inbound silence after which the transport closes a connection. Default zero (off).
         *
         * @param value zero or positive
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        /**
         * Whether permessage-deflate is offered. Default {@code false}.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder permessageDeflate(boolean value) {
            this.permessageDeflate = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the settings
         */
        public TransportSettings build() {
            return new TransportSettings(authenticator, originPolicy, path, maxMessageBytes,
                    handshakeTimeout, idleTimeout, permessageDeflate);
        }
    }
}
