package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.UserId;
import io.switchboard.heartbeat.HeartbeatConfig;
import io.switchboard.heartbeat.HeartbeatMonitor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat over the transport's real ping and pong frames: dead peers are found in bounded
 * time, live ones survive, slow ones are resurrected.
 */
abstract class HeartbeatCases extends KitCases {

    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;
    private static final int CHURN_CYCLES = 40;
    private static final HeartbeatConfig FAST = HeartbeatConfig.builder()
            .interval(Duration.ofMillis(300)).timeout(Duration.ofSeconds(3))
            .suspectAfter(Duration.ofMillis(100)).tick(Duration.ofMillis(10)).build();

    HeartbeatCases(ServerStarter starter) {
        super(starter);
    }

    @Test
    @DisplayName("a peer that never answers pings is closed with 4004 within interval + timeout + margin")
    void deadPeerIsClosed() throws Exception {
        HeartbeatMonitor monitor = HeartbeatMonitor.create(FAST);
        Deployment deployment = deploy(Setup.defaults().observer(monitor));
        RawSocketClient dead = deployment.raw(64 * 1024);
        assertThat(dead.upgrade(Map.of("Authorization", "Bearer dead"))).isEqualTo(101);
        long upgraded = System.nanoTime();
        Duration bound = FAST.interval().plus(FAST.timeout()).plus(MARGIN);

        // Reads, and so sees, every ping, but never answers one.
        RawSocketClient.ServerClose close = dead.awaitServerClose(bound);

        Duration took = Duration.ofNanos(System.nanoTime() - upgraded);
        assertThat(took).as("detection time").isLessThanOrEqualTo(bound);
        if (close.how().equals("close frame")) {
            assertThat(close.closeCode()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT.code());
        }
        eventually("the manager to drop the dead peer", MARGIN,
                () -> deployment.manager().stats().connections() == 0);
        assertThat(monitor.stats().timeoutsDetected())
                .as("timeouts detected; the connection was removed with %s, the client saw %s",
                        deployment.observer().removalOf("dead"), close)
                .isEqualTo(1);
        // The monitor counts the drop once the manager's disconnect has returned, which may be
        // just after the manager shows the connection gone.
        eventually("the monitor counts the drop", MARGIN,
                () -> monitor.stats().connectionsDropped() == 1);
        assertThat(monitor.stats().connectionsDropped()).isEqualTo(1);
    }

    @Test
    @DisplayName("a healthy peer answers every ping and survives many intervals")
    void healthyPeerSurvives() throws Exception {
        HeartbeatMonitor monitor = HeartbeatMonitor.create(FAST);
        Deployment deployment = deploy(Setup.defaults().observer(monitor));
        WebSocketRecorder alive = deployment.connectAs("alice");

        // The JDK client answers pings by itself.
        eventually("six pongs, two seconds of heartbeats", Duration.ofSeconds(10),
                () -> monitor.stats().pongsReceived() >= 6);

        assertThat(monitor.stats().timeoutsDetected()).isZero();
        assertThat(deployment.manager().stats().connections()).isEqualTo(1);
        assertThat(monitor.stats().avgPingMillis()).isGreaterThan(0);
        deployment.manager().sendToUser(UserId.of("alice"), KitEvents.tagged("alice", "alive", 1));
        alive.nextFrame(KitEvents.TAGGED);
    }

    @Test
    @DisplayName("a slow-but-alive peer answering after suspicion but before the timeout is resurrected, not dropped")
    void slowPeerIsResurrected() throws Exception {
        HeartbeatMonitor monitor = HeartbeatMonitor.create(FAST);
        Deployment deployment = deploy(Setup.defaults().observer(monitor));
        RawSocketClient slow = deployment.raw(64 * 1024);
        assertThat(slow.upgrade(Map.of("Authorization", "Bearer slow"))).isEqualTo(101);

        // Answers every ping late, so one slow cycle of the machine cannot decide the case; a pong
        // that never arrived would still show as a timeout below.
        CompletableFuture<Void> answering = CompletableFuture.runAsync(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    RawSocketClient.RawFrame ping = nextPing(slow);
                    // The pause is the behaviour under test: far past suspectAfter (100 ms), far
                    // before the timeout (3 s).
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                    slow.sendFrame(OPCODE_PONG, ping.payload());
                }
            } catch (Exception | AssertionError e) {
                // The deployment closed the socket at the end of the case.
            }
        });

        try {
            eventually("a late answer to count as a resurrection", Duration.ofSeconds(8),
                    () -> monitor.stats().resurrections() >= 1);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; heartbeat " + monitor.stats(), e);
        }
        assertThat(monitor.stats().timeoutsDetected()).as("heartbeat %s", monitor.stats()).isZero();
        assertThat(deployment.manager().stats().connections()).isEqualTo(1);
        answering.cancel(true);
    }

    @Test
    @DisplayName("closed connections are released: after churn with the heartbeat on, none stays reachable")
    void closedConnectionsAreReleased() throws Exception {
        // Production timings: a closed connection kept until its wheel slot came due would stay
        // reachable for up to 30 s; a short tick makes "gone within one tick" quick to observe.
        HeartbeatMonitor monitor = HeartbeatMonitor.create(
                HeartbeatConfig.production().toBuilder().tick(Duration.ofMillis(10)).build());
        ReachableConnections probe = new ReachableConnections();
        Deployment deployment = deploy(Setup.defaults().observer(monitor).observer(probe)
                .config(config -> config.maxConnectionsPerUser(1)));
        WebSocketRecorder open = deployment.connectAs("stays");
        for (int n = 0; n < CHURN_CYCLES; n++) {
            WebSocketRecorder client = deployment.connectAs("churn-" + n);
            // Both ways a connection ends: the client closes, or the application closes it.
            if (n % 2 == 0) {
                client.close(1000, "done");
            } else {
                deployment.manager().disconnectUser(UserId.of("churn-" + n), CloseReason.NORMAL);
            }
            client.nextClose();
        }
        eventually("the manager and the heartbeat to hold only the open connection", MARGIN,
                () -> deployment.manager().stats().connections() == 1
                        && monitor.stats().monitored() == 1);

        // Well under the transports' 5 s close timeouts: a timer left armed after the socket
        // closed would hold its connection that long.
        long reachable = probe.reachableAfterGc(1, Duration.ofSeconds(3));

        // At least every connection the case opened (a client's retried upgrade may add one).
        assertThat(probe.admitted()).isGreaterThanOrEqualTo(CHURN_CYCLES + 1);
        assertThat(reachable).as("connections still reachable: the open one and any closed one"
                + " (the manager holds %d; heartbeat %s)", deployment.manager().stats().connections(),
                monitor.stats()).isEqualTo(1);
        deployment.manager().sendToUser(UserId.of("stays"), KitEvents.tagged("stays", "open", 1));
        open.nextFrame(KitEvents.TAGGED);
    }

    private static RawSocketClient.RawFrame nextPing(RawSocketClient client) throws Exception {
        while (true) {
            RawSocketClient.RawFrame frame = client.nextFrame(Duration.ofSeconds(5));
            if (frame.opcode() == OPCODE_PING) {
                return frame;
            }
        }
    }
}
