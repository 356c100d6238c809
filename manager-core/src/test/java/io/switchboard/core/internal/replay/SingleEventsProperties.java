package io.switchboard.core.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.spi.TextFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.openjdk.jol.info.GraphLayout;

/**
 * The compact store of a stream's events holds exactly what a plain deque of the events would:
 * any mix of appends (frames from empty to several chunks long, traced or not) and trims gives
 * back, event by event, the same seqs, types, runs, flags, times and frame bytes, and finds the
 * same seqs. And it holds on to no chunk that no event is in.
 */
class SingleEventsProperties {

    private static final String EPOCH = "e1";

    /** An append of a frame of {@code length} bytes, or (length below zero) a trim of the oldest. */
    record Step(int length, boolean lifecycle, boolean traced, int run) {
        boolean isTrim() {
            return length < 0;
        }
    }

    @Property(tries = 300)
    @Label("replays exactly what a deque of the events would, after any appends and trims")
    void matchesADequeOfTheEvents(@ForAll("steps") List<Step> steps) {
        SingleEvents compact = new SingleEvents();
        ArrayDeque<StoredEvent> model = new ArrayDeque<>();
        ArrayDeque<Long> modelNanos = new ArrayDeque<>();
        long seq = 0;
        for (Step step : steps) {
            if (step.isTrim()) {
                if (!model.isEmpty()) {
                    model.pollFirst();
                    modelNanos.pollFirst();
                    compact.dropOldest();
                }
            } else {
                seq += 1 + step.length() % 3;
                StoredEvent event = event(seq, step);
                model.addLast(event);
                modelNanos.addLast(seq * 1_000);
                compact.add(event, seq * 1_000);
            }
            assertThat(compact.size()).isEqualTo(model.size());
            if (!model.isEmpty()) {
                assertThat(compact.oldestSeq()).isEqualTo(model.peekFirst().seq());
                assertThat(compact.oldestNanos()).isEqualTo(modelNanos.peekFirst());
            }
        }
        List<StoredEvent> expected = new ArrayList<>(model);
        for (int i = 0; i < expected.size(); i++) {
            StoredEvent kept = compact.event(i, EPOCH);
            StoredEvent wanted = expected.get(i);
            assertThat(kept.seq()).isEqualTo(wanted.seq());
            assertThat(kept.type()).isEqualTo(wanted.type());
            assertThat(kept.run()).isEqualTo(wanted.run());
            assertThat(kept.lifecycle()).isEqualTo(wanted.lifecycle());
            assertThat(kept.storedAtMillis()).isEqualTo(wanted.storedAtMillis());
            assertThat(kept.frame().context()).isEqualTo(wanted.frame().context());
            assertThat(kept.frame().text()).isEqualTo(wanted.frame().text());
            assertThat(compact.indexOf(wanted.seq())).isEqualTo(i);
            assertThat(compact.seq(i)).isEqualTo(wanted.seq());
        }
        assertThat(compact.indexOf(seq + 1)).isEqualTo(-1);
        assertThat(compact.indexOf(0)).isEqualTo(-1);
    }

    @Property(tries = 100)
    @Label("holds no chunk that no event is in, beyond the one being filled and one spare")
    void letsGoOfChunksItNoLongerNeeds(@ForAll("steps") List<Step> steps) {
        SingleEvents compact = new SingleEvents();
        long seq = 0;
        int mostEvents = 0;
        ArrayDeque<Integer> lengths = new ArrayDeque<>();
        for (Step step : steps) {
            if (step.isTrim()) {
                if (!lengths.isEmpty()) {
                    lengths.pollFirst();
                    compact.dropOldest();
                }
            } else {
                seq++;
                StoredEvent event = event(seq, step);
                lengths.addLast(event.frame().sizeInBytes());
                compact.add(event, seq);
                mostEvents = Math.max(mostEvents, lengths.size());
            }
        }
        while (lengths.size() > 3) {
            lengths.pollFirst();
            compact.dropOldest();
        }
        long liveBytes = lengths.stream().mapToLong(Integer::longValue).sum();
        // Each chunk but the newest holds a live frame, so at most 3 chunks plus the newest and a
        // spare, each no larger than a chunk or the frame it was made for; plus the event ring,
        // which never shrinks (at most twice the most events held, a few references and numbers
        // each) and a few hundred bytes of objects.
        long bound = liveBytes + 5L * SingleEvents.CHUNK_BYTES + 3 * biggest(steps)
                + (2L * mostEvents + 4) * 80 + 1_024;
        long held = GraphLayout.parseInstance(compact).totalSize();
        assertThat(held).isLessThanOrEqualTo(bound);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 400)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(3_000, 12_000)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(-1)));
        Arbitrary<Step> step = Combinators.combine(length, Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.integers().between(0, 2)).as(Step::new);
        return step.list().ofMaxSize(300);
    }

    private static long biggest(List<Step> steps) {
        return steps.stream().mapToLong(Step::length).max().orElse(0);
    }

    private static StoredEvent event(long seq, Step step) {
        String body = "x".repeat(Math.max(0, step.length() - 12)) + "#" + seq;
        TextFrame frame = TextFrame.ofUtf8(body.getBytes(StandardCharsets.UTF_8));
        if (step.traced()) {
            frame = frame.withContext("trace-" + seq);
        }
        Optional<RunId> run = step.run() == 0 ? Optional.empty() : Optional.of(RunId.of("r" + step.run()));
        return new StoredEvent(seq, EPOCH, step.lifecycle() ? "tool_executing" : "custom", run,
                step.lifecycle(), 1_700_000_000_000L + seq, frame);
    }
}
