package io.switchboard.transport.jakarta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.memory.Buffers;

/**
 * The container's part of the handshake, which the Jakarta API cannot express, as a Grizzly filter
 * placed between the HTTP codec and Tyrus's WebSocket filter:
 * <ul>
 *   <li>a deadline: a connection that has not been answered (101 or an error) within the handshake
 *       timeout of being accepted is closed;
 *   <li>a refused handshake ({@link HandshakeRefusedException} thrown from the adapter's
 *       {@code modifyHandshake}) is answered with its HTTP status instead of a bare close;
 *   <li>Tyrus's own handshake errors (403 for a refused origin) get the {@code Content-Length: 0}
 *       they lack, so clients see the end of the response.
 * </ul>
 */
final class GrizzlyHandshakePolicy extends BaseFilter {

    private final long timeoutMillis;
    private final ScheduledExecutorService timers;
    private final Map<Connection<?>, ScheduledFuture<?>> awaitingAnswer = new ConcurrentHashMap<>();

    GrizzlyHandshakePolicy(Duration handshakeTimeout, ScheduledExecutorService timers) {
        this.timeoutMillis = handshakeTimeout.toMillis();
        this.timers = timers;
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        awaitingAnswer.put(connection, timers.schedule(() -> {
            if (awaitingAnswer.remove(connection) != null) {
                connection.closeSilently();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS));
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpResponsePacket response) {
            answered(ctx.getConnection());
            if (response.getStatus() != 101 && response.getContentLength() < 0
                    && !response.isChunked()) {
                // Tyrus's own handshake errors (the 403 of checkOrigin) carry no length on a
                // kept-alive connection, so a client waits for a body that never ends.
                response.setContentLength(0);
                response.setHeader("Connection", "close");
            }
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        answered(ctx.getConnection());
        return ctx.getInvokeAction();
    }

    @Override
    public void exceptionOccurred(FilterChainContext ctx, Throwable error) {
        if (error instanceof HandshakeRefusedException refused
                && ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpRequestPacket request) {
            byte[] body = refused.reason().getBytes(StandardCharsets.UTF_8);
            HttpResponsePacket response = request.getResponse();
            response.setStatus(refused.httpStatus());
            response.setContentType("text/plain;charset=utf-8");
            response.setContentLength(body.length);
            response.setHeader("Connection", "close");
            // Grizzly closes the connection after this, gracefully: the response is flushed first.
            ctx.write(HttpContent.builder(response)
                    .content(Buffers.wrap(ctx.getMemoryManager(), body))
                    .last(true)
                    .build());
        }
    }

    private void answered(Connection<?> connection) {
        ScheduledFuture<?> deadline = awaitingAnswer.remove(connection);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
