package io.switchboard.benchmarks.load.server;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;

/**
 * The floor for Switchboard's Jakarta adapter: a plain Jakarta WebSocket endpoint on the same
 * Tyrus standalone container (Grizzly), which knows its one event shape. It takes the user from
 * the handshake, sends the pre-encoded welcome, answers a subscribe and sends each event with
 * {@code getAsyncRemote().sendText}. What it costs is what Tyrus itself costs.
 */
final class RawTyrusBackend implements Backend {

    static final String USER_PROPERTY = "bench.user";

    private final ServerContainer container;
    private final int port;
    private final RawFrames frames = new RawFrames();
    final Map<String, Session> byUser = new ConcurrentHashMap<>();
    final String welcome = new String(frames.welcome(), StandardCharsets.UTF_8);
    final String subscribed = new String(frames.subscribed(), StandardCharsets.UTF_8);
    // Written by prepareUsers on the command thread, read by the emission threads it then starts.
    private Session[] users = new Session[0];
    private RawStreams streams = new RawStreams(frames, 0);

    RawTyrusBackend() throws Exception {
        container = new GrizzlyServerContainer().createContainer(Map.of());
        container.addEndpoint(ServerEndpointConfig.Builder.create(RawTyrusEndpoint.class, "/ws")
                .configurator(new Configurator()).build());
        port = FreePort.find();
        container.start("/", port);
    }

    /** Takes the user from the handshake and hands every connection to this backend. */
    private final class Configurator extends ServerEndpointConfig.Configurator {

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request,
                HandshakeResponse response) {
            List<String> user = request.getHeaders().get(BenchWire.USER_HEADER);
            if (user != null && !user.isEmpty()) {
                config.getUserProperties().put(USER_PROPERTY, user.get(0));
            }
        }

        @Override
        public <T> T getEndpointInstance(Class<T> type) {
            return type.cast(new RawTyrusEndpoint(RawTyrusBackend.this));
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void prepareUsers(int count) {
        users = new Session[count];
        for (int i = 0; i < count; i++) {
            users[i] = byUser.get(BenchWire.streamUser(i));
        }
        streams = new RawStreams(frames, count);
    }

    @Override
    public void emit(int user, long stampNanos) {
        Session session = users[user];
        byte[] frame = streams.next(user, stampNanos);
        if (session != null) {
            session.getAsyncRemote().sendText(new String(frame, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void broadcast(long stampNanos, boolean batched) {
        String frame = new String(frames.broadcastEvent(stampNanos), StandardCharsets.UTF_8);
        for (Session session : byUser.values()) {
            session.getAsyncRemote().sendText(frame);
        }
    }

    @Override
    public int connections() {
        return byUser.size();
    }

    @Override
    public void close() {
        container.stop();
    }
}
