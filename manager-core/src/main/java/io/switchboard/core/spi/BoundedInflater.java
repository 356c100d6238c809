package io.switchboard.core.spi;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The receiving half of permessage-deflate (RFC 7692) for one connection, with every message's
 * inflated size bounded: a transport hands it each compressed chunk as it arrives and gets at most
 * {@code maxMessageBytes + 1} bytes of any one message back. The extra byte, reported by
 * {@link #overflowed()}, tells the transport to close with 1009 ({@code CloseReason.MESSAGE_TOO_BIG});
 * the rest of that message is discarded without being inflated, so a few kilobytes of compressed
 * zeros never become megabytes in memory.
 *
 * <p>Keeps the peer's compression context from one message to the next, which is correct whether
 * or not the peer resets its own ({@code client_no_context_takeover} or not); a peer that ends its
 * deflate stream (a final block) starts a new one with its next message. Data that is not a valid
 * raw deflate stream, or asks for a preset dictionary (permessage-deflate never uses one), fails
 * with {@link InvalidDataException}, for which transports close with 1007
 * ({@code CloseReason.INVALID_PAYLOAD}).
 *
 * <h2>Threading</h2>
 * Not thread-safe: one connection's reads call it one at a time (a transport that reads on several
 * threads serializes the calls). {@link #end()} releases the native inflater; call it once the
 * connection is closed.
 */
public final class BoundedInflater {

    private static final int INITIAL_BUFFER = 4096;

    // The empty stored block that ends every message, which senders strip (RFC 7692 7.2.1).
    // Per instance: an array is never immutable.
    private final byte[] tail = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    private final long maxMessageBytes;
    private final Inflater inflater = new Inflater(true);
    private long inflated;
    private boolean overflowed;
    private boolean messageEnded;
    private boolean ended;

    /**
     * Creates the inflater of one connection.
     *
     * @param maxMessageBytes the largest inflated message accepted
     * @throws IllegalArgumentException if {@code maxMessageBytes} is not positive
     */
    public BoundedInflater(long maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Whether the bytes before {@code buffer}'s position end with the empty stored block that a
     * compressing sender strips from each message (for a transport's deflating half).
     *
     * @param buffer a buffer being written
     * @return {@code true} if its last four bytes are {@code 00 00 ff ff}
     */
    public static boolean endsWithEmptyBlock(ByteBuffer buffer) {
        int end = buffer.position();
        return end >= 4 && buffer.get(end - 4) == 0 && buffer.get(end - 3) == 0
                && buffer.get(end - 2) == (byte) 0xff && buffer.get(end - 1) == (byte) 0xff;
    }

    /**
     * Inflates one chunk of the current message.
     *
     * @param compressed the chunk; consumed whole
     * @param lastOfMessage whether the chunk ends the message (the next call starts a new one)
     * @return the inflated bytes, ready to read; together at most {@code maxMessageBytes + 1} per
     *     message
     * @throws InvalidDataException if the data is not a valid raw deflate stream
     * @throws IllegalStateException after {@link #end()}
     */
    public ByteBuffer inflate(ByteBuffer compressed, boolean lastOfMessage) {
        if (ended) {
            throw new IllegalStateException("inflater ended");
        }
        if (messageEnded) {
            messageEnded = false;
            inflated = 0;
            overflowed = false;
        }
        ByteBuffer out = ByteBuffer.allocate((int) Math.min(INITIAL_BUFFER, maxMessageBytes + 1));
        if (!overflowed) {
            out = drain(compressed, out);
        }
        compressed.position(compressed.limit());
        if (lastOfMessage) {
            if (!overflowed) {
                out = drain(ByteBuffer.wrap(tail), out);
            }
            if (overflowed || inflater.finished()) {
                // After an overflow the stream was abandoned mid-message; after a final block the
                // peer starts a new stream. The connection is closing in the first case anyway.
                inflater.reset();
            }
            messageEnded = true;
        }
        return out.flip();
    }

    /**
     * Whether the current (or just ended) message has exceeded the limit. Once it has, the rest of
     * the message is discarded; the flag clears when the next message starts.
     *
     * @return {@code true} once more than {@code maxMessageBytes} were inflated
     */
    public boolean overflowed() {
        return overflowed;
    }

    /** Releases the native inflater at once rather than at garbage collection. Idempotent. */
    public void end() {
        if (!ended) {
            ended = true;
            inflater.end();
        }
    }

    private ByteBuffer drain(ByteBuffer input, ByteBuffer out) {
        if (inflater.finished()) {
            return out; // after a final block the rest of the message carries nothing
        }
        inflater.setInput(input);
        try {
            while (true) {
                if (!out.hasRemaining()) {
                    long allowed = maxMessageBytes + 1 - inflated;
                    out = grow(out, (int) Math.min(out.capacity() * 2L, out.capacity() + allowed));
                }
                // Never more than one byte past the limit, even inside one chunk.
                int room = (int) Math.min(out.remaining(), maxMessageBytes + 1 - inflated);
                int n = inflater.inflate(out.array(), out.arrayOffset() + out.position(), room);
                out.position(out.position() + n);
                inflated += n;
                if (inflated > maxMessageBytes) {
                    overflowed = true;
                    return out;
                }
                if (n == 0) {
                    if (inflater.needsDictionary()) {
                        throw new InvalidDataException("deflate data asks for a preset dictionary");
                    }
                    if (inflater.needsInput() || inflater.finished() || out.hasRemaining()) {
                        return out;
                    }
                }
            }
        } catch (DataFormatException e) {
            throw new InvalidDataException("invalid deflate data");
        }
    }

    private static ByteBuffer grow(ByteBuffer buffer, int capacity) {
        ByteBuffer larger = ByteBuffer.allocate(capacity);
        buffer.flip();
        larger.put(buffer);
        return larger;
    }

    /**
     * Compressed data that does not inflate: the transport closes with 1007. Carries no stack
     * trace and no data; thrown on the calling (reading) thread.
     */
    public static final class InvalidDataException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InvalidDataException(String message) {
            super(message, null, false, false);
        }
    }
}
