package io.switchboard.cluster.support;

import io.switchboard.core.emit.EmitOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run emitted and what each of its user's tabs got. Every (event, tab) pair ends in exactly
 * one column: delivered live, recovered from the log on a resume, reported lost (the tab received
 * {@code recovery_failed} after the event was emitted, or the emitter's outcome said the event was
 * not stored), or silently lost: none of these. The scenario fails unless the last is zero.
 */
public final class Ledger {

    private record Emit(int n, long startedAtMillis, boolean stored) {
    }

    /**
     * The counts, over every pair of an emitted event and a tab that should receive it.
     *
     * @param emitted events emitted
     * @param reportedToEmitter events whose emit outcome said they were not stored
     * @param expected pairs of a stored event and a tab
     * @param deliveredLive pairs delivered live
     * @param recovered pairs delivered in a replay after a resume
     * @param reportedLost pairs not delivered, with a {@code recovery_failed} on that tab after
     *     the event
     * @param silentlyLost pairs not delivered and not reported
     * @param duplicates frames a tab received twice
     * @param outOfOrder frames that arrived after a later one of the same epoch
     */
    public record Counts(int emitted, int reportedToEmitter, int expected, int deliveredLive,
            int recovered, int reportedLost, int silentlyLost, int duplicates, int outOfOrder) {

        @Override
        public String toString() {
            return "emitted=" + emitted + " reportedToEmitter=" + reportedToEmitter
                    + " expectedDeliveries=" + expected + " deliveredLive=" + deliveredLive
                    + " recovered=" + recovered + " reportedLost=" + reportedLost
                    + " silentlyLost=" + silentlyLost + " duplicates=" + duplicates
                    + " outOfOrder=" + outOfOrder;
        }
    }

    private final List<Emit> emits = new ArrayList<>();

    /** Records one emit and its final outcome. */
    public synchronized void emitted(int n, long startedAtMillis, EmitOutcome outcome) {
        emits.add(new Emit(n, startedAtMillis, outcome.succeeded()));
    }

    /** For each tab that misses stored events: which, and the tab's timeline. */
    public synchronized String missing(List<TabClient> tabs) {
        StringBuilder out = new StringBuilder();
        for (TabClient tab : tabs) {
            List<Integer> missing = emits.stream().filter(Emit::stored).map(Emit::n)
                    .filter(n -> !tab.receivedIds().contains(n)).toList();
            if (!missing.isEmpty()) {
                out.append("\n  ").append(tab).append(" misses ").append(missing)
                        .append("\n    ").append(String.join("\n    ", tab.timeline()));
            }
        }
        return out.toString();
    }

    /** Whether every stored event is delivered to or reported on every tab. */
    public boolean settled(List<TabClient> tabs) {
        Counts counts = count(tabs);
        return counts.silentlyLost() == 0;
    }

    public synchronized Counts count(List<TabClient> tabs) {
        int reportedToEmitter = 0;
        int expected = 0;
        int live = 0;
        int recovered = 0;
        int reported = 0;
        int silent = 0;
        for (Emit emit : emits) {
            if (!emit.stored()) {
                reportedToEmitter++;
                continue;
            }
            for (TabClient tab : tabs) {
                expected++;
                if (tab.receivedIds().contains(emit.n())) {
                    if (tab.replayed(emit.n())) {
                        recovered++;
                    } else {
                        live++;
                    }
                } else if (tab.reports().stream().anyMatch(at -> at >= emit.startedAtMillis())) {
                    reported++;
                } else {
                    silent++;
                }
            }
        }
        int duplicates = tabs.stream().mapToInt(TabClient::duplicates).sum();
        int outOfOrder = tabs.stream().mapToInt(TabClient::outOfOrder).sum();
        return new Counts(emits.size(), reportedToEmitter, expected, live, recovered, reported,
                silent, duplicates, outOfOrder);
    }
}
