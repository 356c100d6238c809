package io.switchboard.archtests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.elements.GivenFieldsConjunction;

/** The rule against static mutable state and singletons. */
final class StaticStateRules {

    private StaticStateRules() {
    }

    /**
     * No static field of the analysed classes (or, if packages are given, of the classes in those
     * packages) holds mutable state. Compiler-made fields ({@code $VALUES},
     * {@code $assertionsDisabled}, switch maps) are ignored.
     */
    static ArchRule noMutableStaticState(Layout layout, String... packages) {
        GivenFieldsConjunction staticFields = fields().that().areStatic()
                .and().doNotHaveModifier(JavaModifier.SYNTHETIC);
        if (packages.length > 0) {
            staticFields = staticFields.and().areDeclaredInClassesThat()
                    .resideInAnyPackage(packages);
        }
        String scope = packages.length == 0 ? "" : " in " + String.join(", ", packages);
        return staticFields.should(new MutableStaticState(layout))
                .as("no class" + scope + " holds mutable static state: no non-final static field,"
                        + " no static array, atomic, collection, map or cache that can change,"
                        + " no singleton holding an instance of its own class, no static"
                        + " WebSocketManager")
                .because("static state is shared by everything in the JVM: the legacy"
                        + " singletons broke isolation between tests and between users, and static"
                        + " maps grew without bound. Keep state in instances that the manager"
                        + " creates and closes; constants are fine as enums, records, primitives,"
                        + " strings and List.of/Set.of/Map.of")
                .allowEmptyShould(true);
    }
}
