package io.switchboard.transport.undertow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates permessage-deflate messages (RFC 7692) one chunk at a time, keeping at most
 * {@code maxMessageBytes + 1} bytes of any one message: the extra byte tells the reader that the
 * message is too big, and the rest of that message is discarded without being inflated. Memory per
 * message is therefore bounded by the limit however well the sender compressed its data.
 *
 * <p>Keeps the peer's compression context between messages, which is correct whether or not the
 * peer resets its own. Not thread-safe: {@link BoundedDeflate} serializes access.
 */
final class BoundedInflater {

    private static final int INITIAL_BUFFER = 4096;

    // The empty stored block that ends every message, which senders strip (RFC 7692, 7.2.1).
    private final byte[] tail = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    private final long maxMessageBytes;
    private final Inflater inflater = new Inflater(true);
    private long inflated;
    private boolean discarding;

    BoundedInflater(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Whether the bytes before {@code buffer}'s position end with the stored-block tail.
     *
     * @param buffer a buffer being written
     * @return {@code true} if its last four bytes are {@code 00 00 ff ff}
     */
    static boolean endsWithTail(ByteBuffer buffer) {
        int end = buffer.position();
        return end >= 4 && buffer.get(end - 4) == 0 && buffer.get(end - 3) == 0
                && buffer.get(end - 2) == (byte) 0xff && buffer.get(end - 1) == (byte) 0xff;
    }

    /** Starts a new message. */
    void newMessage() {
        inflated = 0;
        discarding = false;
    }

    /**
     * Inflates one chunk of the current message.
     *
     * @param compressed the chunk; consumed
     * @param lastOfMessage whether the chunk ends the message
     * @return the inflated bytes, ready to read; at most {@code maxMessageBytes + 1} per message
     * @throws IOException if the data is not a valid deflate stream
     */
    ByteBuffer inflate(ByteBuffer compressed, boolean lastOfMessage) throws IOException {
        ByteBuffer out = ByteBuffer.allocate((int) Math.min(INITIAL_BUFFER, maxMessageBytes + 1));
        if (!discarding) {
            inflater.setInput(compressed);
            out = drain(out);
        }
        if (lastOfMessage) {
            if (discarding) {
                // The rest of the message was never inflated; the connection is closing anyway.
                inflater.reset();
            } else {
                inflater.setInput(tail);
                out = drain(out);
            }
            newMessage();
        }
        return out.flip();
    }

    /**
     * Whether the current message has exceeded the limit.
     *
     * @return {@code true} once more than {@code maxMessageBytes} were inflated
     */
    boolean overflowed() {
        return discarding;
    }

    /** Releases the native inflater. */
    void end() {
        inflater.end();
    }

    private ByteBuffer drain(ByteBuffer out) throws IOException {
        try {
            while (true) {
                if (!out.hasRemaining()) {
                    long allowed = maxMessageBytes + 1 - inflated;
                    out = grow(out, (int) Math.min(out.capacity() * 2L, out.capacity() + allowed));
                }
                int n = inflater.inflate(out);
                inflated += n;
                if (inflated > maxMessageBytes) {
                    discarding = true;
                    return out;
                }
                // Space left over means the inflater stopped for want of input (or at the end of
                // a final block); a full buffer may hide more output, so go round again.
                if (out.hasRemaining()) {
                    if (inflater.needsInput() || inflater.finished()) {
                        return out;
                    }
                    if (n == 0) {
                        throw new IOException("malformed compressed message");
                    }
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("malformed compressed message", e);
        }
    }

    private static ByteBuffer grow(ByteBuffer buffer, int capacity) {
        ByteBuffer larger = ByteBuffer.allocate(capacity);
        buffer.flip();
        larger.put(buffer);
        return larger;
    }
}
