package io.switchboard.archtests.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Freezes the public API: for each published module, the signatures of its exported types
 * ({@link ApiSignatures}) must equal the committed {@code <module>/api/<module>.api}. A change to
 * the API is then a visible change to that file in review, never an accident.
 *
 * <p>After an intended change, rewrite the files and commit them with it:
 * {@value #UPDATE_COMMAND}.
 */
@DisplayName("Public API")
class PublicApiTest {

    static final String UPDATE_COMMAND =
            "mvn -B -ntp -pl archtests -am verify -Dtest=PublicApiTest"
                    + " -Dsurefire.failIfNoSpecifiedTests=false -Dswitchboard.api.update=true";

    // Modules whose pom skips deployment are not published, so they have no API to keep.
    private static final String NOT_PUBLISHED = "<maven.deploy.skip>true</maven.deploy.skip>";

    @TestFactory
    @DisplayName("of every published module matches its committed signature file")
    Stream<DynamicTest> matchesCommittedSignatures() throws IOException {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        boolean update = Boolean.getBoolean("switchboard.api.update");
        List<Path> modules = publishedModules(root);
        assertThat(modules).as("published Java modules under %s", root).isNotEmpty();
        return modules.stream().map(module -> DynamicTest.dynamicTest(
                module.getFileName().toString(), () -> check(module, update)));
    }

    private static List<Path> publishedModules(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            List<Path> modules = new ArrayList<>();
            for (Path dir : dirs.sorted().toList()) {
                Path pom = dir.resolve("pom.xml");
                if (Files.isDirectory(dir.resolve("src/main/java")) && Files.exists(pom)
                        && !Files.readString(pom).contains(NOT_PUBLISHED)) {
                    modules.add(dir);
                }
            }
            return modules;
        }
    }

    private static void check(Path module, boolean update) throws IOException {
        String name = module.getFileName().toString();
        Path classes = module.resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            fail("%s has no target/classes: build it first (%s)", name, UPDATE_COMMAND);
        }
        String actual = ApiSignatures.of(classes, PublicApiTest.class.getClassLoader());
        Path committed = module.resolve("api").resolve(name + ".api");
        if (update) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, actual);
            return;
        }
        String expected = Files.exists(committed) ? Files.readString(committed) : "";
        if (!expected.equals(actual)) {
            fail("The public API of %s differs from %s:%n%s%nIf the change is intended, run%n  %s%n"
                    + "and commit the rewritten file with the change.",
                    name, root(module).relativize(committed), diff(expected, actual),
                    UPDATE_COMMAND);
        }
    }

    private static Path root(Path module) {
        return module.getParent();
    }

    // Lines only in the committed file ("-") and only in the compiled API ("+"), with the type each
    // member belongs to, so that a reader sees what was removed or added without a diff tool.
    static String diff(String expected, String actual) {
        Set<String> before = linesWithOwner(expected);
        Set<String> after = linesWithOwner(actual);
        StringBuilder out = new StringBuilder();
        before.stream().filter(line -> !after.contains(line))
                .forEach(line -> out.append("- ").append(line).append('\n'));
        after.stream().filter(line -> !before.contains(line))
                .forEach(line -> out.append("+ ").append(line).append('\n'));
        return out.toString();
    }

    private static Set<String> linesWithOwner(String text) {
        Set<String> lines = new LinkedHashSet<>();
        String owner = "";
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("  ")) {
                lines.add(owner + " :: " + line.strip());
            } else {
                owner = line;
                lines.add(line);
            }
        }
        return lines;
    }
}
