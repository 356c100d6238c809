package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.FakeConnection.WriteMode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shared fakes' own promises, which the stress and property tests rely on. */
@DisplayName("Test fakes")
class FakesTest {

    private static TextFrame frame(String type, long seq) {
        return TextFrame.of("{\"type\":\"" + type + "\",\"seq\":" + seq + "}");
    }

    @Test
    @DisplayName("FrameAssert passes on what arrived and fails listing every frame that did")
    void frameAssertNamesWhatArrived() {
        FakeConnection tab = FakeConnection.builder().id("c-1").build();
        tab.send(TextFrame.of("{\"type\":\"welcome\"}"));
        tab.send(frame("agent_started", 1));
        tab.send(frame("agent_completed", 2));

        assertThat(tab).hasTypes("welcome", "agent_started", "agent_completed").hasSeqs(1, 2)
                .containsSeqs(2).hasFrameOfType("agent_started").hasFramesOfType("agent_completed", 1)
                .hasNoFrameOfType("recovery_failed");
        assertThatThrownBy(() -> assertThat(tab).hasFramesOfType("tool_executing", 1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting 1 frame(s) of type <tool_executing> on FakeConnection[c-1]")
                .hasMessageContaining("received [welcome, agent_started#1, agent_completed#2]");
        assertThatThrownBy(() -> assertThat(tab).hasSeqs(1, 2, 3)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("[1, 2, 3]");
        assertThatThrownBy(() -> assertThat(tab).containsSeqs(3)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("[3] are missing");
        assertThatThrownBy(() -> assertThat(tab).hasTypes("welcome")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> tab.awaitType("tool_executing", Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("received [welcome, agent_started");
    }

    @Test
    @DisplayName("after close no frame is recorded, refused writes are kept, and held writes can be abandoned")
    void closeOrdersWrites() {
        FakeConnection socket = FakeConnection.builder().closeAbandonsHeldWrites().build();
        socket.writeMode(WriteMode.HELD);
        CompletableFuture<Void> held = socket.send(frame("a", 1));
        socket.send(frame("b", 2));
        assertThat(socket.maxWritesInFlight()).isEqualTo(2);

        socket.close(CloseReason.NORMAL);
        CompletableFuture<Void> late = socket.send(frame("c", 3));
        socket.releaseWrites();

        assertThat(held).isCompletedExceptionally();
        assertThat(late).isCompletedExceptionally();
        assertThat(socket.frameCount()).isZero();
        assertThat(socket.writesAfterClose()).hasSize(1);
        assertThat(socket.closedAtNanos()).isLessThan(Long.MAX_VALUE);

        FakeConnection kept = new FakeConnection().writeMode(WriteMode.HELD);
        CompletableFuture<Void> pending = kept.send(frame("a", 1));
        kept.close(CloseReason.NORMAL);
        assertThat(pending).isNotDone();
        kept.releaseWrites();
        assertThat(pending).isCompleted();
        assertThat(kept).hasTypes("a");
    }
}
