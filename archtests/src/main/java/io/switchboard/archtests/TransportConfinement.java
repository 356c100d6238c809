package io.switchboard.archtests;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The condition "uses each transport library only inside its own adapter": every dependency of a
 * class on a {@link TransportLibrary} must come from that library's adapter package.
 */
final class TransportConfinement extends ArchCondition<JavaClass> {

    private final List<Confined> libraries;

    TransportConfinement(Layout layout) {
        super("use each transport library only inside its adapter");
        this.libraries = Stream.of(TransportLibrary.values())
                .map(library -> new Confined(library.displayName(),
                        resideInAnyPackage(library.packages()),
                        resideInAnyPackage(layout.adapter(library.adapter())),
                        layout.adapterPackage(library.adapter())))
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public void check(JavaClass javaClass, ConditionEvents events) {
        for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
            for (Confined library : libraries) {
                if (library.types().test(dependency.getTargetClass())
                        && !library.adapter().test(javaClass)) {
                    events.add(SimpleConditionEvent.violated(dependency, String.format(
                            "%s [%s belongs in %s]", dependency.getDescription(), library.name(),
                            library.adapterPackage())));
                }
            }
        }
    }

    /** One library: its types, and the adapter classes that may use them. */
    private record Confined(String name, DescribedPredicate<JavaClass> types,
            DescribedPredicate<JavaClass> adapter, String adapterPackage) {
    }
}
