package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.id.UserId;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Autobahn|Testsuite fuzzing client (all 301 cases) against the transport, judged by
 * {@link AutobahnReport}'s rules: every case that does not wait for an echo must be OK,
 * NON-STRICT or INFORMATIONAL. Tagged {@code autobahn}: the default build excludes it and each
 * transport's {@code -Pautobahn} profile runs it alone, with the fuzzing client
 * ({@code autobahntestsuite-maven-plugin}'s runner on Jython) on the test class path.
 *
 * <p>The server is a real manager with the core's default limits (the inbound rate limit
 * included) behind the transport on {@code /}, each connection its own user, permessage-deflate
 * offered. Reports land in {@code target/autobahntestsuite-reports}; the judged summary in
 * {@code target/autobahn-summary.md}.
 */
@Tag("autobahn")
abstract class AutobahnCases extends KitCases {

    /** Where the fuzzing client writes, relative to the module (its working directory). */
    static final Path REPORTS = Path.of("target", "autobahntestsuite-reports");

    private static final String RUNNER = "me.normanmaurer.maven.autobahntestsuite.AutobahnTestSuite";
    private static final String AGENT = "switchboard";
    private static final List<String> RUNNER_CLASSES = List.of(
            RUNNER.replace('.', '/') + ".class", "org/python/core/Py.class",
            "org/json/simple/JSONObject.class");

    AutobahnCases(ServerStarter starter) {
        super(starter);
    }

    @Test
    @DisplayName("Autobahn|Testsuite: every case that does not wait for an echo is OK or NON-STRICT")
    void fuzzingClient() throws Exception {
        AtomicLong users = new AtomicLong();
        Deployment deployment = deploy(Setup.defaults()
                .authenticator(request -> AuthenticationResult.authenticated(
                        UserId.of("autobahn-" + users.incrementAndGet())))
                .settings(settings -> settings.path("/").permessageDeflate(true)));
        URI uri = deployment.uri();
        clear(REPORTS);

        run("ws://" + uri.getHost() + ":" + uri.getPort());

        List<AutobahnReport.Case> cases = AutobahnReport.read(REPORTS);
        Files.writeString(REPORTS.resolveSibling("autobahn-summary.md"), summary(cases));
        assertThat(cases).as("cases run").hasSizeGreaterThanOrEqualTo(301);
        assertThat(cases).as("cases that are not as RFC 6455 requires")
                .filteredOn(c -> c.verdict() == AutobahnReport.Verdict.FAILED)
                .isEmpty();
    }

    // The runner gets a class loader of its own (its jar, Jython, json-simple, nothing else):
    // Jython imports Java packages as Python modules, and the test class path's io.* packages
    // (io.netty, io.switchboard) would hide Python's own io module.
    private static void run(String url) throws Exception {
        ClassLoader tests = AutobahnCases.class.getClassLoader();
        List<URL> jars = new ArrayList<>();
        for (String marker : RUNNER_CLASSES) {
            URL resource = tests.getResource(marker);
            if (resource == null || !resource.getProtocol().equals("jar")) {
                throw new AssertionError("the Autobahn|Testsuite runner is not on the class path"
                        + " (" + marker + "): run with -Pautobahn, which adds"
                        + " autobahntestsuite-maven-plugin, jython-standalone and json-simple");
            }
            String jar = resource.getPath();
            jars.add(new URL(jar.substring(0, jar.indexOf("!/"))));
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader isolated = new URLClassLoader(jars.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(isolated);
            Method fuzzingClient = isolated.loadClass(RUNNER).getMethod("runFuzzingClient",
                    String.class, String.class, Map.class, List.class, List.class);
            fuzzingClient.invoke(null, AGENT, url, Map.of("version", 18), List.of("*"), List.of());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void clear(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    static String summary(List<AutobahnReport.Case> cases) {
        Map<AutobahnReport.Verdict, Long> totals = new EnumMap<>(AutobahnReport.Verdict.class);
        Map<String, Map<AutobahnReport.Verdict, Long>> bySection = new TreeMap<>(
                Comparator.comparingInt(Integer::parseInt));
        for (AutobahnReport.Case c : cases) {
            totals.merge(c.verdict(), 1L, Long::sum);
            bySection.computeIfAbsent(c.id().split("\\.")[0],
                    s -> new EnumMap<>(AutobahnReport.Verdict.class)).merge(c.verdict(), 1L, Long::sum);
        }
        StringBuilder out = new StringBuilder("| section |");
        for (AutobahnReport.Verdict v : AutobahnReport.Verdict.values()) {
            out.append(' ').append(v).append(" |");
        }
        out.append("\n|---|").append("---|".repeat(AutobahnReport.Verdict.values().length)).append('\n');
        bySection.forEach((section, counts) -> {
            out.append("| ").append(section).append(" |");
            for (AutobahnReport.Verdict v : AutobahnReport.Verdict.values()) {
                out.append(' ').append(counts.getOrDefault(v, 0L)).append(" |");
            }
            out.append('\n');
        });
        out.append("| all |");
        for (AutobahnReport.Verdict v : AutobahnReport.Verdict.values()) {
            out.append(' ').append(totals.getOrDefault(v, 0L)).append(" |");
        }
        out.append("\n\n| case | verdict | reason | description |\n|---|---|---|---|\n");
        out.append(cases.stream()
                .filter(c -> c.verdict() != AutobahnReport.Verdict.OK
                        && c.verdict() != AutobahnReport.Verdict.BY_DESIGN)
                .map(c -> "| " + c.id() + " | " + c.verdict() + " | " + c.reason() + " | "
                        + c.description().replace('|', '/') + " |")
                .collect(Collectors.joining("\n")));
        return out.append('\n').toString();
    }
}
