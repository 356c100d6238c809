package io.switchboard.transport.undertow;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.ChannelListener;

/**
 * Reads one whole data message (all its fragments) from Undertow, keeping at most
 * {@code maxBytes}. Undertow's own buffered messages check their limit per frame only, so a
 * message sent in many small fragments would grow without bound; this reader counts the whole
 * message, after decompression.
 *
 * <p>Past the limit it reports {@link Sink#tooBig()} once, stops keeping bytes, and goes on reading
 * and discarding the rest of the message, so that the peer's answer to the 1009 close can still be
 * read. Runs on the connection's I/O thread; one reader per message.
 */
final class MessageReader implements ChannelListener<StreamSourceFrameChannel> {

    /** Where a read message goes. Called on the connection's I/O thread. */
    interface Sink {
        /**
         * The whole message, within the limit.
         *
         * @param message its bytes
         */
        void message(byte[] message);

        /** The message exceeded the limit; nothing else is reported for it. */
        void tooBig();

        /**
         * Reading failed.
         *
         * @param error the failure
         */
        void failed(IOException error);
    }

    private final long maxBytes;
    private final boolean keep;
    private final Sink sink;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long size;
    private boolean overflowed;
    private byte[] chunk;

    /**
     * Creates a reader.
     *
     * @param maxBytes the largest message accepted
     * @param keep whether the bytes are needed (a binary message is only measured)
     * @param sink where the outcome goes
     */
    MessageReader(long maxBytes, boolean keep, Sink sink) {
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.sink = sink;
    }

    /**
     * Starts reading; continues asynchronously when the channel has no data yet.
     *
     * @param channel the message's channel
     */
    void start(StreamSourceFrameChannel channel) {
        handleEvent(channel);
    }

    @Override
    public void handleEvent(StreamSourceFrameChannel channel) {
        try (PooledByteBuffer pooled = channel.getWebSocketChannel().getBufferPool().allocate()) {
            ByteBuffer buffer = pooled.getBuffer();
            while (true) {
                buffer.clear();
                int read = channel.read(buffer);
                if (read == 0) {
                    channel.getReadSetter().set(this);
                    channel.resumeReads();
                    return;
                }
                if (read < 0) {
                    if (!overflowed) {
                        sink.message(bytes.toByteArray());
                    }
                    return;
                }
                accept(buffer, read);
            }
        } catch (IOException e) {
            channel.suspendReads();
            sink.failed(e);
        }
    }

    private void accept(ByteBuffer buffer, int read) {
        if (overflowed) {
            return;
        }
        size += read;
        if (size > maxBytes) {
            overflowed = true;
            bytes.reset();
            sink.tooBig();
            return;
        }
        if (keep) {
            buffer.flip();
            // Undertow's pool hands out direct buffers: copy through a small heap chunk.
            if (chunk == null || chunk.length < read) {
                chunk = new byte[Math.max(read, 8192)];
            }
            buffer.get(chunk, 0, read);
            bytes.write(chunk, 0, read);
        }
    }
}
