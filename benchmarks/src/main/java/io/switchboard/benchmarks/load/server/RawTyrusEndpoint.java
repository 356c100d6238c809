package io.switchboard.benchmarks.load.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;

/**
 * One connection of the raw Tyrus floor. Public only because the container calls it reflectively;
 * the container calls it on its own threads, one callback at a time per connection.
 */
public final class RawTyrusEndpoint extends Endpoint {

    private final RawTyrusBackend backend;
    private String user;

    RawTyrusEndpoint(RawTyrusBackend backend) {
        this.backend = backend;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        user = (String) config.getUserProperties().get(RawTyrusBackend.USER_PROPERTY);
        if (user == null) {
            try {
                session.close();
            } catch (IOException e) {
                // Closed either way.
            }
            return;
        }
        backend.byUser.put(user, session);
        // The client sends only subscribe frames.
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
                session.getAsyncRemote().sendText(backend.subscribed));
        session.getAsyncRemote().sendText(backend.welcome);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (user != null) {
            backend.byUser.remove(user, session);
        }
    }
}
