package io.switchboard.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the load harness from rotting: its smallest mode, end to end, with every server in a JVM
 * of its own and the real load client. What the figures are is the harness's business on a quiet
 * machine; here only that each one was measured.
 */
@DisplayName("Load harness")
class LoadHarnessSmokeTest {

    @Test
    @DisplayName("the smoke mode runs every workload on every server and produces every figure")
    void smokeModeProducesEveryFigure(@TempDir Path logs) throws Exception {
        LoadReport report = LoadHarness.run("--mode=smoke", "--process-per=server",
                "--logs=" + logs);

        assertThat(report.failures()).as("failed runs").isEmpty();
        assertThat(report.servers()).containsExactly(ServerKind.values());
        for (ServerKind server : report.servers()) {
            assertThat(report.expectedFigures(server)).hasSizeGreaterThanOrEqualTo(9);
            for (Figure figure : report.expectedFigures(server)) {
                assertThat(report.values(server, figure))
                        .as("%s of %s", figure.label(), server.label())
                        .hasSize(1).allMatch(Double::isFinite);
            }
        }
        String printed = Files.readString(logs.resolve("report.txt"));
        for (Figure figure : Figure.values()) {
            assertThat(printed).contains(figure.label());
        }
        assertThat(printed).contains("load average").doesNotContain("FAILED");
    }
}
