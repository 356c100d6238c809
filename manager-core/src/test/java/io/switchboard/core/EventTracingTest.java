package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.cluster.Target;
import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.EventTracing;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.TestClusterPort;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Event tracing")
class EventTracingTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId T1 = ThreadId.of("t-1");

    /** Records what the manager asks of its tracing; each emission's context names its thread. */
    private static final class RecordingTracing implements EventTracing {
        final List<String> emitted = new CopyOnWriteArrayList<>();
        final List<SendStatus> ended = new CopyOnWriteArrayList<>();
        final List<Optional<String>> delivered = new CopyOnWriteArrayList<>();
        final List<Integer> queued = new CopyOnWriteArrayList<>();

        @Override
        public Emission emitting(String type, Target target, Optional<RunId> run) {
            String context = "ctx-" + type + "-" + Thread.currentThread().getName()
                    + run.map(id -> "-" + id.value()).orElse("");
            emitted.add(context);
            return new Emission() {
                @Override
                public String context() {
                    return context;
                }

                @Override
                public void ended(SendOutcome outcome) {
                    ended.add(outcome.status());
                }
            };
        }

        @Override
        public Delivery delivering(Optional<String> context, Target target) {
            delivered.add(context);
            return queued::add;
        }
    }

    @Test
    @DisplayName("an emitter's event carries the context taken on the emitting thread to the cluster, never to the client")
    void emitterContextTravels() throws Exception {
        RecordingTracing tracing = new RecordingTracing();
        TestClusterPort cluster = new TestClusterPort();
        ManagerHarness harness = new ManagerHarness(config -> config,
                builder -> builder.tracing(tracing).cluster(cluster));
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = harness.connect("alice");
            manager.subscribe(tab.id(), T1);
            String name = Thread.currentThread().getName();
            Thread.currentThread().setName("agent-thread");
            try {
                manager.emitter(ALICE, T1, RunId.of("r-1")).started("helper")
                        .get(5, TimeUnit.SECONDS);
            } finally {
                Thread.currentThread().setName(name);
            }

            assertThat(tracing.emitted).containsExactly("ctx-agent_started-agent-thread-r-1");
            assertThat(tracing.ended).containsExactly(SendStatus.QUEUED);
            assertThat(cluster.forwarded()).extracting(frame -> frame.context().orElseThrow())
                    .containsExactly("ctx-agent_started-agent-thread-r-1");
            assertThat(tab.rawFrames()).extracting(TextFrame::text)
                    .noneMatch(text -> text.contains("ctx-"));
        }
    }

    @Test
    @DisplayName("a frame from another instance is delivered inside a delivery with the context it came with")
    void deliveryGetsTheContext() {
        RecordingTracing tracing = new RecordingTracing();
        TestClusterPort cluster = new TestClusterPort();
        ManagerHarness harness = new ManagerHarness(config -> config,
                builder -> builder.tracing(tracing).cluster(cluster));
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = harness.connect("alice");
            manager.sendToUser(ALICE, new AgentStarted("helper"));
            TextFrame sent = cluster.forwarded().get(0);

            int queued = cluster.listener().deliverLocally(new Target.User(ALICE), sent);

            assertThat(queued).isEqualTo(1);
            assertThat(tracing.delivered).containsExactly(sent.context());
            assertThat(tracing.queued).containsExactly(1);
            assertThat(tab.rawFrames()).extracting(TextFrame::text)
                    .noneMatch(text -> text.contains("ctx-"));
        }
    }

    @Test
    @DisplayName("a frame's context is printable ASCII of bounded length, and shares the frame's bytes")
    void frameContext() {
        TextFrame frame = TextFrame.of("{\"type\":\"x\"}");
        TextFrame carrying = frame.withContext("00-abc-def-01 k=v");
        assertThat(carrying.context()).contains("00-abc-def-01 k=v");
        assertThat(frame.context()).isEmpty();
        assertThat(carrying.text()).isEqualTo(frame.text());
        assertThatThrownBy(() -> frame.withContext("line\nfeed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable");
        assertThatThrownBy(() -> frame.withContext(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> frame.withContext("x".repeat(TextFrame.MAX_CONTEXT_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512");
    }
}
