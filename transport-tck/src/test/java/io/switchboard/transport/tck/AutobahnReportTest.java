package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the kit judges the fuzzing client's reports for a server that sends a welcome frame. */
@DisplayName("Autobahn report judgement")
class AutobahnReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WELCOME = "[\"message\", "
            + "\"{\\\"type\\\":\\\"welcome\\\",\\\"connection_id\\\" ...\", false]";

    private static AutobahnReport.Case judge(String expected, String received, String close)
            throws Exception {
        ObjectNode report = (ObjectNode) JSON.readTree("{\"id\":\"2.2\",\"description\":\"Send <b>ping</b>\","
                + "\"expected\":" + expected + ",\"received\":" + received + ","
                + "\"behaviorClose\":\"" + close + "\",\"result\":\"Actual events differ\","
                + "\"resultClose\":\"close reason\"}");
        return AutobahnReport.judge(report);
    }

    @Test
    @DisplayName("the one leading welcome frame is discounted; the rest must be the expected events")
    void welcomeDiscounted() throws Exception {
        AutobahnReport.Case ok = judge("{\"OK\": [[\"pong\", \"Hello\"]]}",
                "[" + WELCOME + ", [\"pong\", \"Hello\", false]]", "OK");
        AutobahnReport.Case wrong = judge("{\"OK\": [[\"pong\", \"Hello\"]]}",
                "[" + WELCOME + ", [\"pong\", \"Bye\", false]]", "OK");
        AutobahnReport.Case twoWelcomes = judge("{\"OK\": []}", "[" + WELCOME + ", " + WELCOME + "]", "OK");

        assertThat(ok.verdict()).isEqualTo(AutobahnReport.Verdict.OK);
        assertThat(ok.description()).isEqualTo("Send ping");
        assertThat(wrong.verdict()).isEqualTo(AutobahnReport.Verdict.FAILED);
        assertThat(twoWelcomes.verdict()).isEqualTo(AutobahnReport.Verdict.FAILED);
    }

    @Test
    @DisplayName("a case waiting for an echo is by design, whatever happened")
    void echoIsByDesign() throws Exception {
        AutobahnReport.Case echo = judge("{\"OK\": [[\"message\", \"Hello\", false]]}",
                "[" + WELCOME + "]", "FAILED");

        assertThat(echo.verdict()).isEqualTo(AutobahnReport.Verdict.BY_DESIGN);
        assertThat(judge("{}", "[]", "WRONG CODE").verdict())
                .as("a performance case checks its echo itself").isEqualTo(AutobahnReport.Verdict.BY_DESIGN);
    }

    @Test
    @DisplayName("the close verdict counts: the worse of events and close wins, with its reason")
    void closeCounts() throws Exception {
        assertThat(judge("{\"OK\": []}", "[" + WELCOME + "]", "WRONG CODE").verdict())
                .isEqualTo(AutobahnReport.Verdict.FAILED);
        AutobahnReport.Case informational = judge("{\"OK\": []}", "[" + WELCOME + "]", "INFORMATIONAL");
        assertThat(informational.verdict()).isEqualTo(AutobahnReport.Verdict.INFORMATIONAL);
        assertThat(informational.reason()).isEqualTo("close reason");
        assertThat(judge("{\"OK\": [[\"pong\", \"a\"]], \"NON-STRICT\": []}", "[" + WELCOME + "]", "OK")
                .verdict()).isEqualTo(AutobahnReport.Verdict.NON_STRICT);
    }

    @Test
    @DisplayName("reports are read in case order and summarised by section")
    void readsAndSummarises(@TempDir Path dir) throws Exception {
        for (String id : List.of("10.1.1", "2.1", "2.10", "9.1.1")) {
            Files.writeString(dir.resolve("switchboard_case_" + id.replace('.', '_') + ".json"),
                    "{\"id\":\"" + id + "\",\"description\":\"d\",\"expected\":{\"OK\":[]},"
                            + "\"received\":[" + WELCOME + "],\"behaviorClose\":\"OK\"}");
        }

        List<AutobahnReport.Case> cases = AutobahnReport.read(dir);

        assertThat(cases).extracting(AutobahnReport.Case::id).containsExactly("2.1", "2.10", "9.1.1", "10.1.1");
        assertThat(AutobahnCases.summary(cases)).contains("| 2 | 2 |").contains("| all | 4 |");
    }
}
