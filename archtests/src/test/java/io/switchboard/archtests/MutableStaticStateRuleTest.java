package io.switchboard.archtests;

import static io.switchboard.archtests.Fixtures.classes;
import static io.switchboard.archtests.Fixtures.layout;
import static io.switchboard.archtests.Fixtures.root;
import static io.switchboard.archtests.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rule 5: no static mutable state")
class MutableStaticStateRuleTest {

    private static final String BAD = root("statics") + ".bad";

    @Test
    @DisplayName("flags exactly the mutable statics, singletons and the global manager")
    void flagsMutableStatics() {
        ArchRule rule = StaticStateRules.noMutableStaticState(layout("statics"));

        assertThat(violations(rule, classes("statics"))).containsExactlyInAnyOrder(
                field("AtomicCounter.COUNT", "is static and of the mutable type"
                        + " <java.util.concurrent.atomic.AtomicLong>", "AtomicCounter"),
                field("ConcreteMap.BY_ID", "is static and of the mutable type"
                        + " <java.util.concurrent.ConcurrentHashMap>", "ConcreteMap"),
                field("GlobalManager.MANAGER", "holds a WebSocketManager in a static field,"
                        + " a global manager", "GlobalManager"),
                field("InterfaceTypedRegistry.LISTENERS", "is static and set to a new"
                        + " <java.util.ArrayList> (line 12)", "InterfaceTypedRegistry"),
                field("InterfaceTypedRegistry.REGISTRY", "is static and set to a new"
                        + " <java.util.HashMap> (line 10)", "InterfaceTypedRegistry"),
                field("LazySingleton$Holder.INSTANCE", "holds an instance of its own class <" + BAD
                        + ".LazySingleton>, a singleton", "LazySingleton"),
                field("LookupEnum.BY_NAME", "is static and set to a new <java.util.HashMap>"
                        + " (line 10)", "LookupEnum"),
                field("NonFinalCounter.count", "is static but not final", "NonFinalCounter"),
                field("PendingQueue.PENDING", "is static and of the mutable type <java.util.Queue>",
                        "PendingQueue"),
                field("Singleton.INSTANCE", "holds an instance of its own class <" + BAD
                        + ".Singleton>, a singleton", "Singleton"),
                field("StaticArray.NAMES", "is a static array, whose elements anyone can change",
                        "StaticArray"),
                field("StaticCache.CACHE", "is static and of the mutable type"
                        + " <com.github.benmanes.caffeine.cache.Cache>", "StaticCache"),
                field("VolatileFlag.stopped", "is static but not final", "VolatileFlag"));
    }

    @Test
    @DisplayName("passes constants, loggers, enums, switch maps, records, asserts,"
            + " serialVersionUID, frozen copies, interface constants and instance state")
    void passesImmutableStatics() {
        ArchRule rule = StaticStateRules.noMutableStaticState(layout("statics"));

        assertThat(violations(rule, classes("statics.good"))).isEmpty();
        assertThat(classes("statics.good").stream().map(c -> c.getName()))
                .as("the switch over Mode made javac emit its synthetic switch-map class")
                .contains(root("statics") + ".good.ModeSwitch$1");
    }

    @Test
    @DisplayName("the package-limited form checks only the given packages")
    void packageLimitedForm() {
        ArchRule rule = StaticStateRules.noMutableStaticState(layout("statics"), BAD + "..");

        assertThat(violations(rule, classes("statics"))).hasSize(13);
        assertThat(violations(StaticStateRules.noMutableStaticState(layout("statics"),
                root("statics") + ".good.."), classes("statics"))).isEmpty();
        assertThat(rule.getDescription()).startsWith("no class in " + BAD + ".. holds");
    }

    @Test
    @DisplayName("the public package-limited form needs at least one package")
    void publicFormNeedsAPackage() {
        assertThatThrownBy(SwitchboardRules::noMutableStaticStateIn)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one package");
    }

    private static String field(String field, String reason, String sourceFile) {
        return "Field <" + BAD + "." + field + "> " + reason + " in (" + sourceFile + ".java:0)";
    }
}
