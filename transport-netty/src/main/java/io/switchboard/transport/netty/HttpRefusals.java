package io.switchboard.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Plain HTTP answers to requests that are not upgraded; each one closes the connection. */
final class HttpRefusals {

    private HttpRefusals() {
    }

    /**
     * Answers {@code status} with a short text body and closes the connection once it is written.
     *
     * @param reason the body; never a credential
     * @param extraHeaders headers the status calls for (for example {@code Allow} with 405)
     */
    static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason,
            Map<String, String> extraHeaders) {
        ByteBuf body = Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        extraHeaders.forEach(response.headers()::set);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        refuse(ctx, status, reason, Map.of());
    }
}
