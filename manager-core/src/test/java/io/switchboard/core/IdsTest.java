package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Ids")
class IdsTest {

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("user id", (Function<String, Object>) UserId::of),
                Arguments.of("connection id", (Function<String, Object>) ConnectionId::of),
                Arguments.of("thread id", (Function<String, Object>) ThreadId::of),
                Arguments.of("run id", (Function<String, Object>) RunId::of),
                Arguments.of("room name", (Function<String, Object>) RoomName::of));
    }

    @ParameterizedTest(name = "a {0} accepts letters, digits and . _ : @ / -")
    @MethodSource("kinds")
    void acceptsTheDocumentedCharacterSet(String kind, Function<String, Object> factory) {
        assertThat(factory.apply("u-1.a_b:c@d/e").toString()).isEqualTo("u-1.a_b:c@d/e");
        assertThat(factory.apply("x".repeat(128)).toString()).hasSize(128);
    }

    @ParameterizedTest(name = "a {0} rejects null, blank, too long and foreign characters, naming itself")
    @MethodSource("kinds")
    void rejectsBadValuesWithAMessageNamingTheKind(String kind, Function<String, Object> factory) {
        assertThatThrownBy(() -> factory.apply(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(kind);
        assertThatThrownBy(() -> factory.apply("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(kind).hasMessageContaining("blank");
        assertThatThrownBy(() -> factory.apply("x".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(kind)
                .hasMessageContaining("129");
        assertThatThrownBy(() -> factory.apply("a b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(kind).hasMessageContaining("'a b'");
        assertThatThrownBy(() -> factory.apply("u1\n\"x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\\u000a");
        assertThatThrownBy(() -> factory.apply("ü")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("random connection ids differ")
    void randomConnectionIdsDiffer() {
        assertThat(ConnectionId.random()).isNotEqualTo(ConnectionId.random());
    }
}
