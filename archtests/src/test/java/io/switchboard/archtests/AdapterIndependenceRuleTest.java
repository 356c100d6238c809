package io.switchboard.archtests;

import static io.switchboard.archtests.Fixtures.classes;
import static io.switchboard.archtests.Fixtures.layout;
import static io.switchboard.archtests.Fixtures.root;
import static io.switchboard.archtests.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.switchboard.archtests.fixtures.adapters.core.Connection;
import io.switchboard.archtests.fixtures.adapters.heartbeat.HeartbeatMonitor;
import io.switchboard.archtests.fixtures.adapters.scaling.redis.RedisCluster;
import io.switchboard.archtests.fixtures.adapters.transport.undertow.internal.UndertowSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rule 4: adapters independent of each other")
class AdapterIndependenceRuleTest {

    @Test
    @DisplayName("flags each adapter or integration that reaches into another (a bridge importing a"
            + " transport); core and examples are no slices")
    void flagsAdapterToAdapterDependencies() {
        String root = root("adapters");

        assertThat(violations(DependencyRules.adaptersIndependent(layout("adapters")),
                classes("adapters"))).containsExactlyInAnyOrder(
                "Slice bridge.langchain4j depends on Slice transport.netty:\n"
                        + "Field <" + root + ".bridge.langchain4j.ModelBridge.transport> has type <"
                        + root + ".transport.netty.NettyTransport> in (ModelBridge.java:0)",
                "Slice heartbeat depends on Slice transport.netty:\n"
                        + "Field <" + root + ".heartbeat.HeartbeatMonitor.netty> has type <"
                        + root + ".transport.netty.NettyTransport> in (HeartbeatMonitor.java:0)",
                "Slice scaling.redis depends on Slice heartbeat:\n"
                        + "Field <" + root + ".scaling.redis.RedisCluster.heartbeat> has type <"
                        + root + ".heartbeat.HeartbeatMonitor> in (RedisCluster.java:0)",
                "Slice transport.undertow depends on Slice transport.jakarta:\n"
                        + "Field <" + root + ".transport.undertow.internal.UndertowSupport"
                        + ".endpoint> has type <" + root + ".transport.jakarta.JakartaEndpoint>"
                        + " in (UndertowSupport.java:0)");
    }

    @Test
    @DisplayName("cuts a layout into heartbeat, transport.* and scaling.* slices, sub-packages"
            + " included, and ignores core and classes outside its root")
    void slices() {
        var classes = new ClassFileImporter().importClasses(HeartbeatMonitor.class,
                UndertowSupport.class, RedisCluster.class, Connection.class);
        AdapterSlices fixtureSlices = new AdapterSlices(layout("adapters"));
        AdapterSlices switchboardSlices = new AdapterSlices(new Layout("io.switchboard"));

        assertThat(classes.stream().map(fixtureSlices::getIdentifierOf)).containsExactlyInAnyOrder(
                SliceIdentifier.of("heartbeat"), SliceIdentifier.of("transport.undertow"),
                SliceIdentifier.of("scaling.redis"), SliceIdentifier.ignore());
        assertThat(classes.stream().map(switchboardSlices::getIdentifierOf))
                .allMatch(SliceIdentifier.ignore()::equals);
    }
}
