package io.switchboard.transport.netty;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.HandshakeRequest;
import io.switchboard.core.handshake.Subprotocols;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.handshake.UpgradeDecision;
import io.switchboard.core.id.ConnectionId;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides one upgrade request, on the channel's event loop: wrong path 404, then
 * {@link TransportSettings#decide} (the RFC 6455 rules every transport applies alike, the origin
 * and the authenticator); a refusal is answered as plain HTTP with its status and headers and the
 * connection closed, before anything is upgraded. An admitted request is upgraded, the frame
 * stages replace this handler, and the manager gets the new connection.
 */
final class HandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);

    private final WebSocketManager manager;
    private final TransportSettings settings;
    private final WebSocketDecoderConfig decoderConfig;
    private final LoopFrames loopFrames;

    HandshakeHandler(WebSocketManager manager, TransportSettings settings,
            WebSocketDecoderConfig decoderConfig, LoopFrames loopFrames) {
        this.manager = manager;
        this.settings = settings;
        this.decoderConfig = decoderConfig;
        this.loopFrames = loopFrames;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            HttpRefusals.refuse(ctx, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        HttpHeaders headers = request.headers();
        URI target = target(ctx, request.uri(), headers.get(HttpHeaderNames.HOST));
        if (target == null) {
            HttpRefusals.refuse(ctx, HttpResponseStatus.BAD_REQUEST, "malformed request target");
            return;
        }
        if (!settings.path().equals(target.getPath())) {
            HttpRefusals.refuse(ctx, HttpResponseStatus.NOT_FOUND, "not found");
            return;
        }
        SocketAddress peer = ctx.channel().remoteAddress();
        InetSocketAddress remote = peer instanceof InetSocketAddress inet ? inet : null;
        HandshakeRequest handshake = HandshakeRequest.of(request.method().name(), target,
                headerMap(headers), remote);
        UpgradeDecision decision = settings.decide(handshake);
        if (decision instanceof UpgradeDecision.Refuse refusal) {
            LOG.debug("{} from {} refused with {}", handshake, remote, refusal.httpStatus());
            HttpRefusals.refuse(ctx, HttpResponseStatus.valueOf(refusal.httpStatus()),
                    refusal.reason(), refusal.headers());
        } else if (decision instanceof UpgradeDecision.Upgrade upgrade) {
            upgrade(ctx, request, upgrade.user());
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request,
            AuthenticationResult.Authenticated user) {
        ChannelFuture upgraded;
        // Netty echoes a subprotocol it was given only if the client offered it.
        WebSocketServerHandshaker13 handshaker = new WebSocketServerHandshaker13(settings.path(),
                String.join(",", Subprotocols.supported()), decoderConfig);
        try {
            upgraded = handshaker.handshake(ctx.channel(), request);
        } catch (RuntimeException e) {
            LOG.debug("upgrade from {} failed: {}", ctx.channel().remoteAddress(), e.toString());
            HttpRefusals.refuse(ctx, HttpResponseStatus.BAD_REQUEST, "invalid WebSocket upgrade");
            return;
        }
        NettyConnection connection = new NettyConnection(ConnectionId.random(), ctx.channel(),
                handshaker.selectedSubprotocol(), user.attributes(), loopFrames);
        // The client may send frames right after the 101: the frame stages are in place before
        // this read returns, so the next read already goes through them.
        ChannelPipeline pipeline = ctx.pipeline();
        String last = ctx.name();
        pipeline.addAfter(last, "ws-utf8", new Utf8FrameValidator(false));
        last = "ws-utf8";
        if (!settings.idleTimeout().isZero()) {
            pipeline.addAfter(last, "ws-idle",
                    new IdleStateHandler(settings.idleTimeout().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
            last = "ws-idle";
        }
        pipeline.addAfter(last, "ws-frames",
                new FrameHandler(manager, connection, settings.maxMessageBytes()));
        pipeline.remove(this);
        upgraded.addListener(done -> {
            if (done.isSuccess()) {
                if (pipeline.get(HandshakeTimeout.class) != null) {
                    pipeline.remove(HandshakeTimeout.class);
                }
            } else {
                pipeline.channel().close();
            }
        });
        // The 101 response is already queued, so the welcome frame the manager sends follows it.
        try {
            manager.connect(user.user(), connection);
        } catch (RuntimeException e) {
            LOG.warn("manager refused {}; closing", connection, e);
            connection.close(CloseReason.INTERNAL_ERROR);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("before upgrade, {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /**
     * The request's target as an absolute URI, parsed once: an origin-form target ({@code /ws?x=1})
     * is put behind the scheme and a well-formed {@code Host}; an absolute-form one, or one whose
     * {@code Host} is missing or malformed, stays as it came. Null if the target does not parse.
     */
    static URI target(ChannelHandlerContext ctx, String requestTarget, String host) {
        if (requestTarget.startsWith("/") && host != null && isHost(host)) {
            String scheme = ctx.pipeline().get(SslHandler.class) != null ? "wss://" : "ws://";
            try {
                return new URI(scheme + host + requestTarget);
            } catch (URISyntaxException e) {
                // The target itself is malformed: parsing it alone says so below.
            }
        }
        try {
            return new URI(requestTarget);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    // A Host value that cannot smuggle a path or query into the rebuilt URI: a name or IPv4
    // address ([A-Za-z0-9.-]+) or a bracketed IPv6 address, then at most ":" and 1 to 5 digits.
    static boolean isHost(String host) {
        int length = host.length();
        int at = 0;
        if (length > 0 && host.charAt(0) == '[') {
            int close = host.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (int i = 1; i < close; i++) {
                char c = host.charAt(i);
                if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 128)) {
                    return false;
                }
            }
            at = close + 1;
        } else {
            while (at < length && isNameChar(host.charAt(at))) {
                at++;
            }
            if (at == 0) {
                return false;
            }
        }
        if (at == length) {
            return true;
        }
        int digits = length - at - 1;
        if (host.charAt(at) != ':' || digits < 1 || digits > 5) {
            return false;
        }
        for (int i = at + 1; i < length; i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.'
                || c == '-';
    }

    private static Map<String, List<String>> headerMap(HttpHeaders headers) {
        // Entry by entry: names() would list "Cookie" and "cookie" apart while getAll() merges them.
        Map<String, List<String>> map = new HashMap<>();
        for (Map.Entry<String, String> header : headers) {
            map.computeIfAbsent(header.getKey(), name -> new ArrayList<>(1)).add(header.getValue());
        }
        return map;
    }
}
