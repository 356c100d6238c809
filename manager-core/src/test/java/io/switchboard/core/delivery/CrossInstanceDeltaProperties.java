package io.switchboard.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.SharedClusterLog;
import io.switchboard.core.testing.TestClusterPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Deltas across instances: two managers share one log, as instances share Redis; both stream
 * answers (messages and tool calls) into one thread of a user whose tab is on the second. What
 * the first stored reaches the second as routing would bring it: late, out of order, twice, or
 * never (then a later frame's gap or the port's check, {@code verifyStreams}, fills it from the
 * log). The tab stops reading and starts again (so its queue merges deltas, also those that came
 * from the other instance or from the log) and resumes from its own cursor at any time. Whatever
 * the plan, the frames it receives cover every seq once, in order ({@code seq_from}..{@code seq}
 * never overlap, never skip), no {@code recovery_failed} comes, and the text it assembles for each
 * message is exactly the text emitted.
 */
class CrossInstanceDeltaProperties {

    private static final UserId USER = UserId.of("alice");
    private static final ThreadId THREAD = ThreadId.of("t-1");
    private static final String[] PIECES = {"a", "é", "€", "😀", " ", "\"", "\\", "世界", "\n"};

    /** One instance's run: its emitter, its open message and what it emitted. */
    private static final class Run {
        final AgentEmitter emitter;
        final String name;
        String open;
        boolean toolCall;
        int messages;

        Run(WebSocketManager manager, String name) {
            this.emitter = manager.emitter(USER, THREAD, RunId.of(name));
            this.name = name;
        }

        // One step of the answer: a delta of the open message (or tool call), opening one first
        // and completing it now and then.
        void step(SplittableRandom random, Map<String, StringBuilder> emitted) {
            if (open == null) {
                open = name + "-m" + messages++;
                toolCall = random.nextInt(3) == 0;
                if (!toolCall) {
                    emitter.messageStarted(open, MessageKind.TEXT).join();
                }
            }
            String delta = PIECES[random.nextInt(PIECES.length)]
                    + (random.nextBoolean() ? PIECES[random.nextInt(PIECES.length)] : "");
            emitted.computeIfAbsent(open, ignored -> new StringBuilder()).append(delta);
            if (toolCall) {
                emitter.toolCallDelta(open, "search", delta).join();
            } else {
                emitter.messageDelta(open, delta).join();
            }
            if (random.nextInt(12) == 0) {
                if (!toolCall) {
                    emitter.messageCompleted(open).join();
                }
                open = null;
            }
        }
    }

    /**
     * A browser tab on one instance: what reached its sockets, over every connection; a connection
     * the server closed (an overflowing queue) is replaced by a new one that resumes from the
     * cursor, as delivery.md says.
     */
    private static final class Tab {
        final WebSocketManager manager;
        final List<JsonNode> earlier = new ArrayList<>();
        FakeConnection current = new FakeConnection();
        int reconnects;

        Tab(WebSocketManager manager) {
            this.manager = manager;
            manager.connect(USER, current);
            manager.subscribe(current.id(), THREAD);
        }

        List<JsonNode> frames() {
            List<JsonNode> all = new ArrayList<>(earlier);
            all.addAll(current.frames());
            return all;
        }

        void reconnectIfClosed() {
            if (current.closeReason().isEmpty()) {
                return;
            }
            earlier.addAll(current.frames());
            current = new FakeConnection();
            reconnects++;
            manager.connect(USER, current);
            resume();
        }

        // What a client sends to resume: the last seq and epoch it received, if any.
        void resume() {
            JsonNode newest = null;
            for (JsonNode frame : frames()) {
                if (frame.has("seq")) {
                    newest = frame;
                }
            }
            manager.onText(current.id(), newest == null
                    ? "{\"type\":\"subscribe\",\"thread_id\":\"t-1\",\"seq\":0}"
                    : "{\"type\":\"subscribe\",\"thread_id\":\"t-1\",\"epoch\":\""
                            + newest.path("epoch").asText() + "\",\"seq\":"
                            + newest.path("seq").asLong() + "}");
        }
    }

    @Example
    @Label("a tab whose last catch-up is longer than its queue still gets every event")
    void lastCatchUpOverflows() {
        // Found by the property below: the final check's catch-up, queued frame by frame then,
        // closed the tab with 4003. A catch-up is one batch now, as a resume's replay is.
        aTabOnAnotherInstanceAssemblesExactlyTheEmittedText(-1L, 4, 71);
    }

    @Property(tries = 100)
    void aTabOnAnotherInstanceAssemblesExactlyTheEmittedText(
            @ForAll long seed,
            @ForAll @IntRange(min = 4, max = 64) int queueFrames,
            @ForAll @IntRange(min = 30, max = 250) int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        SharedClusterLog cluster = new SharedClusterLog();
        SharedClusterLog.Instance logA = cluster.instance();
        TestClusterPort portA = new TestClusterPort(logA);
        TestClusterPort portB = new TestClusterPort(cluster.instance());
        Target target = new Target.Thread(USER, THREAD);
        try (WebSocketManager a = manager(portA, 64); WebSocketManager b = manager(portB,
                queueFrames)) {
            Tab tab = new Tab(b);
            if (random.nextInt(4) == 0) {
                // A tab that reads nothing at first: its first resume is from the start.
                tab.current.writeMode(FakeConnection.WriteMode.HELD);
            }
            Run runA = new Run(a, "ra");
            Run runB = new Run(b, "rb");
            Map<String, StringBuilder> emitted = new LinkedHashMap<>();
            List<TextFrame> inFlight = new ArrayList<>();
            int routed = 0;
            for (int step = 0; step < steps; step++) {
                tab.reconnectIfClosed();
                // What A stored since is on its way to B.
                List<TextFrame> stored = logA.routed();
                while (routed < stored.size()) {
                    inFlight.add(stored.get(routed++));
                }
                int action = random.nextInt(100);
                if (action < 35) {
                    runA.step(random, emitted);
                } else if (action < 55) {
                    runB.step(random, emitted);
                } else if (action < 78 && !inFlight.isEmpty()) {
                    // Routing: any frame on its way, delivered (perhaps again later) or lost.
                    int pick = random.nextInt(inFlight.size());
                    int fate = random.nextInt(10);
                    TextFrame frame = fate < 8 ? inFlight.remove(pick) : inFlight.get(pick);
                    if (fate != 7) {
                        portB.listener().deliverLocally(target, frame);
                    }
                    Statistics.label("routing").collect(fate < 7 ? "delivered"
                            : fate == 7 ? "lost" : "delivered, kept for a repeat");
                } else if (action < 88) {
                    if (random.nextBoolean()) {
                        tab.current.writeMode(FakeConnection.WriteMode.HELD);
                    } else {
                        tab.current.releaseWrites();
                    }
                } else if (action < 95) {
                    tab.resume();
                } else {
                    portB.listener().verifyStreams();
                }
            }
            // Routing settles: what is still on its way is lost; the port's check finds it. A
            // queue already full when live frames overflow it closes the connection with 4003;
            // the tab then reconnects and resumes, as a client following delivery.md does.
            for (int settle = 0; settle < 5; settle++) {
                tab.current.releaseWrites();
                tab.reconnectIfClosed();
                portB.listener().verifyStreams();
                tab.current.releaseWrites();
                if (tab.current.closeReason().isEmpty()) {
                    break;
                }
            }

            assertThat(tab.frames()).noneMatch(frame -> frame.path("type").asText()
                    .equals("recovery_failed"));
            Map<String, StringBuilder> assembled = new LinkedHashMap<>();
            long last = 0;
            int merged = 0;
            for (JsonNode frame : tab.frames()) {
                if (!frame.has("seq")) {
                    continue;
                }
                long seq = frame.path("seq").asLong();
                long from = frame.has("seq_from") ? frame.path("seq_from").asLong() : seq;
                assertThat(from).as("seed %d: frame %s after seq %d", seed, frame, last)
                        .isEqualTo(last + 1);
                last = seq;
                merged += from < seq ? 1 : 0;
                JsonNode payload = frame.path("payload");
                String type = frame.path("type").asText();
                if (type.equals("message_delta")) {
                    assembled.computeIfAbsent(payload.path("message_id").asText(),
                            ignored -> new StringBuilder()).append(payload.path("delta").asText());
                } else if (type.equals("tool_call_delta")) {
                    assembled.computeIfAbsent(payload.path("tool_call_id").asText(),
                            ignored -> new StringBuilder())
                            .append(payload.path("arguments_delta").asText());
                }
            }
            assertThat(last).as("seed %d: up to the newest seq", seed)
                    .isEqualTo(cluster.log().state(io.switchboard.core.replay.StreamId
                            .ofThread(USER, THREAD)).lastSeq());
            assertThat(text(assembled)).as("seed %d", seed).isEqualTo(text(emitted));
            Statistics.label("merged frames").collect(merged == 0 ? "none" : merged < 5 ? "1-4"
                    : "5+");
            Statistics.label("reconnects").collect(tab.reconnects == 0 ? "none" : "some");
        }
    }

    private static WebSocketManager manager(TestClusterPort port, int queueFrames) {
        return WebSocketManager.builder()
                .cluster(port)
                .config(ManagerConfig.builder()
                        .maxQueuedFrames(queueFrames)
                        .staleSweepInterval(Duration.ZERO)
                        .build())
                .build();
    }

    private static Map<String, String> text(Map<String, StringBuilder> texts) {
        Map<String, String> plain = new LinkedHashMap<>();
        texts.forEach((id, text) -> plain.put(id, text.toString()));
        return plain;
    }
}
