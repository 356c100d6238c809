package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455's framing rules, from a raw socket: every violation closes with the code the RFC names
 * (1002 for framing, 1007 for text that is not UTF-8), and the closing handshake then completes:
 * once the client answers the server's close frame, TCP closes within {@link #CLOSE_BOUND}, not
 * on a safety timer. The connection leaves the manager; nobody else is disturbed.
 */
abstract class ProtocolCases extends KitCases {

    /** How long TCP may stay open after the client answered the server's close frame. */
    static final Duration CLOSE_BOUND = Duration.ofMillis(1500);

    private static final int FIN = 0x80;
    private static final int TEXT = 0x1;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final String PING_JSON = "{\"type\":\"ping\"}";

    // A fresh array per use: a static one could be changed by anyone.
    private static byte[] ping() {
        return PING_JSON.getBytes(StandardCharsets.UTF_8);
    }

    ProtocolCases(ServerStarter starter) {
        super(starter);
    }

    // A raw client of alice's past the welcome frame, and bob as a bystander.
    private RawSocketClient upgraded(Deployment deployment) throws IOException {
        RawSocketClient client = deployment.raw(0);
        assertThat(client.upgrade(Map.of("Authorization", "Bearer alice"))).isEqualTo(101);
        assertThat(client.nextFrame(Duration.ofSeconds(5)).text()).contains("\"welcome\"");
        return client;
    }

    private void assertClosedWith(Deployment deployment, RawSocketClient client,
            WebSocketRecorder bystander, int code) throws IOException {
        RawSocketClient.ClosingHandshake close =
                client.completeClosingHandshake(Duration.ofSeconds(5));
        assertThat(close.code()).as("close code").isEqualTo(code);
        assertThat(close.tcpOpenAfterAnswer())
                .as("TCP open after the client answered the close").isLessThan(CLOSE_BOUND);
        eventually("the connection leaves the manager", Duration.ofSeconds(5),
                () -> deployment.manager().stats().connections() == 1);
        InboundCases.assertCarriesOn(deployment, bystander, "bob");
    }

    // One masked frame: its first byte (FIN, RSV, opcode) and payload.
    private record Frame(int firstByte, byte[] payload) {
    }

    private void assertViolation(int firstByte, boolean masked, byte[] payload, int code)
            throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder bystander = deployment.connectAs("bob");
        RawSocketClient client = upgraded(deployment);

        client.sendRawFrame(firstByte, masked, payload);

        assertClosedWith(deployment, client, bystander, code);
    }

    private void assertViolation(int code, Frame... frames) throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder bystander = deployment.connectAs("bob");
        RawSocketClient client = upgraded(deployment);

        for (Frame frame : frames) {
            client.sendRawFrame(frame.firstByte(), true, frame.payload());
        }

        assertClosedWith(deployment, client, bystander, code);
    }

    @ParameterizedTest(name = "RSV bits {0} on a text frame")
    @ValueSource(ints = {0x40, 0x20, 0x10, 0x70})
    @DisplayName("a reserved bit no extension negotiated closes with 1002")
    void reservedBits(int rsv) throws Exception {
        assertViolation(FIN | rsv | TEXT, true, ping(), 1002);
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    @DisplayName("a reserved opcode closes with 1002")
    void reservedOpcodes(int opcode) throws Exception {
        assertViolation(FIN | opcode, true, new byte[0], 1002);
    }

    @Test
    @DisplayName("an unmasked client frame closes with 1002 (RFC 6455 5.1)")
    void unmaskedFrame() throws Exception {
        assertViolation(FIN | TEXT, false, ping(), 1002);
    }

    @Test
    @DisplayName("a fragmented control frame closes with 1002")
    void fragmentedControlFrame() throws Exception {
        assertViolation(PING, true, "half".getBytes(StandardCharsets.US_ASCII), 1002);
    }

    @Test
    @DisplayName("a control frame over 125 bytes closes with 1002")
    void oversizedControlFrame() throws Exception {
        assertViolation(FIN | PING, true, new byte[126], 1002);
    }

    @Test
    @DisplayName("a continuation frame without a message to continue closes with 1002")
    void continuationWithoutStart() throws Exception {
        assertViolation(FIN, true, ping(), 1002);
    }

    @Test
    @DisplayName("a new message inside a fragmented one closes with 1002")
    void messageInsideFragments() throws Exception {
        assertViolation(1002, new Frame(TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8)),
                new Frame(FIN | TEXT, ping()));
    }

    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    @DisplayName("a close frame with a code no peer may send closes with 1002")
    void invalidCloseCodes(int code) throws Exception {
        assertViolation(FIN | CLOSE, true, new byte[] {(byte) (code >>> 8), (byte) code}, 1002);
    }

    @Test
    @DisplayName("a close frame with a one-byte payload closes with 1002")
    void oneByteClose() throws Exception {
        assertViolation(FIN | CLOSE, true, new byte[] {0x03}, 1002);
    }

    @Test
    @DisplayName("a text message that is not UTF-8 closes with 1007")
    void invalidUtf8Text() throws Exception {
        assertViolation(FIN | TEXT, true, new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}'}, 1007);
    }

    @Test
    @DisplayName("a fragmented text message that is not UTF-8 closes with 1007")
    void invalidUtf8AcrossFragments() throws Exception {
        // ce ba is a whole character; e1 bd needs a third byte before the quote: invalid.
        assertViolation(1007, new Frame(TEXT, new byte[] {'"', (byte) 0xce}),
                new Frame(FIN, new byte[] {(byte) 0xba, (byte) 0xe1, (byte) 0xbd, '"'}));
    }

    @Test
    @DisplayName("a close reason that is not UTF-8 closes with 1007")
    void invalidUtf8CloseReason() throws Exception {
        assertViolation(FIN | CLOSE, true,
                new byte[] {0x03, (byte) 0xe8, (byte) 0xff, (byte) 0xfe, 'x'}, 1007);
    }

    @Test
    @DisplayName("a client's close is answered with its code and TCP closes within the bound")
    void clientClose() throws Exception {
        Deployment deployment = deploy();
        RawSocketClient client = upgraded(deployment);

        client.sendRawFrame(FIN | CLOSE, true, new byte[] {0x03, (byte) 0xe8, 'b', 'y', 'e'});

        RawSocketClient.RawFrame answer = client.nextFrame(Duration.ofSeconds(5));
        while (answer.opcode() != CLOSE) {
            answer = client.nextFrame(Duration.ofSeconds(5));
        }
        assertThat(answer.closeCode()).isEqualTo(1000);
        assertThat(client.awaitEndOfStream(Duration.ofSeconds(5))).isLessThan(CLOSE_BOUND);
        eventually("the connection leaves the manager", Duration.ofSeconds(5),
                () -> deployment.manager().stats().connections() == 0);
        assertThat(deployment.observer().nextRemoval(Duration.ofSeconds(5)).reason().code())
                .isEqualTo(1000);
    }

    @Test
    @DisplayName("a close the server starts completes as soon as the client answers it")
    void serverClose() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder bystander = deployment.connectAs("bob");
        RawSocketClient client = upgraded(deployment);
        eventually("alice is connected", Duration.ofSeconds(5),
                () -> deployment.manager().stats().connections() == 2);

        deployment.manager().disconnectUser(UserId.of("alice"), CloseReason.NORMAL);

        assertClosedWith(deployment, client, bystander, 1000);
    }
}
