package io.switchboard.transport.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.UserId;
import java.net.URI;
import java.util.Map;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The README's quick start runs as written")
class QuickStartTest {

    @Test
    @DisplayName("Tyrus's packaged container serves the manager with the README's lines (port 0 for 8080)")
    void quickStart() throws Exception {
        // ---- the README's lines ----
        WebSocketManager manager = WebSocketManager.builder().build();
        TransportSettings settings = TransportSettings.builder(request -> request.header("Authorization")
                        .filter(h -> h.startsWith("Bearer "))
                        .map(h -> AuthenticationResult.authenticated(UserId.of(verify(h.substring(7)))))
                        .orElseGet(() -> AuthenticationResult.unauthorized("missing token")))
                .build();
        ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        container.addEndpoint(SwitchboardJakarta.endpointConfig(manager, settings));
        container.start("/", 0);
        // ---- end ----
        try {
            URI uri = URI.create("ws://127.0.0.1:" + ((TyrusServerContainer) container).getPort() + "/ws");

            TestClient client = TestClient.connectAs(uri, "alice");

            assertThat(Fixtures.json(client.nextFrame()).path("type").asText()).isEqualTo("welcome");
            assertThat(manager.stats().connectionsPerUser()).containsEntry(UserId.of("alice"), 1);
        } finally {
            manager.close();
            container.stop();
        }
    }

    private static String verify(String token) {
        return token;
    }
}
