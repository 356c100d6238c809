package io.switchboard.transport.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.UserId;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fail-closed paths a compliant container never takes, driven directly with stand-ins for the
 * container's objects (the manager is real).
 */
@DisplayName("On a container that breaks the specification, the adapter fails closed")
class DefencesTest {

    private final WebSocketManager manager = WebSocketManager.builder().build();
    private final TransportSettings settings = TransportSettings.builder(Fixtures.bearerTokens()).build();
    private final ServerEndpointConfig config = SwitchboardJakarta.endpointConfig(manager, settings);

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    @DisplayName("a container that passes the shared user properties to modifyHandshake upgrades no one")
    void sharedUserPropertiesRefused() {
        assertThatThrownBy(() -> config.getConfigurator()
                .modifyHandshake(config, request("Bearer alice"), null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(config.getUserProperties()).doesNotContainKey(SwitchboardConfigurator.AUTHENTICATED);
    }

    @Test
    @DisplayName("a user copied from the deployed properties never admits a refused request")
    void copiedTicketIsDiscarded() {
        Map<String, Object> copied = new HashMap<>();
        copied.put(SwitchboardConfigurator.AUTHENTICATED, AuthenticationResult.authenticated(UserId.of("mallory")));

        assertThatThrownBy(() -> config.getConfigurator()
                .modifyHandshake(perConnection(copied), request(null), null))
                .isInstanceOfSatisfying(HandshakeRefusedException.class,
                        refused -> assertThat(refused.httpStatus()).isEqualTo(401));
        assertThat(copied).doesNotContainKey(SwitchboardConfigurator.AUTHENTICATED);
    }

    @Test
    @DisplayName("an authenticated handshake leaves its user in the per-connection properties only")
    void ticketInPerConnectionCopy() {
        Map<String, Object> copied = new HashMap<>();

        config.getConfigurator().modifyHandshake(perConnection(copied), request("Bearer alice"), null);

        assertThat(copied.get(SwitchboardConfigurator.AUTHENTICATED))
                .isEqualTo(AuthenticationResult.authenticated(UserId.of("alice")));
        assertThat(config.getUserProperties()).doesNotContainKey(SwitchboardConfigurator.AUTHENTICATED);
    }

    @Test
    @DisplayName("a session opened without an authenticated handshake is closed with 1008 and never admitted")
    void unadmittedSessionClosed() throws Exception {
        List<CloseReason> closes = new ArrayList<>();
        Session session = session(new HashMap<>(), closes);
        SwitchboardEndpoint endpoint =
                config.getConfigurator().getEndpointInstance(SwitchboardEndpoint.class);

        endpoint.onOpen(session, config);

        assertThat(closes).singleElement().satisfies(close -> {
            assertThat(close.getCloseCode().getCode()).isEqualTo(1008);
        });
        assertThat(manager.stats().connections()).isZero();
    }

    @Test
    @DisplayName("each handshake gets its own endpoint instance")
    void freshEndpointPerConnection() throws Exception {
        ServerEndpointConfig.Configurator configurator = config.getConfigurator();

        assertThat(configurator.getEndpointInstance(SwitchboardEndpoint.class))
                .isNotSameAs(configurator.getEndpointInstance(SwitchboardEndpoint.class));
    }

    @Test
    @DisplayName("permessage-deflate is not negotiated while the settings leave it off")
    void noExtensionByDefault() {
        Extension deflate = extension("permessage-deflate");

        assertThat(config.getConfigurator().getNegotiatedExtensions(List.of(deflate), List.of(deflate)))
                .isEmpty();
    }

    private static HandshakeRequest request(String authorization) {
        // A valid upgrade as the container hands it over, with or without credentials.
        Map<String, List<String>> headers = new HashMap<>(Map.of(
                "Upgrade", List.of("websocket"), "Connection", List.of("Upgrade"),
                "Sec-WebSocket-Version", List.of("13"),
                "Sec-WebSocket-Key", List.of("dGhlIHNhbXBsZSBub25jZQ==")));
        if (authorization != null) {
            headers.put("Authorization", List.of(authorization));
        }
        return (HandshakeRequest) Proxy.newProxyInstance(HandshakeRequest.class.getClassLoader(),
                new Class<?>[] {HandshakeRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> headers;
                    case "getRequestURI" -> URI.create("/ws");
                    default -> null;
                });
    }

    private ServerEndpointConfig perConnection(Map<String, Object> properties) {
        return (ServerEndpointConfig) Proxy.newProxyInstance(ServerEndpointConfig.class.getClassLoader(),
                new Class<?>[] {ServerEndpointConfig.class}, (proxy, method, args) ->
                        method.getName().equals("getUserProperties") ? properties : method.invoke(config, args));
    }

    private static Session session(Map<String, Object> properties, List<CloseReason> closes) {
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getUserProperties":
                            return properties;
                        case "close":
                            closes.add(args == null ? null : (CloseReason) args[0]);
                            return null;
                        case "isOpen":
                            return closes.isEmpty();
                        default:
                            throw new AssertionError("unexpected call " + method.getName());
                    }
                });
    }

    private static Extension extension(String name) {
        return new Extension() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public List<Parameter> getParameters() {
                return List.of();
            }
        };
    }
}
