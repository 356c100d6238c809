package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.id.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What clients send: the size limit closes with 1009, bad input gets an {@code error} frame, and
 * neither disturbs any other connection.
 */
abstract class InboundCases extends KitCases {

    private static final int LIMIT = 1024;

    InboundCases(ServerStarter starter) {
        super(starter);
    }

    private Deployment deployWithLimit() throws Exception {
        return deploy(Setup.defaults().settings(settings -> settings.maxMessageBytes(LIMIT)));
    }

    @Test
    @DisplayName("a message larger than maxMessageBytes closes that connection with 1009; others carry on")
    void oversizeMessage() throws Exception {
        Deployment deployment = deployWithLimit();
        WebSocketRecorder offender = deployment.connectAs("alice");
        WebSocketRecorder bystander = deployment.connectAs("bob");

        offender.send(pingOfBytes(LIMIT + 1000));

        assertThat(offender.nextClose().code()).isEqualTo(1009);
        eventually("the offender is removed from the manager", Duration.ofSeconds(5),
                () -> deployment.manager().stats().connections() == 1);
        assertCarriesOn(deployment, bystander, "bob");
    }

    @Test
    @DisplayName("one frame announcing far more than maxMessageBytes closes with 1009 before it is whole")
    void oversizeFrameClosedEarly() throws Exception {
        Deployment deployment = deployWithLimit();
        RawSocketClient client = deployment.raw(0);
        assertThat(client.upgrade(java.util.Map.of("Authorization", "Bearer alice"))).isEqualTo(101);
        client.nextFrame(Duration.ofSeconds(5)); // welcome
        byte[] frame = client.encodeFrame(0x81, true, new byte[8 << 20]);

        // The header and a little more than the limit: a server that waits for the whole 8 MiB
        // frame before judging it never closes here.
        client.sendEncoded(java.util.Arrays.copyOf(frame, 14 + LIMIT + 100));

        RawSocketClient.ClosingHandshake close = client.completeClosingHandshake(Duration.ofSeconds(5));
        assertThat(close.code()).isEqualTo(1009);
        eventually("the offender is removed from the manager", Duration.ofSeconds(5),
                () -> deployment.manager().stats().connections() == 0);
    }

    @Test
    @DisplayName("the limit counts UTF-8 bytes, not characters")
    void limitCountsBytes() throws Exception {
        Deployment deployment = deployWithLimit();
        WebSocketRecorder client = deployment.connectAs("alice");
        // 700 characters, each two bytes in UTF-8: under the limit in chars, over it in bytes.
        String text = "{\"type\":\"ping\",\"pad\":\"" + "\u00e9".repeat(700) + "\"}";
        assertThat(text.length()).isLessThan(LIMIT);

        client.send(text);

        assertThat(client.nextClose().code()).isEqualTo(1009);
    }

    @Test
    @DisplayName("the limit applies to a whole message sent in fragments")
    void fragmentedOversizeMessage() throws Exception {
        Deployment deployment = deployWithLimit();
        WebSocketRecorder client = deployment.connectAs("alice");
        String half = "x".repeat(LIMIT - 100);

        client.sendFragments("{\"type\":\"ping\",\"pad\":\"" + half, half + "\"}");

        assertThat(client.nextClose().code()).isEqualTo(1009);
    }

    @Test
    @DisplayName("a message sent in fragments is handled as one, and so are the messages after it")
    void fragmentedMessages() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder client = deployment.connectAs("alice");

        client.sendFragments("{\"type\":", "\"ping\"}");
        client.nextFrame("pong");
        client.sendFragments("{\"type\"", ":\"pi", "ng\"}");
        client.nextFrame("pong");
        client.send("{\"type\":\"ping\"}");
        client.nextFrame("pong");
    }

    @Test
    @DisplayName("a message of exactly maxMessageBytes is accepted")
    void messageAtTheLimit() throws Exception {
        Deployment deployment = deployWithLimit();
        WebSocketRecorder client = deployment.connectAs("alice");

        client.send(pingOfBytes(LIMIT));

        client.nextFrame("pong");
    }

    @Test
    @DisplayName("malformed JSON gets an error frame; the connection and every other one carry on")
    void malformedJson() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder client = deployment.connectAs("alice");
        WebSocketRecorder bystander = deployment.connectAs("bob");

        client.send("{\"type\": \"subscribe\", \"thread_id\": ");

        assertThat(client.nextFrame("error").path("code").asText()).isEqualTo("malformed_json");
        assertCarriesOn(deployment, client, "alice");
        assertCarriesOn(deployment, bystander, "bob");
    }

    @Test
    @DisplayName("a binary frame gets an error frame with code 'unsupported'; the connection stays open")
    void binaryFrame() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder client = deployment.connectAs("alice");

        client.sendBinary(new byte[] {1, 2, 3, 4});

        assertThat(client.nextFrame("error").path("code").asText()).isEqualTo("unsupported");
        assertCarriesOn(deployment, client, "alice");
    }

    // The connection still answers its own frames and still receives events.
    static void assertCarriesOn(Deployment deployment, WebSocketRecorder client, String user) {
        RoutingCases.subscribe(client, "t-carry-on");
        deployment.manager().sendToUser(UserId.of(user), KitEvents.tagged(user, "carry-on", 1));
        assertThat(client.nextFrame(KitEvents.TAGGED).at("/payload/for").asText()).isEqualTo(user);
    }

    // An application-level ping padded to exactly this many UTF-8 bytes.
    static String pingOfBytes(int bytes) {
        String head = "{\"type\":\"ping\",\"pad\":\"";
        String tail = "\"}";
        String text = head + "x".repeat(bytes - head.length() - tail.length()) + tail;
        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return text;
    }
}
