package io.switchboard.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.ManagerStats;

/**
 * The dashboard's JSON: the manager's stats snapshot, flattened for the page, with what the tab
 * should know about the instance it is on (its id with Redis, its limits).
 */
final class StatsJson {

    private final ObjectMapper json = new ObjectMapper();

    String render(ManagerStats stats, DemoInfo info) {
        ObjectNode root = json.createObjectNode();
        ObjectNode demo = root.putObject("demo");
        demo.put("transport", info.transport());
        demo.put("max_tabs_per_user", info.maxTabsPerUser());
        demo.put("max_connections", info.maxConnections());
        info.instance().ifPresent(instance -> demo.put("instance", instance));
        stats.cluster().ifPresent(cluster -> demo.put("instances", cluster.instances()));
        root.put("connections", stats.connections());
        root.put("users", stats.users());
        root.put("rooms", stats.rooms());
        root.put("frames_queued", stats.framesQueued());
        root.put("frames_written", stats.framesWritten());
        root.put("queued_now", stats.queuedFrames());
        root.put("evictions", stats.evictions());
        root.put("stale_closed", stats.staleClosed());
        root.put("resumes", stats.resumes());
        root.put("replayed_events", stats.replayedEvents());
        root.put("acks", stats.acks());
        root.putPOJO("sends", stats.sends());
        root.putPOJO("frames_failed", stats.framesFailed());
        root.putPOJO("drops", stats.drops());
        // Keyed by wire name, as the client sees them in recovery_failed and error frames.
        ObjectNode recoveryFailures = root.putObject("recovery_failures");
        stats.recoveryFailures()
                .forEach((reason, count) -> recoveryFailures.put(reason.wireName(), count));
        ObjectNode inboundErrors = root.putObject("inbound_errors");
        stats.inboundErrors().forEach((code, count) -> inboundErrors.put(code.wireName(), count));
        stats.liveness().ifPresent(live -> {
            ObjectNode heartbeat = root.putObject("heartbeat");
            heartbeat.put("pings_sent", live.pingsSent());
            heartbeat.put("pongs_received", live.pongsReceived());
            heartbeat.put("timeouts_detected", live.timeoutsDetected());
            heartbeat.put("connections_dropped", live.connectionsDropped());
            heartbeat.put("avg_ping_time_ms", live.avgPingMillis());
            heartbeat.put("resurrection_count", live.resurrections());
        });
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stats are plain values", e);
        }
    }
}
