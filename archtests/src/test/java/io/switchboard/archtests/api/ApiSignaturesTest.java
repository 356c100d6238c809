package io.switchboard.archtests.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("API signatures")
class ApiSignaturesTest {

    private static final String FIXTURES = "io/switchboard/archtests/fixtures/api";

    @Test
    @DisplayName("list public and protected types and members only, sorted, internal packages left out")
    void visibleSurfaceOnly(@TempDir Path classes) throws IOException, URISyntaxException {
        Path compiled = Path.of(ApiSignaturesTest.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        copy(compiled.resolve(FIXTURES), classes.resolve(FIXTURES));

        String api = ApiSignatures.of(classes, ApiSignaturesTest.class.getClassLoader());

        String shape = "io.switchboard.archtests.fixtures.api.Shape";
        assertThat(api.lines()).containsExactly(
                "public class " + shape + " implements java.lang.Comparable<" + shape + ">",
                "  protected int size",
                "  protected void grow()",
                "  public int compareTo(" + shape + ")",
                "  public int size()",
                "  public " + shape + "()",
                "  public static final int SIDES",
                "public static final class " + shape + "$Corner",
                "  public " + shape + "$Corner()");
    }

    @Test
    @DisplayName("report what was removed and added, each with its type")
    void diffNamesTheType() {
        String before = "public final class a.B\n  public int x()\n";
        String after = "public final class a.B\n  public long x()\n";
        assertThat(PublicApiTest.diff(before, after).lines()).containsExactly(
                "- public final class a.B :: public int x()",
                "+ public final class a.B :: public long x()");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        assertThat(List.of(to.toFile().list())).isNotEmpty();
    }
}
