package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.cluster.Target;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.TestClusterPort;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Frames another instance forwards: a numbered frame never reaches a user who does not own its
 * stream, whatever the cluster's routing says.
 */
@DisplayName("Frames from other instances")
class RemoteDeliveryTest {

    private static final UserId ALICE = UserId.of("alice");

    @Test
    @DisplayName("a forwarded frame of one user's stream never reaches another user")
    void isolationHoldsWhateverTheRouting() {
        TestClusterPort origin = new TestClusterPort();
        TestClusterPort here = new TestClusterPort();
        ManagerHarness emitting = new ManagerHarness(c -> c, b -> b.cluster(origin));
        ManagerHarness receiving = new ManagerHarness(c -> c, b -> b.cluster(here));
        try (WebSocketManager a = emitting.manager; WebSocketManager b = receiving.manager) {
            FakeConnection bob = receiving.connect("bob");
            a.sendToUser(ALICE, new ToolExecuting("c-1", "search", Map.of()));

            int queued = here.listener().deliverLocally(new Target.User(UserId.of("bob")),
                    origin.forwarded().get(0));

            assertThat(queued).isZero();
            assertThat(bob).hasNoFrameOfType("tool_executing");
            FakeConnection alice = receiving.connect("alice");
            assertThat(here.listener().deliverLocally(new Target.User(ALICE), origin.forwarded().get(0)))
                    .as("its own user gets it").isEqualTo(1);
            assertThat(alice).hasFramesOfType("tool_executing", 1);
        }
    }
}
