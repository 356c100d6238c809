package io.switchboard.archtests;

import static com.tngtech.archunit.base.DescribedPredicate.equalTo;
import static com.tngtech.archunit.base.DescribedPredicate.lessThanOrEqualTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.all;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import java.util.regex.Pattern;

/** The rules that keep one manager: one implementation of the port, no look-alikes elsewhere. */
final class ManagerRules {

    /**
     * Simple names (nested classes included) that say a class manages connections. Interfaces
     * count too: a second port is the start of a second manager. Names like {@code TaskManager}
     * or {@code ManagerConfig} pass.
     */
    static final Pattern MANAGER_NAME = Pattern.compile(".*(Connection|WebSocket|Websocket|Socket"
            + "|Session|Ws|WS|Heartbeat|Scaling|Event|Emitter)Manager(Impl)?");

    private static final DescribedPredicate<JavaClass> NAMED_LIKE_A_MANAGER = DescribedPredicate
            .<JavaClass>describe("a simple name matching '" + MANAGER_NAME.pattern() + "'",
                    javaClass -> MANAGER_NAME.matcher(javaClass.getSimpleName()).matches());

    private static final String ONE_OWNER = "the legacy backend grew six competing managers that"
            + " each believed they owned a connection, and their races delivered events to the"
            + " wrong user; every connection must live in the one manager that"
            + " WebSocketManager.builder() creates";

    private ManagerRules() {
    }

    /**
     * At most one implementation of the port among the analysed classes, and none outside core:
     * a consumer's build analyses its own code, which must contain no implementation at all.
     */
    static ArchRule atMostOneImplementation(Layout layout) {
        ArchRule count = all(PortImplementations.of(layout.port()))
                .should(PortImplementations.number(lessThanOrEqualTo(1), "at most 1 may"));
        ArchRule place = classes().that().implement(layout.port())
                .should().resideInAPackage(layout.core());
        return CompositeArchRule.of(count).and(place)
                .as(String.format("at most one class implements %s, and only inside %s",
                        layout.port(), layout.corePackage()))
                .because(ONE_OWNER + ". A fake or mock manager is a second owner too: test with"
                        + " the real manager and a fake connection instead")
                .allowEmptyShould(true);
    }

    /**
     * Exactly one implementation of the port, the final {@code <root>.core.internal} one: for a
     * build that analyses Switchboard's own core, where zero implementations is a broken build.
     */
    static ArchRule exactlyOneImplementation(Layout layout) {
        ArchRule count = all(PortImplementations.of(layout.port()))
                .should(PortImplementations.number(equalTo(1), "exactly 1 must"));
        ArchRule identity = classes().that().implement(layout.port())
                .should().haveFullyQualifiedName(layout.implementation())
                .andShould().haveModifier(JavaModifier.FINAL);
        return CompositeArchRule.of(count).and(identity)
                .as(String.format("exactly one class implements %s: the final %s", layout.port(),
                        layout.implementation()))
                .because(ONE_OWNER + ". The implementation is final and internal so that nobody"
                        + " extends or replaces it")
                // Zero implementations fail through the count, with a clearer message than
                // ArchUnit's generic "failed to check any classes".
                .allowEmptyShould(true);
    }

    /** No class outside core is named like a manager of connections. */
    static ArchRule noManagerNamesOutsideCore(Layout layout) {
        return noClasses().that().resideOutsideOfPackage(layout.core())
                .should(ArchConditions.have(NAMED_LIKE_A_MANAGER))
                .as(String.format("no class outside %s is named like a manager of connections"
                        + " (*ConnectionManager, *WebSocketManager, *SocketManager,"
                        + " *SessionManager, *WsManager, *HeartbeatManager, *ScalingManager,"
                        + " *EventManager, *EmitterManager, optionally with Impl)",
                        layout.corePackage()))
                .because("a class named like that is where a second owner of connections starts"
                        + " (the legacy backend had six managers and over 120 mock managers);"
                        + " transports, heartbeat and scaling are adapters around the one"
                        + " WebSocketManager, so name them after what they adapt (Handler,"
                        + " Endpoint, Adapter, Registry) and let them call the manager")
                .allowEmptyShould(true);
    }
}
