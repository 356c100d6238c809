package io.switchboard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.ManagerConfig;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.Authenticator;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.heartbeat.HeartbeatConfig;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The documented property defaults must stay the library's own defaults. */
@DisplayName("switchboard.* defaults")
class PropertyDefaultsTest {

    private final SwitchboardProperties properties = new SwitchboardProperties();

    @Test
    @DisplayName("give the manager's default config")
    void manager() {
        assertThat(Settings.manager(properties.getManager())).isEqualTo(ManagerConfig.defaults());
    }

    @Test
    @DisplayName("give the production heartbeat profile")
    void heartbeat() {
        assertThat(Settings.heartbeat(properties.getHeartbeat()))
                .isEqualTo(HeartbeatConfig.production());
    }

    @Test
    @DisplayName("give the transport's default settings")
    void transport() {
        Authenticator nobody = request -> AuthenticationResult.unauthorized("test");
        TransportSettings expected = TransportSettings.builder(nobody).build();
        TransportSettings actual = Settings.transport(properties.getTransport(), nobody);
        assertThat(actual.path()).isEqualTo(expected.path());
        assertThat(actual.maxMessageBytes()).isEqualTo(expected.maxMessageBytes());
        assertThat(actual.handshakeTimeout()).isEqualTo(expected.handshakeTimeout());
        assertThat(actual.idleTimeout()).isEqualTo(expected.idleTimeout());
        assertThat(actual.permessageDeflate()).isEqualTo(expected.permessageDeflate());
        assertThat(actual.originPolicy().allows(Optional.of("https://evil.example")))
                .isEqualTo(expected.originPolicy().allows(Optional.of("https://evil.example")));
    }
}
