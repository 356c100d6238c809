package io.switchboard.transport.jakarta;

import io.switchboard.core.handshake.HandshakeRequest;
import io.switchboard.core.handshake.UpgradeDecision;
import io.switchboard.core.handshake.UpgradeRules;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
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
 *   <li>RFC 6455's handshake rules before Tyrus sees the request ({@link UpgradeRules}, the same
 *       every transport applies): Tyrus upgrades a {@code POST}, answers a missing
 *       {@code Sec-WebSocket-Key} with 500 and never checks the key's form; here they get 405,
 *       400 and 400 (authentication stays with the adapter's {@code modifyHandshake});
 *   <li>a deadline: a connection that has not been answered (101 or an error) within the handshake
 *       timeout of being accepted is closed;
 *   <li>a refused handshake ({@link HandshakeRefusedException} thrown from the adapter's
 *       {@code modifyHandshake}) is answered with its HTTP status instead of a bare close;
 *   <li>Tyrus's own handshake errors (403 for a refused origin) get the {@code Content-Length: 0}
 *       they lack, so clients see the end of the response.
 * </ul>
 */
final class GrizzlyHandshakePolicy extends BaseFilter {

    private static final String CHECKED = GrizzlyHandshakePolicy.class.getName() + ".checked";

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
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpRequestPacket request
                && request.getHeader("Upgrade") != null
                && request.getAttribute(CHECKED) == null) {
            request.setAttribute(CHECKED, Boolean.TRUE);
            Optional<UpgradeDecision.Refuse> broken = UpgradeRules.check(HandshakeRequest.of(
                    request.getMethod().getMethodString(), URI.create(request.getRequestURI()),
                    headers(request), null));
            if (broken.isPresent()) {
                UpgradeDecision.Refuse refusal = broken.get();
                respond(ctx, request, refusal.httpStatus(), refusal.reason(), refusal.headers());
                return ctx.getStopAction();
            }
        }
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
            respond(ctx, request, refused.httpStatus(), refused.reason(), refused.headers());
        }
    }

    // Answers with a status and a short body, and closes the connection once it is flushed.
    private static void respond(FilterChainContext ctx, HttpRequestPacket request, int status,
            String reason, Map<String, String> headers) {
        byte[] body = reason.getBytes(StandardCharsets.UTF_8);
        HttpResponsePacket response = request.getResponse();
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(body.length);
        response.setHeader("Connection", "close");
        headers.forEach(response::setHeader);
        Connection<?> connection = ctx.getConnection();
        ctx.write(HttpContent.builder(response)
                .content(Buffers.wrap(ctx.getMemoryManager(), body))
                .last(true)
                .build(), new EmptyCompletionHandler<>() {
                    // Grizzly's write hands its handler a raw WriteResult.
                    @SuppressWarnings("rawtypes")
                    @Override
                    public void completed(WriteResult result) {
                        connection.closeSilently();
                    }
                });
    }

    private static Map<String, List<String>> headers(HttpRequestPacket request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : request.getHeaders().names()) {
            List<String> values = headers.computeIfAbsent(name, n -> new ArrayList<>());
            request.getHeaders().values(name).forEach(values::add);
        }
        return headers;
    }

    private void answered(Connection<?> connection) {
        ScheduledFuture<?> deadline = awaitingAnswer.remove(connection);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
