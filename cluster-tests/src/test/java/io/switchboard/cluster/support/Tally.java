package io.switchboard.cluster.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Counts a scenario the way its clients saw it: per (event, tab) pair of a stored event and a tab
 * that follows its thread, whether the tab got it live, in a replay, was told it is lost (a
 * {@code recovery_failed} that covered it: the tab's cursor then was before the event in the
 * event's epoch, or before it in time if no tab ever saw where the event was), or missed it
 * silently. Duplicates, events out of order within their epoch and 4001 closes are the tabs' own
 * counts. Emits that failed to their caller are not expected; they are shown, and one that a tab
 * got anyway is a phantom. An emit whose caller was told the log may or may not have stored it
 * ({@code STORE_UNCONFIRMED}) is counted apart; if any tab got it, the log did store it, and every
 * tab must get it like any stored event.
 *
 * <p>Deltas are counted per token like events; besides, each message's text as each tab assembled
 * it must be exactly the text of the message's stored tokens, in order, less those a report
 * covered: characters of tokens missed silently are lost, characters beyond distinct whole
 * tokens (a token twice, a broken one) are doubled.
 */
public final class Tally {

    /**
     * The counts of one scenario trial.
     *
     * @param expected (stored event, tab) pairs
     * @param live received outside a replay
     * @param recovered received in answer to a resume
     * @param reported missed, with a report that covers it
     * @param silent missed with no report
     * @param duplicates events received twice
     * @param outOfOrder events received after a higher seq of their epoch
     * @param epochJumps new epochs met past their start with no report
     * @param emitFailed emits whose outcome was a reported failure (not expected)
     * @param phantoms failed emits that a tab received nonetheless
     * @param unconfirmed emits whose caller was told the log may or may not have stored them
     * @param evicted tabs closed with 4001 (no test here exceeds a limit: every one is wrongful)
     * @param wrongUser run frames that reached a socket not meant for them: frames of a stream the
     *     tab does not follow, and whatever another user's tabs received of the runs
     * @param deltas the (delta, tab) pairs among {@code expected}
     * @param texts (message, tab) pairs whose assembled text was checked
     * @param textsWrong of those, the texts that are not exactly what was expected
     * @param charsLost characters of tokens missed silently
     * @param charsDoubled characters beyond the distinct whole tokens of assembled texts
     * @param mergedFrames delta frames the tabs received that covered several seqs
     * @param textsCut (text message, tab) pairs that lost text a report covered
     * @param textsCutNamed of those, the pairs where a report named the message in its
     *     {@code open_messages}
     */
    public record Counts(int expected, int live, int recovered, int reported, int silent,
            int duplicates, int outOfOrder, int epochJumps, int emitFailed, int phantoms,
            int unconfirmed, int evicted, int wrongUser, int deltas, int texts, int textsWrong,
            long charsLost, long charsDoubled, int mergedFrames, int textsCut, int textsCutNamed) {

        /** One line of the fault table. */
        public String row() {
            return String.format("expected=%d live=%d recovered=%d reported=%d silent=%d dup=%d "
                    + "ooo=%d jumps=%d emitFailed=%d phantom=%d unconfirmed=%d evicted=%d "
                    + "wrongUser=%d deltas=%d texts=%d "
                    + "textsWrong=%d charsLost=%d charsDoubled=%d merged=%d cut=%d named=%d",
                    expected, live, recovered, reported, silent, duplicates, outOfOrder,
                    epochJumps, emitFailed, phantoms, unconfirmed, evicted, wrongUser, deltas, texts, textsWrong,
                    charsLost, charsDoubled, mergedFrames, textsCut, textsCutNamed);
        }
    }

    private Tally() {
    }

    /**
     * Counts now; {@code silentDetail} receives one line per silently missed pair. The
     * {@code strangers} are tabs of another user that follow threads of the same names: nothing
     * of the runs may reach them.
     */
    public static Counts count(List<RunLedger> runs, List<CountingTab> tabs,
            List<CountingTab> strangers, List<String> silentDetail) {
        Map<CountingTab, Map<String, CountingTab.Received>> got = new HashMap<>();
        Map<String, CountingTab.Received> positions = new HashMap<>();
        for (CountingTab tab : tabs) {
            Map<String, CountingTab.Received> received = tab.received();
            got.put(tab, received);
            received.forEach(positions::putIfAbsent);
        }
        int expected = 0;
        int live = 0;
        int recovered = 0;
        int reported = 0;
        int silent = 0;
        int emitFailed = 0;
        int phantoms = 0;
        int unconfirmed = 0;
        int deltas = 0;
        long charsLost = 0;
        // Per tab and message: the text it must have assembled; the text messages (by stream)
        // that lost text a report covered.
        Map<CountingTab, Map<String, StringBuilder>> texts = new HashMap<>();
        Map<CountingTab, Map<String, String>> cut = new HashMap<>();
        for (RunLedger run : runs) {
            for (RunLedger.Emit emit : run.emits()) {
                if (emit.unconfirmed()) {
                    unconfirmed++;
                }
                if (!emit.stored() && !(emit.unconfirmed() && positions.containsKey(emit.id()))) {
                    if (!emit.unconfirmed()) {
                        emitFailed++;
                        if (positions.containsKey(emit.id())) {
                            phantoms++;
                        }
                    }
                    continue;
                }
                for (CountingTab tab : tabs) {
                    if (!tab.threads().contains(run.thread())) {
                        continue;
                    }
                    expected++;
                    boolean delta = emit.message() != null;
                    if (delta) {
                        deltas++;
                    }
                    boolean wanted = true;
                    CountingTab.Received received = got.get(tab).get(emit.id());
                    if (received != null) {
                        if (received.replayed()) {
                            recovered++;
                        } else {
                            live++;
                        }
                    } else if (covered(tab, tab.user() + "#" + run.thread(), emit,
                            positions.get(emit.id()))) {
                        reported++;
                        wanted = false;
                    } else {
                        silent++;
                        if (delta) {
                            charsLost += emit.token().length();
                        }
                        silentDetail.add(tab + " missed " + emit.id() + " at "
                                + positions.get(emit.id()) + " (" + emit.outcome() + ")");
                    }
                    if (delta) {
                        StringBuilder text = texts.computeIfAbsent(tab, ignored -> new HashMap<>())
                                .computeIfAbsent(emit.message(), ignored -> new StringBuilder());
                        if (wanted) {
                            text.append(emit.token());
                        } else if (emit.textMessage()) {
                            cut.computeIfAbsent(tab, ignored -> new HashMap<>())
                                    .put(emit.message(), tab.user() + "#" + run.thread());
                        }
                    }
                }
            }
        }
        int checked = 0;
        int wrong = 0;
        long charsDoubled = 0;
        for (CountingTab tab : tabs) {
            Map<String, String> assembled = tab.messages();
            Map<String, StringBuilder> wanted = texts.getOrDefault(tab, Map.of());
            Set<String> messages = new HashSet<>(wanted.keySet());
            messages.addAll(assembled.keySet());
            for (String message : messages) {
                checked++;
                String text = assembled.getOrDefault(message, "");
                String expectedText = wanted.containsKey(message) ? wanted.get(message).toString() : "";
                if (!text.equals(expectedText)) {
                    wrong++;
                    silentDetail.add(tab + " assembled message " + message + " as " + text.length()
                            + " characters, expected " + expectedText.length());
                }
                long distinct = CountingTab.tokens(text).stream().distinct()
                        .mapToLong(id -> CountingTab.token(id.substring(0, id.lastIndexOf(':')),
                                Integer.parseInt(id.substring(id.lastIndexOf(':') + 1))).length())
                        .sum();
                charsDoubled += text.length() - distinct;
            }
        }
        int textsCut = 0;
        int textsCutNamed = 0;
        for (Map.Entry<CountingTab, Map<String, String>> tab : cut.entrySet()) {
            for (Map.Entry<String, String> message : tab.getValue().entrySet()) {
                textsCut++;
                if (tab.getKey().reports().stream().anyMatch(report -> report.stream()
                        .equals(message.getValue()) && report.openMessages()
                                .contains(message.getKey()))) {
                    textsCutNamed++;
                }
            }
        }
        int duplicates = tabs.stream().mapToInt(CountingTab::duplicates).sum();
        int outOfOrder = tabs.stream().mapToInt(CountingTab::outOfOrder).sum();
        int jumps = tabs.stream().mapToInt(CountingTab::epochJumps).sum();
        int evicted = (int) Stream.concat(tabs.stream(), strangers.stream())
                .filter(CountingTab::evicted).count();
        int wrongUser = Stream.concat(tabs.stream(), strangers.stream())
                .mapToInt(CountingTab::foreign).sum()
                + strangers.stream().mapToInt(stranger -> stranger.received().size()).sum();
        return new Counts(expected, live, recovered, reported, silent, duplicates, outOfOrder,
                jumps, emitFailed, phantoms, unconfirmed, evicted, wrongUser, deltas, checked, wrong, charsLost,
                charsDoubled, tabs.stream().mapToInt(CountingTab::mergedFrames).sum(), textsCut,
                textsCutNamed);
    }

    private static boolean covered(CountingTab tab, String stream, RunLedger.Emit emit,
            CountingTab.Received position) {
        List<CountingTab.Report> reports = new ArrayList<>(tab.reports());
        for (CountingTab.Report report : reports) {
            if (!report.stream().equals(stream)) {
                continue;
            }
            if (position == null || report.epoch() == null) {
                if (report.atMillis() >= emit.startedAtMillis()) {
                    return true;
                }
            } else if (Objects.equals(report.epoch(), position.epoch())
                    && report.seq() < position.seq()) {
                return true;
            }
        }
        return false;
    }
}
