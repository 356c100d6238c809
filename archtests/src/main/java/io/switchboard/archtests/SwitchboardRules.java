package io.switchboard.archtests;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.switchboard.core.WebSocketManager;

/**
 * Switchboard's architecture rules, ready to use in any JUnit 5 ArchUnit test.
 *
 * <p>Pull in every field with {@code @ArchTest static final ArchTests SWITCHBOARD =
 * ArchTests.in(SwitchboardRules.class);}, or pick single fields. The fields hold for whatever
 * classes a test analyses: a consumer analysing only its own packages gets "no second manager,
 * no manager look-alikes, no static mutable state, no transport types outside Switchboard's
 * adapters"; the rules about Switchboard's own modules match nothing there and pass. Where a
 * consumer must say something about its code base, use the factory methods.
 *
 * <p>Every rule has a description ({@code .as(..)}) and a reason ({@code .because(..)}) that
 * appear in its failure message, and none fails just because it matched no class.
 *
 * <p>The rules are immutable and stateless; evaluate them from any thread, as often as needed.
 */
public final class SwitchboardRules {

    private static final Layout SWITCHBOARD = Layout.aroundPort(WebSocketManager.class);

    /**
     * At most one class implements {@link WebSocketManager}, and only inside
     * {@code io.switchboard.core}. In a consumer's build, which does not contain Switchboard's
     * implementation, this means none; {@link #exactlyOneManagerImplementation()} is the strict
     * form for a build that analyses Switchboard's core.
     */
    @ArchTest
    public static final ArchRule AT_MOST_ONE_MANAGER_IMPLEMENTATION =
            ManagerRules.atMostOneImplementation(SWITCHBOARD);

    /**
     * No class outside {@code io.switchboard.core} has a simple name like a manager of
     * connections: {@code .*(Connection|WebSocket|Websocket|Socket|Session|Ws|WS|Heartbeat}
     * {@code |Scaling|Event|Emitter)Manager(Impl)?}, nested classes and interfaces included.
     */
    @ArchTest
    public static final ArchRule NO_MANAGER_NAMES_OUTSIDE_CORE =
            ManagerRules.noManagerNamesOutsideCore(SWITCHBOARD);

    /**
     * {@code io.switchboard.core} depends on no transport or network library (Undertow, XNIO,
     * Netty, Jakarta/javax WebSocket, Lettuce) and on no other Switchboard module.
     */
    @ArchTest
    public static final ArchRule CORE_FREE_OF_TRANSPORT_LIBRARIES =
            DependencyRules.coreFreeOfTransportLibraries(SWITCHBOARD);

    /**
     * {@code io.switchboard.core} depends on the JDK, Jackson, Caffeine and SLF4J only: it knows no
     * framework (Spring, Reactor, Micrometer, OpenTelemetry, LangChain4j...).
     */
    @ArchTest
    public static final ArchRule CORE_KNOWS_NO_FRAMEWORK =
            DependencyRules.coreKnowsNoFramework(SWITCHBOARD);

    /**
     * Switchboard's adapters and integrations ({@code heartbeat}, each {@code transport.*},
     * {@code scaling.*}, {@code metrics.*}, {@code tracing.*} and {@code bridge.*}) never depend on
     * each other: a model bridge or the metrics binder depends on core and its framework only.
     */
    @ArchTest
    public static final ArchRule ADAPTERS_INDEPENDENT =
            DependencyRules.adaptersIndependent(SWITCHBOARD);

    /**
     * No static field holds mutable state: no non-final static fields; no static arrays, atomics,
     * concrete or concurrent collections, maps, queues, builders or caches; no static field set to
     * a new mutable collection; no singleton holding an instance of its own class (enums, records
     * and interface constants pass); no static {@link WebSocketManager}.
     */
    @ArchTest
    public static final ArchRule NO_MUTABLE_STATIC_STATE =
            StaticStateRules.noMutableStaticState(SWITCHBOARD);

    /**
     * Undertow and XNIO types are used only in {@code io.switchboard.transport.undertow}, Netty
     * only in {@code io.switchboard.transport.netty}, Jakarta and javax WebSocket only in
     * {@code io.switchboard.transport.jakarta}, Lettuce only in
     * {@code io.switchboard.scaling.redis}; {@code io.switchboard.examples} and the Spring Boot
     * starter ({@code io.switchboard.spring.boot}) may use them all. An application that starts a server itself uses
     * {@link #transportTypesOnlyInTheirAdapter(String...)} instead.
     */
    @ArchTest
    public static final ArchRule TRANSPORT_TYPES_ONLY_IN_THEIR_ADAPTER =
            DependencyRules.transportTypesOnlyInTheirAdapter(SWITCHBOARD);

    private SwitchboardRules() {
    }

    /**
     * Exactly one class implements {@link WebSocketManager}, and it is the final
     * {@code io.switchboard.core.internal.DefaultWebSocketManager}. Use it where the analysed
     * classes include Switchboard's core (for example
     * {@code @AnalyzeClasses(packages = {"com.acme", "io.switchboard.core"})}); zero
     * implementations fail too.
     *
     * @return the rule
     */
    public static ArchRule exactlyOneManagerImplementation() {
        return ManagerRules.exactlyOneImplementation(SWITCHBOARD);
    }

    /**
     * The rule of {@link #TRANSPORT_TYPES_ONLY_IN_THEIR_ADAPTER}, with the application's own wiring
     * packages exempted: the code that starts an Undertow or Netty server, deploys a Jakarta
     * endpoint or creates a Lettuce client and hands it to an adapter.
     *
     * @param wiringPackages ArchUnit package patterns, e.g. {@code "com.acme.chat.wiring.."}
     * @return the rule
     */
    public static ArchRule transportTypesOnlyInTheirAdapter(String... wiringPackages) {
        return DependencyRules.transportTypesOnlyInTheirAdapter(SWITCHBOARD,
                wiringPackages.clone());
    }

    /**
     * The rule of {@link #NO_MUTABLE_STATIC_STATE}, limited to the classes in the given packages:
     * for a test that analyses more than the code base it governs, or that introduces the rule one
     * package at a time.
     *
     * @param packages ArchUnit package patterns, e.g. {@code "com.acme.chat.."}; at least one
     * @return the rule
     * @throws IllegalArgumentException if no package is given
     */
    public static ArchRule noMutableStaticStateIn(String... packages) {
        if (packages.length == 0) {
            throw new IllegalArgumentException("give at least one package, or use"
                    + " NO_MUTABLE_STATIC_STATE for every analysed class");
        }
        return StaticStateRules.noMutableStaticState(SWITCHBOARD, packages.clone());
    }
}
