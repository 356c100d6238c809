package io.switchboard.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.TextFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The connection's send and close behaviour, on Netty's in-memory channel. */
@DisplayName("A Netty connection")
class NettyConnectionTest {

    @Test
    @DisplayName("wraps the one encoded frame for every target without copying its bytes")
    void sharesTheEncodedBytes() {
        byte[] utf8 = "{\"type\":\"agent_started\"}".getBytes(StandardCharsets.UTF_8);
        TextFrame frame = TextFrame.ofUtf8(utf8);
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();

        CompletableFuture<Void> sentFirst = new NettyConnection(ConnectionId.random(), first).send(frame);
        CompletableFuture<Void> sentSecond = new NettyConnection(ConnectionId.random(), second).send(frame);
        TextWebSocketFrame toFirst = first.readOutbound();
        TextWebSocketFrame toSecond = second.readOutbound();
        // A probe, not a use: the frame's contract forbids changing the array once it is wrapped.
        // If either target held a copy, it would not see the change.
        utf8[2] = 'T';

        assertThat(sentFirst).isCompleted();
        assertThat(sentSecond).isCompleted();
        assertThat(toFirst.text()).startsWith("{\"Type\"");
        assertThat(toSecond.text()).startsWith("{\"Type\"");
        assertThat(toFirst.content().isReadOnly()).isTrue();
        toFirst.release();
        toSecond.release();
    }

    @Test
    @DisplayName("sends a close frame once, however often close is called, and refuses sends after it")
    void closeIsIdempotent() {
        EmbeddedChannel channel = new EmbeddedChannel();
        NettyConnection connection = new NettyConnection(ConnectionId.random(), channel);

        connection.close(CloseReason.EVICTED);
        connection.close(CloseReason.GOING_AWAY);

        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4001);
        Object second = channel.readOutbound();
        assertThat(second).isNull();
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.send(TextFrame.of("{}"))).isCompletedExceptionally();
        assertThat(connection.closeReason()).isEqualTo(CloseReason.EVICTED);
        close.release();
    }

    @Test
    @DisplayName("answers a peer's close frame with the same status and closes TCP")
    void echoesPeerClose() {
        EmbeddedChannel channel = new EmbeddedChannel();
        NettyConnection connection = new NettyConnection(ConnectionId.random(), channel);
        CloseWebSocketFrame peer = new CloseWebSocketFrame(1001, "tab closed");

        connection.onPeerClose(peer);

        CloseWebSocketFrame echo = channel.readOutbound();
        assertThat(echo.statusCode()).isEqualTo(1001);
        assertThat(channel.isOpen()).isFalse();
        assertThat(connection.closeReason()).isEqualTo(new CloseReason(1001, "tab closed"));
        echo.release();
        peer.release();
    }

    @Test
    @DisplayName("completes a send exceptionally when the write fails")
    void failedWrite() {
        EmbeddedChannel channel = new EmbeddedChannel();
        NettyConnection connection = new NettyConnection(ConnectionId.random(), channel);
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IOException("broken pipe"));
            }
        });

        assertThat(connection.send(TextFrame.of("{}"))).isCompletedExceptionally();
    }
}
