package io.switchboard.archtests;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Switchboard's own architecture: every rule, applied to the main classes of every module of the
 * build (each module is a test-scope dependency of this one; test classes, and with them this
 * module's fixtures, are not imported).
 */
@AnalyzeClasses(packages = "io.switchboard", importOptions = ImportOption.DoNotIncludeTests.class)
class SwitchboardArchitectureTest {

    @ArchTest
    static final ArchTests SWITCHBOARD_RULES = ArchTests.in(SwitchboardRules.class);

    /** Here core is analysed too, so "at most one" tightens to "exactly one, the internal one". */
    @ArchTest
    static final ArchRule EXACTLY_ONE_MANAGER_IMPLEMENTATION =
            SwitchboardRules.exactlyOneManagerImplementation();
}
