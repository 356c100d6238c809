package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.ManagerStats.Refusal;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Connection limits")
class LimitsTest {

    private final ManagerHarness harness = new ManagerHarness(
            config -> config.maxConnectionsPerUser(2).maxConnections(4), builder -> builder);
    private final WebSocketManager manager = harness.manager;

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    @DisplayName("a connection beyond the per-user limit evicts that user's oldest with 4001")
    void perUserLimitEvictsTheOldest() {
        FakeConnection first = harness.connect("alice");
        FakeConnection second = harness.connect("alice");
        FakeConnection third = new FakeConnection();

        Admission admission = manager.connect(UserId.of("alice"), third);

        assertThat(admission).isEqualTo(new Admission.Accepted(java.util.Optional.of(first.id())));
        assertThat(first.closeReason()).contains(CloseReason.EVICTED);
        assertThat(CloseReason.EVICTED.code()).isEqualTo(4001);
        assertThat(second.closeReason()).isEmpty();
        assertThat(third.closeReason()).isEmpty();
        assertThat(manager.stats().connectionsPerUser()).containsEntry(UserId.of("alice"), 2);
        assertThat(manager.stats().evictions()).isEqualTo(1);
        assertThat(manager.sendToUser(UserId.of("alice"), new io.switchboard.core.event.AgentStarted("a"))
                .queuedLocal()).isEqualTo(2);
    }

    @Test
    @DisplayName("at the total limit a new user's connection is refused with 1013 and nobody is evicted")
    void totalLimitRefusesWithoutEvictingOthers() {
        FakeConnection a1 = harness.connect("alice");
        FakeConnection a2 = harness.connect("alice");
        FakeConnection b1 = harness.connect("bob");
        FakeConnection b2 = harness.connect("bob");
        FakeConnection carol = new FakeConnection();

        Admission admission = manager.connect(UserId.of("carol"), carol);

        assertThat(admission.accepted()).isFalse();
        assertThat(admission).isEqualTo(new Admission.Refused(CloseReason.TRY_AGAIN_LATER));
        assertThat(carol.closeReason()).map(CloseReason::code).contains(1013);
        assertThat(carol.frames()).as("a refused connection gets no welcome").isEmpty();
        for (FakeConnection other : new FakeConnection[] {a1, a2, b1, b2}) {
            assertThat(other.closeReason()).as("no other user's connection is evicted").isEmpty();
        }
        assertThat(manager.stats().connections()).isEqualTo(4);
        assertThat(manager.stats().refusals(Refusal.TOTAL_LIMIT)).isEqualTo(1);
        assertThat(manager.stats().queuedFrames()).as("the refused welcome leaves no trace").isZero();
    }

    @Test
    @DisplayName("at the total limit a user at their own limit still rotates their own connections")
    void userAtOwnLimitRotatesAtTotalLimit() {
        FakeConnection a1 = harness.connect("alice");
        harness.connect("alice");
        harness.connect("bob");
        harness.connect("bob");
        FakeConnection a3 = new FakeConnection();
        assertThat(manager.connect(UserId.of("alice"), a3).accepted()).isTrue();
        assertThat(a1.closeReason()).contains(CloseReason.EVICTED);
        assertThat(manager.stats().connections()).isEqualTo(4);
    }

    @Test
    @DisplayName("a freed slot can be taken again")
    void freedSlot() {
        FakeConnection a1 = harness.connect("alice");
        harness.connect("alice");
        harness.connect("bob");
        harness.connect("bob");
        manager.disconnect(a1.id(), CloseReason.NORMAL);
        assertThat(manager.connect(UserId.of("carol"), new FakeConnection()).accepted()).isTrue();
        assertThat(manager.stats().connections()).isEqualTo(4);
        assertThat(manager.stats().users()).isEqualTo(3);
    }

    @Test
    @DisplayName("connecting the same connection twice is a programming error")
    void duplicateConnection() {
        FakeConnection tab = harness.connect("alice");
        assertThatThrownBy(() -> manager.connect(UserId.of("alice"), tab))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(tab.id().value());
    }

    @Test
    @DisplayName("disconnecting twice, or an unknown connection, is harmless")
    void disconnectIsIdempotent() {
        FakeConnection tab = harness.connect("alice");
        assertThat(manager.disconnect(tab.id(), CloseReason.NORMAL)).isTrue();
        assertThat(manager.disconnect(tab.id(), CloseReason.NORMAL)).isFalse();
        assertThat(tab.closeReason()).contains(CloseReason.NORMAL);
        assertThat(manager.stats().connections()).isZero();
    }

    @Test
    @DisplayName("disconnectUser closes every connection of that user only")
    void disconnectUser() {
        FakeConnection a1 = harness.connect("alice");
        FakeConnection a2 = harness.connect("alice");
        FakeConnection b1 = harness.connect("bob");
        assertThat(manager.disconnectUser(UserId.of("alice"), CloseReason.NORMAL)).isEqualTo(2);
        assertThat(a1.closeReason()).contains(CloseReason.NORMAL);
        assertThat(a2.closeReason()).contains(CloseReason.NORMAL);
        assertThat(b1.closeReason()).isEmpty();
        assertThat(manager.stats().users()).isEqualTo(1);
    }
}
