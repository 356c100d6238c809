package io.switchboard.archtests;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The rules about who may depend on what: core, adapters, and the transport libraries. */
final class DependencyRules {

    private DependencyRules() {
    }

    /** Core depends on no transport or network library and on no other Switchboard module. */
    static ArchRule coreFreeOfTransportLibraries(Layout layout) {
        DescribedPredicate<JavaClass> libraries = resideInAnyPackage(TransportLibrary.allPackages())
                .as("a transport or network library");
        DescribedPredicate<JavaClass> otherModules = resideInAPackage(layout.everything())
                .and(resideOutsideOfPackage(layout.core()))
                .as("another Switchboard module");
        return noClasses().that().resideInAPackage(layout.core())
                .should().dependOnClassesThat(libraries.or(otherModules)
                        .as("a transport or network library or another Switchboard module"))
                .as(String.format("%s depends on no transport or network library (Undertow,"
                        + " XNIO, Netty, Jakarta/javax WebSocket, Lettuce) and on no other"
                        + " Switchboard module", layout.corePackage()))
                .because("core is the pure domain that every transport shares: a network library"
                        + " in it would force that library on every user and let one transport's"
                        + " threading and types leak into routing and isolation; adapters depend"
                        + " on core, never the other way round")
                .allowEmptyShould(true);
    }

    /**
     * Core depends on the JDK, Jackson, Caffeine and SLF4J only: no framework (Spring, Reactor,
     * Micrometer, OpenTelemetry, LangChain4j...) and no other library.
     */
    static ArchRule coreKnowsNoFramework(Layout layout) {
        return classes().that().resideInAPackage(layout.core())
                .should().onlyDependOnClassesThat().resideInAnyPackage(layout.core(), "java..",
                        "com.fasterxml.jackson..", "com.github.benmanes.caffeine..", "org.slf4j..")
                .as(String.format("%s depends on the JDK, Jackson, Caffeine and SLF4J only",
                        layout.corePackage()))
                .because("core is the pure domain every integration shares: a framework in it"
                        + " (Spring, Reactor, Micrometer, OpenTelemetry, a model library) would"
                        + " force that framework on every user; integrations adapt frameworks to"
                        + " core through its ports and hooks, never the other way round")
                .allowEmptyShould(true);
    }

    /** Adapters never depend on each other. */
    static ArchRule adaptersIndependent(Layout layout) {
        // The transport kit checks the heartbeat on every transport, so it may use it; it is a
        // test kit that adapters use only in their tests, never an adapter itself.
        return SlicesRuleDefinition.slices().assignedFrom(new AdapterSlices(layout))
                .should().notDependOnEachOther()
                .ignoreDependency(resideInAPackage(layout.root() + ".transport.tck.."),
                        resideInAPackage(layout.root() + ".heartbeat.."))
                .as(String.format("Switchboard adapters and integrations (%1$s.heartbeat, each"
                        + " %1$s.transport.*, %1$s.scaling.*, %1$s.metrics.*, %1$s.tracing.* and"
                        + " %1$s.bridge.*) do not depend on each other", layout.root()))
                .because("each adapter must be usable alone (pick one transport, add heartbeat or"
                        + " Redis if you want them), and an integration (metrics, tracing, a model"
                        + " bridge) depends on core and its own framework only; one that reaches"
                        + " into another drags that module's library in and couples their"
                        + " lifecycles. They meet only in core's SPI; wiring them together is the"
                        + " application's job (or the examples' and the Spring Boot starter's)")
                .allowEmptyShould(true);
    }

    /**
     * Each transport library is used only inside its adapter; the examples and the given wiring
     * packages may use every library.
     */
    static ArchRule transportTypesOnlyInTheirAdapter(Layout layout, String... wiringPackages) {
        // The libraries' own classes are exempt too, for tests that analyse the whole class path.
        String[] exempt = Stream.of(Arrays.stream(layout.wiring()), Arrays.stream(wiringPackages),
                        Arrays.stream(TransportLibrary.allPackages()))
                .flatMap(Function.identity())
                .toArray(String[]::new);
        String wiring = Stream.concat(Arrays.stream(layout.wiring()), Arrays.stream(wiringPackages))
                .collect(Collectors.joining(", ", " (wiring in ", " may use them all)"));
        return classes().that().resideOutsideOfPackages(exempt)
                .should(new TransportConfinement(layout))
                .as(String.format("transport library types are used only inside their adapter%s:"
                        + " Undertow/XNIO in %s, Netty in %s, Jakarta/javax WebSocket in %s,"
                        + " Lettuce in %s", wiring,
                        layout.adapterPackage(TransportLibrary.UNDERTOW.adapter()),
                        layout.adapterPackage(TransportLibrary.NETTY.adapter()),
                        layout.adapterPackage(TransportLibrary.JAKARTA_WEBSOCKET.adapter()),
                        layout.adapterPackage(TransportLibrary.LETTUCE.adapter())))
                .because("each library has exactly one adapter that turns its sockets into"
                        + " core's Connection SPI; the library's types anywhere else mean code"
                        + " that talks to sockets or Redis past the manager, which is how the"
                        + " legacy backend lost events and sent them to the wrong user."
                        + " Application wiring that starts a server belongs in a wiring package"
                        + " exempted with SwitchboardRules.transportTypesOnlyInTheirAdapter(..)")
                .allowEmptyShould(true);
    }
}
