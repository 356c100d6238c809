package io.switchboard.archtests;

import static io.switchboard.archtests.Fixtures.classes;
import static io.switchboard.archtests.Fixtures.layout;
import static io.switchboard.archtests.Fixtures.root;
import static io.switchboard.archtests.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rule: core knows no framework")
class CoreFrameworkRuleTest {

    @Test
    @DisplayName("flags core classes that use a library beyond the JDK, Jackson, Caffeine and SLF4J")
    void flagsFrameworkTypesInCore() {
        String root = root("frameworks");
        assertThat(violations(DependencyRules.coreKnowsNoFramework(layout("frameworks")),
                classes("frameworks"))).containsExactly(
                "Field <" + root + ".core.RuleLeak.rule> has type"
                        + " <com.tngtech.archunit.lang.ArchRule> in (RuleLeak.java:0)");
    }
}
