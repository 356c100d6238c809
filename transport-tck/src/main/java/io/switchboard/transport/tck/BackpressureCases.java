package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.CloseReason;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.WebSocketManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading: its queue fills up and it is closed, while every other client keeps
 * receiving everything, promptly. The slow peer is a raw socket with a tiny receive buffer,
 * because the JDK's client always reads.
 */
abstract class BackpressureCases extends KitCases {

    private static final int EVENT_BYTES = 16 * 1024;
    // Small enough that a fast client never holds a whole round in its queue.
    private static final int ROUND = 8;
    private static final int MAX_EVENTS = 4000;
    private static final int AFTER_REMOVAL = 2 * ROUND;

    BackpressureCases(ServerStarter starter) {
        super(starter);
    }

    @Test
    @DisplayName("a client that stops reading delays no other client, and is closed when its queue overflows")
    void slowClientDoesNotDelayOthers() throws Exception {
        Deployment deployment = deploy(Setup.defaults()
                .config(config -> config.maxQueuedFrames(64).maxQueuedBytes(512 * 1024)));
        WebSocketManager manager = deployment.manager();
        List<WebSocketRecorder> fast = List.of(deployment.connectAs("fast-1"),
                deployment.connectAs("fast-2"), deployment.connectAs("fast-3"));
        RawSocketClient slow = deployment.raw(4096);
        assertThat(slow.upgrade(Map.of("Authorization", "Bearer slow"))).isEqualTo(101);
        eventually("the slow client is admitted", Duration.ofSeconds(5),
                () -> manager.stats().connections() == 4);

        long started = System.nanoTime();
        int sent = 0;
        int stopAt = MAX_EVENTS;
        while (sent < stopAt) {
            for (int i = 0; i < ROUND; i++, sent++) {
                SendOutcome outcome = manager.broadcastToAll(KitEvents.bulk(sent, EVENT_BYTES));
                assertThat(outcome.queuedLocal()).as("connections queued for event " + sent)
                        .isGreaterThanOrEqualTo(fast.size());
            }
            for (WebSocketRecorder client : fast) {
                for (int n = sent - ROUND; n < sent; n++) {
                    assertThat(client.nextFrame(KitEvents.BULK).at("/payload/n").asInt())
                            .isEqualTo(n);
                }
            }
            if (stopAt == MAX_EVENTS && deployment.observer().removalOf("slow").isPresent()) {
                stopAt = sent + AFTER_REMOVAL;
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        Optional<RecordingObserver.Removal> removal = deployment.observer().removalOf("slow");
        assertThat(removal).as("the slow client was closed within " + MAX_EVENTS + " events")
                .isPresent();
        assertThat(removal.get().reason().code()).isEqualTo(CloseReason.OUTBOUND_OVERFLOW.code());
        assertThat(elapsed).as("time for the fast clients to receive " + sent + " events")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(manager.stats().connections()).isEqualTo(fast.size());
        RawSocketClient.ServerClose close = slow.awaitServerClose(Duration.ofSeconds(10));
        if (close.closeCode() != -1) {
            assertThat(close.closeCode()).isEqualTo(CloseReason.OUTBOUND_OVERFLOW.code());
        }
    }
}
