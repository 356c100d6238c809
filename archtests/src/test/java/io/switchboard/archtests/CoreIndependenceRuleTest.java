package io.switchboard.archtests;

import static io.switchboard.archtests.Fixtures.classes;
import static io.switchboard.archtests.Fixtures.layout;
import static io.switchboard.archtests.Fixtures.root;
import static io.switchboard.archtests.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rule 3: core free of transport and network libraries")
class CoreIndependenceRuleTest {

    @Test
    @DisplayName("flags Netty, Undertow, Jakarta WebSocket, Lettuce and an adapter in core;"
            + " adapters using core or their library pass")
    void flagsLibrariesInCore() {
        String root = root("corelibs");

        assertThat(violations(DependencyRules.coreFreeOfTransportLibraries(layout("corelibs")),
                classes("corelibs"))).containsExactlyInAnyOrder(
                "Field <" + root + ".core.AdapterLeak.pinger> has type <" + root
                        + ".heartbeat.Pinger> in (AdapterLeak.java:0)",
                "Field <" + root + ".core.LettuceLeak.redis> has type <io.lettuce.core.RedisClient>"
                        + " in (LettuceLeak.java:0)",
                "Field <" + root + ".core.NettyLeak.buffer> has type <io.netty.buffer.ByteBuf>"
                        + " in (NettyLeak.java:0)",
                "Field <" + root + ".core.internal.UndertowLeak.server> has type"
                        + " <io.undertow.Undertow> in (UndertowLeak.java:0)",
                "Field <" + root + ".core.spi.JakartaLeak.session> has type"
                        + " <jakarta.websocket.server.HandshakeRequest> in (JakartaLeak.java:0)");
    }

    @Test
    @DisplayName("passes for Switchboard's real core")
    void realCorePasses() {
        assertThat(violations(SwitchboardRules.CORE_FREE_OF_TRANSPORT_LIBRARIES,
                new ClassFileImporter().importPackages("io.switchboard.core"))).isEmpty();
    }
}
