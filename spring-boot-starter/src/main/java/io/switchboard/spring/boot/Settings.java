package io.switchboard.spring.boot;

import io.switchboard.core.InboundRateLimit;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.handshake.Authenticator;
import io.switchboard.core.handshake.OriginPolicy;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.heartbeat.HeartbeatConfig;

/**
 * Turns the bound properties into the library's immutable configs, through their builders, so
 * that validation (and its messages naming the setting) is the library's own.
 */
final class Settings {

    private Settings() {
    }

    static ManagerConfig manager(SwitchboardProperties.Manager manager) {
        return ManagerConfig.builder()
                .maxConnectionsPerUser(manager.getMaxConnectionsPerUser())
                .maxConnections(manager.getMaxConnections())
                .runAssociationTtl(manager.getRunAssociationTtl())
                .maxRunAssociations(manager.getMaxRunAssociations())
                .staleAfter(manager.getStaleAfter())
                .staleSweepInterval(manager.getStaleSweepInterval())
                .maxQueuedFrames(manager.getMaxQueuedFrames())
                .maxQueuedBytes(manager.getMaxQueuedBytes())
                .maxInboundChars(manager.getMaxInboundChars())
                .shutdownGracePeriod(manager.getShutdownGracePeriod())
                .deltaFlushInterval(manager.getDeltaFlushInterval())
                .inboundRateLimit(rateLimit(manager.getRateLimit()))
                .build();
    }

    static InboundRateLimit rateLimit(SwitchboardProperties.RateLimit limit) {
        if (!limit.isEnabled()) {
            return InboundRateLimit.unlimited();
        }
        return InboundRateLimit.builder()
                .perConnection(rate(limit.getPerConnection()))
                .perUser(rate(limit.getPerUser()))
                .excessFramesBeforeClose(limit.getExcessFramesBeforeClose())
                .build();
    }

    private static InboundRateLimit.Rate rate(SwitchboardProperties.Rate rate) {
        return new InboundRateLimit.Rate(rate.getFramesPerSecond(), rate.getFrameBurst(),
                rate.getBytesPerSecond(), rate.getByteBurst());
    }

    static HeartbeatConfig heartbeat(SwitchboardProperties.Heartbeat heartbeat) {
        HeartbeatConfig.Builder builder = switch (heartbeat.getProfile()) {
            case DEVELOPMENT -> HeartbeatConfig.development().toBuilder();
            case STAGING -> HeartbeatConfig.staging().toBuilder();
            case PRODUCTION -> HeartbeatConfig.production().toBuilder();
        };
        if (heartbeat.getInterval() != null) {
            builder.interval(heartbeat.getInterval());
        }
        if (heartbeat.getTimeout() != null) {
            builder.timeout(heartbeat.getTimeout());
        }
        if (heartbeat.getSuspectAfter() != null) {
            builder.suspectAfter(heartbeat.getSuspectAfter());
        }
        return builder.build();
    }

    static TransportSettings transport(SwitchboardProperties.Transport transport,
            Authenticator authenticator) {
        return TransportSettings.builder(authenticator)
                .originPolicy(origins(transport))
                .path(transport.getPath())
                .maxMessageBytes(transport.getMaxMessageBytes())
                .handshakeTimeout(transport.getHandshakeTimeout())
                .idleTimeout(transport.getIdleTimeout())
                .permessageDeflate(transport.isPermessageDeflate())
                .build();
    }

    static OriginPolicy origins(SwitchboardProperties.Transport transport) {
        return transport.getAllowedOrigins().isEmpty() ? OriginPolicy.nonBrowserOnly()
                : OriginPolicy.allowOnly(transport.getAllowedOrigins().toArray(String[]::new));
    }
}
