package io.switchboard.transport.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The Autobahn|Testsuite fuzzing client's per-case reports, judged for a Switchboard server.
 *
 * <p>The fuzzing client expects a bare echo server that sends nothing of its own. Switchboard is
 * not one: it sends a {@code welcome} frame first, and answers client text with its own protocol
 * (an {@code error} frame for text that is not a client frame, 1009 above
 * {@code maxMessageBytes}). So each case is judged as follows, and the rules are the whole
 * classification:
 * <ol>
 *   <li>A case whose expected events include an echoed message, or that checks an echo itself
 *       (the performance cases, which record no expected events), cannot pass <b>by design</b>
 *       ({@link Verdict#BY_DESIGN}): the server never echoes. Its outcome is reported, not judged
 *       (the client waits for the echo and then fails the connection itself).
 *   <li>Every other case expects pongs at most. Its events are the received ones less the one
 *       leading {@code welcome} frame, compared with the case's expected events ({@code OK} or
 *       {@code NON-STRICT}); its close is the client's own close verdict. The worse of the two
 *       is the case's verdict: {@link Verdict#OK}, {@link Verdict#NON_STRICT},
 *       {@link Verdict#INFORMATIONAL}, or {@link Verdict#FAILED} with the client's reason.
 * </ol>
 * Immutable once read.
 */
final class AutobahnReport {

    /** A case's verdict, best first. */
    enum Verdict {
        /** As the RFC requires. */
        OK,
        /** Within the RFC, not as strict as it could be (the client's own category). */
        NON_STRICT,
        /** The client records the behaviour without judging it. */
        INFORMATIONAL,
        /** Not as the RFC requires. */
        FAILED,
        /** Waits for an echo the server never sends; not judged. */
        BY_DESIGN
    }

    /**
     * One case.
     *
     * @param id the case id, for example {@code 5.15}
     * @param description the client's description (HTML stripped)
     * @param verdict the verdict under the rules above
     * @param reason why, when the verdict is not {@code OK}
     */
    record Case(String id, String description, Verdict verdict, String reason) {
        Case {
            Objects.requireNonNull(id, "id");
        }

        int[] order() {
            String[] parts = id.split("\\.");
            int[] numbers = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                numbers[i] = Integer.parseInt(parts[i]);
            }
            return numbers;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private AutobahnReport() {
    }

    /**
     * Reads and judges every case report in {@code directory}.
     *
     * @param directory where the fuzzing client wrote its reports
     * @return the cases, in case order
     * @throws IOException if a report cannot be read
     */
    static List<Case> read(Path directory) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (DirectoryStream<Path> reports = Files.newDirectoryStream(directory, "*_case_*.json")) {
            for (Path report : reports) {
                cases.add(judge(JSON.readTree(report.toFile())));
            }
        }
        cases.sort(Comparator.comparing(Case::order, java.util.Arrays::compare));
        return List.copyOf(cases);
    }

    static Case judge(JsonNode report) {
        String id = report.path("id").asText();
        String description = report.path("description").asText().replaceAll("<[^>]+>", "");
        JsonNode expected = report.path("expected");
        if (expectsEcho(expected)) {
            return new Case(id, description, Verdict.BY_DESIGN, "waits for an echoed message");
        }
        if (expected.isEmpty()) {
            // The performance cases (section 9) check the echo themselves and record no events.
            return new Case(id, description, Verdict.BY_DESIGN, "checks an echo itself");
        }
        List<JsonNode> received = new ArrayList<>();
        report.path("received").forEach(received::add);
        if (!received.isEmpty() && isWelcome(received.get(0))) {
            received.remove(0);
        }
        Verdict events;
        if (sameEvents(expected.path("OK"), received)) {
            events = Verdict.OK;
        } else if (sameEvents(expected.path("NON-STRICT"), received)) {
            events = Verdict.NON_STRICT;
        } else {
            return new Case(id, description, Verdict.FAILED,
                    "events " + received + " differ from the expected " + expected);
        }
        Verdict close = switch (report.path("behaviorClose").asText()) {
            case "OK" -> Verdict.OK;
            case "NON-STRICT" -> Verdict.NON_STRICT;
            case "INFORMATIONAL" -> Verdict.INFORMATIONAL;
            default -> Verdict.FAILED;
        };
        Verdict verdict = close.compareTo(events) > 0 ? close : events;
        String reason = verdict == Verdict.OK ? ""
                : close != Verdict.OK ? report.path("resultClose").asText()
                : "the events match the client's NON-STRICT expectation";
        return new Case(id, description, verdict, reason);
    }

    private static boolean expectsEcho(JsonNode expected) {
        for (JsonNode events : expected) {
            for (JsonNode event : events) {
                if (event.path(0).asText().equals("message")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isWelcome(JsonNode event) {
        return event.path(0).asText().equals("message")
                && event.path(1).asText().startsWith("{\"type\":\"welcome\"");
    }

    // Type and (rendered) payload of each event, in order; the received third element (binary
    // flag) is not part of what the client expects.
    private static boolean sameEvents(JsonNode expected, List<JsonNode> received) {
        if (!expected.isArray() || expected.size() != received.size()) {
            return false;
        }
        for (int i = 0; i < received.size(); i++) {
            if (!expected.get(i).path(0).equals(received.get(i).path(0))
                    || !expected.get(i).path(1).equals(received.get(i).path(1))) {
                return false;
            }
        }
        return true;
    }
}
