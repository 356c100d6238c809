package io.switchboard.transport.undertow;

import io.switchboard.core.spi.BoundedInflater;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.websockets.core.StreamSinkFrameChannel;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.extensions.ExtensionFunction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * permessage-deflate (RFC 7692) for one connection, with the inflated size of each message bounded.
 *
 * <p>Undertow's own implementation inflates each chunk of a frame completely, however large it
 * becomes, before anyone can check a limit: a few kilobytes of compressed zeros become megabytes.
 * This one inflates through a {@link BoundedInflater}, which stops a message once it exceeds
 * {@code maxMessageBytes} by one byte; the {@link MessageReader} sees the extra byte and closes
 * the connection with 1009.
 *
 * <p>The server never takes over compression context between messages (it announces
 * {@code server_no_context_takeover}); it keeps the client's context, which works whether or not
 * the client resets its own. Undertow calls reads on the connection's I/O thread and writes on the
 * sending thread; both are synchronized.
 */
final class BoundedDeflate implements ExtensionFunction {


    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final BoundedInflater inflater;

    BoundedDeflate(long maxMessageBytes) {
        this.inflater = new BoundedInflater(maxMessageBytes);
    }

    @Override
    public boolean hasExtensionOpCode() {
        return false;
    }

    @Override
    public int writeRsv(int rsv) {
        return rsv | RSV1;
    }

    @Override
    public synchronized PooledByteBuffer transformForWrite(PooledByteBuffer pooled,
            StreamSinkFrameChannel channel, boolean lastFrame) {
        ByteBuffer input = pooled.getBuffer();
        ByteBuffer out = ByteBuffer.allocate(Math.max(64, input.remaining() / 2 + 64));
        int flush = lastFrame ? Deflater.SYNC_FLUSH : Deflater.NO_FLUSH;
        try {
            deflater.setInput(input);
            do {
                if (!out.hasRemaining()) {
                    out = grow(out, out.capacity() * 2);
                }
                deflater.deflate(out, flush);
            } while (!deflater.needsInput() || !out.hasRemaining());
        } finally {
            pooled.close();
        }
        if (lastFrame) {
            // RFC 7692 7.2.1: the sync flush's empty block is not sent.
            if (out.position() >= 4 && BoundedInflater.endsWithEmptyBlock(out)) {
                out.position(out.position() - 4);
            }
            deflater.reset();
        }
        return new ImmediatePooledByteBuffer(out.flip());
    }

    @Override
    public synchronized PooledByteBuffer transformForRead(PooledByteBuffer pooled,
            StreamSourceFrameChannel channel, boolean lastFragmentOfMessage) throws IOException {
        if ((channel.getRsv() & RSV1) == 0) {
            return pooled;
        }
        ByteBuffer out;
        try {
            out = inflater.inflate(pooled.getBuffer(), lastFragmentOfMessage);
        } catch (BoundedInflater.InvalidDataException e) {
            throw new IOException("malformed compressed message", e);
        } finally {
            pooled.close();
        }
        return new ImmediatePooledByteBuffer(out);
    }

    @Override
    public synchronized void dispose() {
        deflater.end();
        inflater.end();
    }

    private static ByteBuffer grow(ByteBuffer buffer, int capacity) {
        ByteBuffer larger = ByteBuffer.allocate(capacity);
        buffer.flip();
        larger.put(buffer);
        return larger;
    }
}
