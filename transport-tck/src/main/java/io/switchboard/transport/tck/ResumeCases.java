package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.SendStatus;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Resume across a real disconnect and reconnect: no lost event, no duplicate. */
abstract class ResumeCases extends KitCases {

    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId THREAD = ThreadId.of("t-1");

    ResumeCases(ServerStarter starter) {
        super(starter);
    }

    @Test
    @DisplayName("a client that reconnects with its cursor gets exactly what it missed, then live events")
    void resumeAfterReconnect() throws Exception {
        Deployment deployment = deploy();
        WebSocketManager manager = deployment.manager();
        WebSocketRecorder first = subscribed(deployment, null);
        for (int n = 1; n <= 5; n++) {
            manager.sendToThread(ALICE, THREAD, KitEvents.tagged("alice", "run", n));
        }
        JsonNode last = null;
        for (int n = 1; n <= 5; n++) {
            last = first.nextFrame(KitEvents.TAGGED);
        }
        first.close(1000, "leaving");
        eventually("the first connection to be gone", MARGIN, () -> manager.stats().connections() == 0);
        for (int n = 6; n <= 10; n++) {
            assertThat(manager.sendToThread(ALICE, THREAD, KitEvents.tagged("alice", "run", n)).status())
                    .isEqualTo(SendStatus.STORED);
        }

        WebSocketRecorder second = subscribed(deployment, last);
        List<Long> seqs = new ArrayList<>();
        for (int n = 6; n <= 10; n++) {
            seqs.add(second.nextFrame(KitEvents.TAGGED).path("seq").asLong());
        }
        JsonNode recovered = second.nextFrame("recovered");
        manager.sendToThread(ALICE, THREAD, KitEvents.tagged("alice", "run", 11));
        seqs.add(second.nextFrame(KitEvents.TAGGED).path("seq").asLong());

        assertThat(seqs).containsExactly(6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(recovered.path("replayed").asInt()).isEqualTo(5);
    }

    @Test
    @DisplayName("events emitted while the client drops and resumes are neither lost nor duplicated")
    void resumeWhileEmitting() throws Exception {
        Deployment deployment = deploy();
        WebSocketManager manager = deployment.manager();
        int total = 300;
        WebSocketRecorder first = subscribed(deployment, null);
        CompletableFuture<Void> emitting = CompletableFuture.runAsync(() -> {
            for (int n = 1; n <= total; n++) {
                manager.sendToThread(ALICE, THREAD, KitEvents.tagged("alice", "run", n));
                LockSupport.parkNanos(1_000_000);
            }
        });
        List<Long> seqs = new ArrayList<>();
        JsonNode last = null;
        for (int n = 0; n < 40; n++) {
            last = first.nextFrame(KitEvents.TAGGED);
            seqs.add(last.path("seq").asLong());
        }
        first.abort();

        WebSocketRecorder second = subscribed(deployment, last);
        while (seqs.size() < total) {
            JsonNode frame = second.nextFrame();
            if (frame.path("type").asText().equals(KitEvents.TAGGED)) {
                seqs.add(frame.path("seq").asLong());
            }
        }
        emitting.get(30, TimeUnit.SECONDS);

        assertThat(seqs).as("every event exactly once, in order, across the two connections")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    }

    private static WebSocketRecorder subscribed(Deployment deployment, JsonNode cursor) {
        WebSocketRecorder client = deployment.connectAs("alice");
        client.send(cursor == null ? "{\"type\":\"subscribe\",\"thread_id\":\"t-1\"}"
                : "{\"type\":\"subscribe\",\"thread_id\":\"t-1\",\"epoch\":\""
                        + cursor.path("epoch").asText() + "\",\"seq\":" + cursor.path("seq").asLong() + "}");
        client.nextFrame("subscribed");
        return client;
    }
}
