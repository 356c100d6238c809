package io.switchboard.archtests;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ClassesTransformer;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every analysed class that implements the manager port, gathered into one object so that a rule
 * can count them.
 *
 * <p>Why not ArchUnit's {@code containNumberOfElements(..)}: in ArchUnit 1.3.0 that condition keeps
 * the names it has seen in a field that is never cleared, so a rule held in a
 * {@code static final} field and evaluated twice in one JVM (two test classes, or a test class and
 * a fixture test) counts the classes of both evaluations and fails falsely. Counting here is done
 * per evaluation, with no state in the rule.
 *
 * @param port the port's fully qualified name
 * @param names the implementations' fully qualified names, sorted
 */
record PortImplementations(String port, List<String> names) {

    PortImplementations {
        names = List.copyOf(names);
    }

    /** Gathers the implementations of {@code port} among the analysed classes. */
    static ClassesTransformer<PortImplementations> of(String port) {
        return new AbstractClassesTransformer<>("the implementations of " + port) {
            @Override
            public Iterable<PortImplementations> doTransform(JavaClasses classes) {
                List<String> names = classes.stream()
                        .filter(javaClass -> !javaClass.isInterface())
                        .filter(javaClass -> javaClass.isAssignableTo(port))
                        .map(JavaClass::getName)
                        .sorted()
                        .collect(Collectors.toList());
                return List.of(new PortImplementations(port, names));
            }
        };
    }

    /**
     * The condition that the number of implementations satisfies {@code allowed}, e.g.
     * {@code lessThanOrEqualTo(1)}; {@code rule} says it in words for the failure message.
     */
    static ArchCondition<PortImplementations> number(DescribedPredicate<Integer> allowed,
            String rule) {
        return new ArchCondition<>("be " + rule) {
            @Override
            public void check(PortImplementations found, ConditionEvents events) {
                int count = found.names().size();
                if (!allowed.test(count)) {
                    events.add(SimpleConditionEvent.violated(found, String.format(
                            "%d classes implement %s, but %s: %s", count, found.port(), rule,
                            found.names())));
                }
            }
        };
    }
}
