package io.switchboard.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
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
import java.util.List;
import java.util.Map;
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
    @DisplayName("on one event loop, a frame written again shares one copy; the next frame starts over")
    void sharesOneCopyPerLoop() {
        LoopFrames loopFrames = new LoopFrames();
        List<EmbeddedChannel> channels = List.of(new EmbeddedChannel(), new EmbeddedChannel(),
                new EmbeddedChannel(), new EmbeddedChannel());
        List<NettyConnection> connections = channels.stream().map(channel -> new NettyConnection(
                ConnectionId.random(), channel, null, Map.of(), loopFrames)).toList();
        TextFrame broadcast = TextFrame.of("{\"type\":\"agent_started\"}");
        TextFrame next = TextFrame.of("{\"type\":\"agent_completed\"}");

        for (int i = 0; i < 3; i++) {
            assertThat(connections.get(i).send(broadcast)).isCompleted();
        }
        assertThat(connections.get(3).send(next)).isCompleted();

        List<TextWebSocketFrame> written = channels.stream()
                .map(channel -> (TextWebSocketFrame) channel.readOutbound()).toList();
        assertThat(written).extracting(TextWebSocketFrame::text).containsExactly(broadcast.text(),
                broadcast.text(), broadcast.text(), next.text());
        // The first write wraps the frame's own view; the second and third share one copy.
        assertThat(written.get(0).content().isReadOnly()).isTrue();
        assertThat(written.get(1).content().isReadOnly()).isFalse();
        assertThat(written.get(1).content().unwrap()).isSameAs(written.get(2).content().unwrap());
        assertThat(written.get(3).content().isReadOnly()).isTrue();
        // The loop let its copy go when the next frame came; the writes' own references remain.
        ByteBuf copy = written.get(1).content();
        assertThat(copy.refCnt()).isEqualTo(2);
        written.forEach(TextWebSocketFrame::release);
        assertThat(copy.refCnt()).isZero();
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
