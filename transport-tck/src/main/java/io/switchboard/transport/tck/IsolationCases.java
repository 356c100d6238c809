package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.InboundMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The isolation invariant over real sockets: with several users and tabs connecting and sending at
 * once, and server threads sending to all of them at once, every frame a client receives is its
 * own user's, and it receives exactly what was addressed to its user, in each sender's order.
 */
abstract class IsolationCases extends KitCases {

    private static final int USERS = 4;
    private static final int TABS = 3;
    private static final int MESSAGES_PER_TAB = 10;
    private static final int SENDERS = 4;
    private static final int EVENTS_PER_SENDER = 25;

    private final ObjectMapper json = new ObjectMapper();

    IsolationCases(ServerStarter starter) {
        super(starter);
    }

    @Test
    @DisplayName("under concurrent connects, client messages and server sends, no frame reaches another user and counts are exact")
    void concurrentUsersAndTabs() throws Exception {
        Deployment deployment = deploy(Setup.defaults().inbound(IsolationCases::echoToSender));
        WebSocketManager manager = deployment.manager();
        ExecutorService pool = Executors.newFixedThreadPool(USERS * TABS + SENDERS);
        try {
            List<String> users = new ArrayList<>();
            List<Future<WebSocketRecorder>> connecting = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                String user = "user-" + u;
                users.add(user);
                for (int t = 0; t < TABS; t++) {
                    connecting.add(pool.submit(() -> deployment.connectAs(user)));
                }
            }
            List<WebSocketRecorder> clients = new ArrayList<>();
            for (Future<WebSocketRecorder> client : connecting) {
                clients.add(client.get(10, TimeUnit.SECONDS));
            }

            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                WebSocketRecorder client = clients.get(i);
                String impersonated = users.get((i / TABS + 1) % USERS);
                work.add(pool.submit(awaiting(go, () -> {
                    for (int n = 0; n < MESSAGES_PER_TAB; n++) {
                        // The frame claims to be another user; the server must not care.
                        client.send("{\"type\":\"message\",\"user_id\":\"" + impersonated
                                + "\",\"payload\":{\"n\":" + n + ",\"user_id\":\""
                                + impersonated + "\"}}");
                    }
                    return null;
                })));
            }
            for (int s = 0; s < SENDERS; s++) {
                String source = "sender-" + s;
                work.add(pool.submit(awaiting(go, () -> {
                    for (int n = 0; n < EVENTS_PER_SENDER; n++) {
                        for (String user : users) {
                            manager.sendToUser(UserId.of(user), KitEvents.tagged(user, source, n));
                        }
                    }
                    return null;
                })));
            }
            go.countDown();
            for (Future<?> done : work) {
                done.get(30, TimeUnit.SECONDS);
            }

            for (int i = 0; i < clients.size(); i++) {
                assertOnlyOwnFrames(clients.get(i), users.get(i / TABS));
            }
            for (String user : users) {
                manager.sendToUser(UserId.of(user), KitEvents.fence(user));
            }
            for (int i = 0; i < clients.size(); i++) {
                assertThat(clients.get(i).nextFrame(KitEvents.FENCE).at("/payload/label").asText())
                        .as("the frame after the expected ones").isEqualTo(users.get(i / TABS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // Reads exactly the frames addressed to the user: every sender's events and every tab's echo.
    private void assertOnlyOwnFrames(WebSocketRecorder client, String user) throws Exception {
        Map<String, Integer> nextBySource = new HashMap<>();
        int expected = SENDERS * EVENTS_PER_SENDER + TABS * MESSAGES_PER_TAB;
        for (int i = 0; i < expected; i++) {
            JsonNode frame = client.nextFrame();
            String type = frame.path("type").asText();
            assertThat(type).as("frame %d of %s", i, user).isIn(KitEvents.TAGGED, KitEvents.ECHO);
            assertThat(frame.at("/payload/for").asText()).as("addressee of a frame received by " + user)
                    .isEqualTo(user);
            String source;
            int n;
            if (type.equals(KitEvents.TAGGED)) {
                source = frame.at("/payload/source").asText();
                n = frame.at("/payload/n").asInt();
            } else {
                source = frame.at("/payload/from").asText();
                n = json.readTree(frame.at("/payload/message").asText()).path("n").asInt();
            }
            int want = nextBySource.getOrDefault(source, 0);
            assertThat(n).as("order of the frames from " + source + " at " + user).isEqualTo(want);
            nextBySource.put(source, want + 1);
        }
        assertThat(nextBySource.entrySet()).allSatisfy(entry -> assertThat(entry.getValue())
                .as("frames from " + entry.getKey())
                .isEqualTo(entry.getKey().startsWith("sender-") ? EVENTS_PER_SENDER : MESSAGES_PER_TAB));
        assertThat(nextBySource).hasSize(SENDERS + TABS);
    }

    // The application handler: answers a message to every connection of the sender's own user.
    private static void echoToSender(WebSocketManager manager, InboundMessage message) {
        manager.sendToUser(message.user(), ApplicationEvent.of(KitEvents.ECHO, Map.of(
                "for", message.user().value(),
                "from", message.connection().value(),
                "message", message.payloadJson())));
    }

    private static <T> Callable<T> awaiting(CountDownLatch go, Callable<T> task) {
        return () -> {
            go.await();
            return task.call();
        };
    }
}
