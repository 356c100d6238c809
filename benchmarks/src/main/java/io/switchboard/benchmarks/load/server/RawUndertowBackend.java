package io.switchboard.benchmarks.load.server;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor for Switchboard's Undertow adapter: a plain WebSocket endpoint on Undertow's own API
 * (the same Undertow, its default I/O threads), which knows its one event shape. It takes the user
 * from the handshake, sends the pre-encoded welcome, answers a subscribe and sends each event with
 * {@code WebSockets.sendText}. What it costs is what Undertow itself costs.
 */
final class RawUndertowBackend implements Backend {

    private final Undertow server;
    private final int port;
    private final RawFrames frames = new RawFrames();
    private final Map<String, WebSocketChannel> byUser = new ConcurrentHashMap<>();
    // Written by prepareUsers on the command thread, read by the emission threads it then starts.
    private WebSocketChannel[] users = new WebSocketChannel[0];
    private RawStreams streams = new RawStreams(frames, 0);

    RawUndertowBackend() {
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath("/ws", Handlers.websocket(new Upgraded())))
                .build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Registers each upgraded channel under its user and answers its subscribe. */
    private final class Upgraded implements WebSocketConnectionCallback {

        @Override
        public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
            String user = exchange.getRequestHeader(BenchWire.USER_HEADER);
            if (user == null) {
                WebSockets.sendClose(1008, "no user", channel, null);
                return;
            }
            byUser.put(user, channel);
            channel.addCloseTask(closed -> byUser.remove(user, closed));
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel from, BufferedTextMessage message) {
                    // The client sends only subscribe frames.
                    WebSockets.sendText(ByteBuffer.wrap(frames.subscribed()), from, null);
                }
            });
            channel.resumeReceives();
            WebSockets.sendText(ByteBuffer.wrap(frames.welcome()), channel, null);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void prepareUsers(int count) {
        users = new WebSocketChannel[count];
        for (int i = 0; i < count; i++) {
            users[i] = byUser.get(BenchWire.streamUser(i));
        }
        streams = new RawStreams(frames, count);
    }

    @Override
    public void emit(int user, long stampNanos) {
        WebSocketChannel channel = users[user];
        byte[] frame = streams.next(user, stampNanos);
        if (channel != null) {
            WebSockets.sendText(ByteBuffer.wrap(frame), channel, null);
        }
    }

    @Override
    public void broadcast(long stampNanos, boolean batched) {
        byte[] frame = frames.broadcastEvent(stampNanos);
        for (WebSocketChannel channel : byUser.values()) {
            WebSockets.sendText(ByteBuffer.wrap(frame), channel, null);
        }
    }

    @Override
    public int connections() {
        return byUser.size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
