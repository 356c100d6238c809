package io.switchboard.transport.jakarta;

import io.switchboard.core.CloseReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.memory.Buffers;

/**
 * The framing rules Tyrus does not enforce, as a Grizzly filter between the HTTP codec and Tyrus's
 * WebSocket filter: once a connection is upgraded (its 101 is written), every chunk it sends is
 * followed by a {@link FrameHeaderScanner} before Tyrus sees it. An unmasked frame closes with
 * 1002; a data frame announcing more than {@code maxMessageBytes} closes with 1009 at once, where
 * Tyrus would buffer up to its 4 MiB incoming buffer and then close with 1011. The close frame is
 * written and TCP closed after it (RFC 6455 7.1.7, failing the connection); the offending chunk
 * never reaches Tyrus, whose session then ends and tells the adapter.
 */
final class GrizzlyFrameGuard extends BaseFilter {

    private final long maxFramePayload;
    private final Map<Connection<?>, FrameHeaderScanner> upgraded = new ConcurrentHashMap<>();

    GrizzlyFrameGuard(long maxFramePayload) {
        this.maxFramePayload = maxFramePayload;
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpResponsePacket response
                && response.getStatus() == 101) {
            upgraded.putIfAbsent(ctx.getConnection(), new FrameHeaderScanner(maxFramePayload));
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        FrameHeaderScanner scanner = upgraded.get(ctx.getConnection());
        if (scanner == null || !(ctx.getMessage() instanceof HttpContent content)) {
            return ctx.getInvokeAction();
        }
        Buffer bytes = content.getContent();
        Optional<CloseReason> violation =
                scanner.scan(bytes::get, bytes.position(), bytes.limit());
        if (violation.isEmpty()) {
            return ctx.getInvokeAction();
        }
        upgraded.remove(ctx.getConnection());
        fail(ctx.getConnection(), violation.get());
        return ctx.getStopAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        upgraded.remove(ctx.getConnection());
        return ctx.getInvokeAction();
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // Grizzly's Connection.write is raw-typed
    private static void fail(Connection connection, CloseReason reason) {
        byte[] text = reason.reason().getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + text.length];
        frame[0] = (byte) 0x88;
        frame[1] = (byte) (2 + text.length);
        frame[2] = (byte) (reason.code() >>> 8);
        frame[3] = (byte) reason.code();
        System.arraycopy(text, 0, frame, 4, text.length);
        connection.write(Buffers.wrap(connection.getMemoryManager(), frame),
                new EmptyCompletionHandler() {
                    @Override
                    public void completed(Object result) {
                        connection.closeSilently();
                    }

                    @Override
                    public void failed(Throwable error) {
                        connection.closeSilently();
                    }
                });
    }
}
