package io.switchboard.archtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guards {@link SwitchboardArchitectureTest} against passing vacuously: the same import must see
 * every module's main classes and none of this module's fixtures.
 */
@DisplayName("The architecture test's import")
class AnalysedModulesTest {

    // Imported once for every case: the class path holds every module and its libraries.
    private static final JavaClasses IMPORTED = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.switchboard");

    @ParameterizedTest(name = "sees the main classes of {0}")
    @ValueSource(strings = {"io.switchboard.core", "io.switchboard.heartbeat",
        "io.switchboard.transport.undertow", "io.switchboard.transport.netty",
        "io.switchboard.transport.jakarta", "io.switchboard.transport.tck",
        "io.switchboard.scaling.redis", "io.switchboard.examples", "io.switchboard.archtests",
        "io.switchboard.metrics.micrometer", "io.switchboard.bridge.springai",
        "io.switchboard.bridge.langchain4j", "io.switchboard.spring.boot"})
    void seesEveryModule(String modulePackage) {
        assertThat(IMPORTED.stream().map(JavaClass::getPackageName))
                .anyMatch(name -> name.equals(modulePackage)
                        || name.startsWith(modulePackage + "."));
    }

    @Test
    @DisplayName("sees the port's implementation")
    void seesTheImplementation() {
        assertThat(IMPORTED.contain("io.switchboard.core.internal.DefaultWebSocketManager"))
                .isTrue();
    }

    @Test
    @DisplayName("leaves out the fixtures and every other test class")
    void leavesOutTests() {
        assertThat(IMPORTED.stream().map(JavaClass::getName))
                .noneMatch(name -> name.startsWith(Fixtures.BASE))
                .noneMatch(name -> name.endsWith("Test"));
    }
}
