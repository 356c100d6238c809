package io.switchboard.archtests;

import static io.switchboard.archtests.Fixtures.classes;
import static io.switchboard.archtests.Fixtures.layout;
import static io.switchboard.archtests.Fixtures.root;
import static io.switchboard.archtests.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rule 6: transport types only inside their adapter")
class TransportConfinementRuleTest {

    private static final String ROOT = root("leaks");

    private static final String NETTY_IN_APP = "Field <" + ROOT + ".app.ChatService.channel> has"
            + " type <io.netty.channel.Channel> in (ChatService.java:0) [Netty belongs in " + ROOT
            + ".transport.netty]";
    private static final String LETTUCE_IN_APP = "Field <" + ROOT + ".app.Sessions.redis> has type"
            + " <io.lettuce.core.api.StatefulRedisConnection> in (Sessions.java:0) [Lettuce belongs"
            + " in " + ROOT + ".scaling.redis]";
    private static final String UNDERTOW_IN_WIRING = "Field <" + ROOT
            + ".app.wiring.ServerWiring.server> has type <io.undertow.Undertow> in"
            + " (ServerWiring.java:0) [Undertow belongs in " + ROOT + ".transport.undertow]";
    private static final String XNIO_IN_CORE = "Field <" + ROOT + ".core.XnioLeak.worker> has type"
            + " <org.xnio.XnioWorker> in (XnioLeak.java:0) [Undertow belongs in " + ROOT
            + ".transport.undertow]";
    private static final String JAKARTA_IN_HEARTBEAT = "Field <" + ROOT
            + ".heartbeat.JakartaPinger.session> has type"
            + " <jakarta.websocket.server.HandshakeRequest> in (JakartaPinger.java:0) [Jakarta"
            + " WebSocket belongs in " + ROOT + ".transport.jakarta]";
    private static final String NETTY_IN_UNDERTOW = "Field <" + ROOT
            + ".transport.undertow.UndertowAdapter.buffer> has type <io.netty.buffer.ByteBuf> in"
            + " (UndertowAdapter.java:0) [Netty belongs in " + ROOT + ".transport.netty]";

    @Test
    @DisplayName("flags library types outside their adapter, including another adapter;"
            + " each adapter's own library and the examples pass")
    void flagsLeaks() {
        List<String> found = violations(DependencyRules.transportTypesOnlyInTheirAdapter(
                layout("leaks")), classes("leaks"));

        assertThat(found).containsExactlyInAnyOrder(NETTY_IN_APP, LETTUCE_IN_APP,
                UNDERTOW_IN_WIRING, XNIO_IN_CORE, JAKARTA_IN_HEARTBEAT, NETTY_IN_UNDERTOW);
    }

    @Test
    @DisplayName("the parameterised form exempts the application's wiring package, and only that")
    void exemptsWiring() {
        List<String> found = violations(DependencyRules.transportTypesOnlyInTheirAdapter(
                layout("leaks"), ROOT + ".app.wiring.."), classes("leaks"));

        assertThat(found).containsExactlyInAnyOrder(NETTY_IN_APP, LETTUCE_IN_APP, XNIO_IN_CORE,
                JAKARTA_IN_HEARTBEAT, NETTY_IN_UNDERTOW);
    }

    @Test
    @DisplayName("the public rule flags a consumer class using Netty, and its wiring variant"
            + " exempts the consumer's wiring package")
    void publicRules() {
        var appClasses = classes("leaks.app");

        assertThat(violations(SwitchboardRules.TRANSPORT_TYPES_ONLY_IN_THEIR_ADAPTER, appClasses))
                .hasSize(3)
                .allMatch(line -> line.contains("belongs in io.switchboard."));
        assertThat(violations(SwitchboardRules.transportTypesOnlyInTheirAdapter(
                ROOT + ".app.wiring.."), appClasses))
                .hasSize(2)
                .noneMatch(line -> line.contains("ServerWiring"));
    }
}
