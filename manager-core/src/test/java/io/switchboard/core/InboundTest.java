package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.ManagerStats.InboundError;
import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.id.UserId;
import io.switchboard.core.internal.wire.ErrorCodes;
import io.switchboard.core.spi.InboundMessage;
import io.switchboard.core.spi.InboundRejection;
import io.switchboard.core.testing.FakeConnection;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Inbound frames")
class InboundTest {

    private final List<InboundMessage> received = new CopyOnWriteArrayList<>();
    private final ManagerHarness harness = new ManagerHarness(
            config -> config.maxInboundChars(1000),
            builder -> builder.inboundHandler(message -> {
                if (message.payloadJson().contains("forbidden")) {
                    throw new InboundRejection("forbidden", "you may not do that");
                }
                if (message.payloadJson().contains("boom")) {
                    throw new IllegalStateException("handler bug");
                }
                received.add(message);
            }));
    private final WebSocketManager manager = harness.manager;

    @AfterEach
    void close() {
        manager.close();
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                Arguments.of("not JSON", "hello", "malformed_json"),
                Arguments.of("truncated JSON", "{\"type\":\"ping\"", "malformed_json"),
                Arguments.of("a JSON array", "[1,2]", "malformed_json"),
                Arguments.of("a JSON string", "\"ping\"", "malformed_json"),
                Arguments.of("trailing data", "{\"type\":\"ping\"} {}", "malformed_json"),
                Arguments.of("a repeated key", "{\"type\":\"ping\",\"type\":\"message\"}", "malformed_json"),
                Arguments.of("deep nesting", "{\"type\":\"message\",\"payload\":" + "[".repeat(40)
                        + "]".repeat(40) + "}", "malformed_json"),
                Arguments.of("no type", "{\"thread_id\":\"t-1\"}", "invalid_frame"),
                Arguments.of("a numeric type", "{\"type\":7}", "invalid_frame"),
                Arguments.of("an unknown type", "{\"type\":\"teleport\"}", "unknown_type"),
                Arguments.of("a server frame type", "{\"type\":\"welcome\"}", "unknown_type"),
                Arguments.of("subscribe without thread", "{\"type\":\"subscribe\"}", "invalid_frame"),
                Arguments.of("a bad thread id", "{\"type\":\"subscribe\",\"thread_id\":\"a b\"}", "invalid_frame"),
                Arguments.of("an oversize frame", "{\"type\":\"message\",\"payload\":\"" + "x".repeat(1000)
                        + "\"}", "too_large"));
    }

    @ParameterizedTest(name = "{0} gets an error frame with code {2} and affects nothing else")
    @MethodSource("badFrames")
    void badFramesGetAnErrorAndNothingElseChanges(String what, String frame, String code) {
        FakeConnection sender = harness.connect("alice");
        FakeConnection sibling = harness.connect("alice");
        FakeConnection other = harness.connect("bob");

        manager.onText(sender.id(), frame);

        JsonNode error = sender.frames().get(1);
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank().doesNotContain("xxxxxxxx");
        assertThat(sender.closeReason()).isEmpty();
        assertThat(sibling).hasTypes("welcome");
        assertThat(other).hasTypes("welcome");
        assertThat(received).isEmpty();
        assertThat(manager.stats().inboundErrors(
                InboundError.valueOf(code.toUpperCase(Locale.ROOT)))).isEqualTo(1);
        assertThat(manager.sendToUser(UserId.of("alice"), new AgentStarted("a")).queuedLocal())
                .as("the sender still receives events").isEqualTo(2);
    }

    @Test
    @DisplayName("an application message reaches the handler with the connection's own user")
    void messageReachesHandler() {
        FakeConnection tab = harness.connect("alice");
        manager.onText(tab.id(), "{\"type\":\"message\",\"thread_id\":\"t-1\",\"user_id\":\"bob\","
                + "\"payload\":{\"text\":\"hi\"}}");
        assertThat(received).hasSize(1);
        InboundMessage message = received.get(0);
        assertThat(message.user()).as("the user comes from the handshake, never the frame")
                .isEqualTo(UserId.of("alice"));
        assertThat(message.connection()).isEqualTo(tab.id());
        assertThat(message.thread()).map(Object::toString).contains("t-1");
        assertThat(message.payloadJson()).isEqualTo("{\"text\":\"hi\"}");
        assertThat(message.toString()).doesNotContain("hi");
    }

    @Test
    @DisplayName("every error code the core sends has its own InboundError, so none counts as other")
    void everyCoreErrorCodeIsAnInboundError() throws IllegalAccessException {
        List<String> codes = new ArrayList<>();
        for (Field field : ErrorCodes.class.getFields()) {
            codes.add((String) field.get(null));
        }
        assertThat(codes).containsExactlyInAnyOrderElementsOf(Arrays.stream(InboundError.values())
                .filter(error -> error != InboundError.OTHER).map(InboundError::wireName).toList());
    }

    @Test
    @DisplayName("a handler's rejection reaches the client as an error with its code, counted as other")
    void handlerRejection() {
        FakeConnection tab = harness.connect("alice");
        manager.onText(tab.id(), "{\"type\":\"message\",\"payload\":\"forbidden\"}");
        JsonNode error = tab.frames().get(1);
        assertThat(error.path("code").asText()).isEqualTo("forbidden");
        assertThat(error.path("message").asText()).isEqualTo("you may not do that");
        assertThat(tab.closeReason()).isEmpty();
        assertThat(manager.stats().inboundErrors()).containsExactly(Map.entry(InboundError.OTHER, 1L));
    }

    @Test
    @DisplayName("a failing handler gives handler_failed without details, and the connection stays")
    void handlerFailure() {
        FakeConnection tab = harness.connect("alice");
        manager.onText(tab.id(), "{\"type\":\"message\",\"payload\":\"boom\"}");
        JsonNode error = tab.frames().get(1);
        assertThat(error.path("code").asText()).isEqualTo("handler_failed");
        assertThat(error.path("message").asText()).doesNotContain("handler bug");
        manager.onText(tab.id(), "{\"type\":\"message\",\"payload\":\"fine\"}");
        assertThat(received).hasSize(1);
    }

    @Test
    @DisplayName("without a handler, messages are answered with unsupported")
    void noHandler() {
        ManagerHarness bare = new ManagerHarness();
        try {
            FakeConnection tab = bare.connect("alice");
            bare.manager.onText(tab.id(), "{\"type\":\"message\",\"payload\":1}");
            assertThat(tab.frames().get(1).path("code").asText()).isEqualTo("unsupported");
        } finally {
            bare.manager.close();
        }
    }

    @Test
    @DisplayName("a binary frame is answered with unsupported and the connection stays open")
    void binaryFrame() {
        FakeConnection tab = harness.connect("alice");
        manager.onBinary(tab.id());
        JsonNode error = tab.frames().get(1);
        assertThat(error.path("code").asText()).isEqualTo("unsupported");
        assertThat(error.path("message").asText()).contains("binary");
        assertThat(tab.closeReason()).isEmpty();
    }

    @Test
    @DisplayName("an application ping is answered with pong")
    void ping() {
        FakeConnection tab = harness.connect("alice");
        manager.onText(tab.id(), "{\"type\":\"ping\"}");
        assertThat(tab).hasTypes("welcome", "pong");
    }

    @Test
    @DisplayName("frames of unknown connections are ignored")
    void unknownConnection() {
        FakeConnection tab = harness.connect("alice");
        manager.disconnect(tab.id(), CloseReason.NORMAL);
        manager.onText(tab.id(), "{\"type\":\"ping\"}");
        assertThat(tab).hasTypes("welcome");
    }
}
