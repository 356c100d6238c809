package io.switchboard.transport.jakarta;

import io.switchboard.core.CloseReason;
import java.util.Optional;

/**
 * Follows the frames a client sends on one upgraded connection from their headers alone, for what
 * Tyrus does not check: RFC 6455 5.1 (every client frame is masked, else 1002) and the message
 * limit (a data frame announcing more than {@code maxMessageBytes} closes with 1009 before its
 * payload is buffered). Payload bytes are skipped, never copied. Confined to the connection's
 * read thread.
 */
final class FrameHeaderScanner {

    private static final int MAX_HEADER = 14;

    private final long maxFramePayload;
    private final byte[] header = new byte[MAX_HEADER];
    private int headerBytes;
    private long payloadLeft;

    FrameHeaderScanner(long maxFramePayload) {
        this.maxFramePayload = maxFramePayload;
    }

    /**
     * Reads the next bytes of the stream.
     *
     * @param bytes where to read
     * @param from the first byte to read
     * @param to one past the last
     * @return the close a violation calls for, or empty
     */
    Optional<CloseReason> scan(ByteSource bytes, int from, int to) {
        int at = from;
        while (at < to) {
            if (payloadLeft > 0) {
                int skip = (int) Math.min(payloadLeft, to - at);
                payloadLeft -= skip;
                at += skip;
                continue;
            }
            header[headerBytes++] = bytes.get(at++);
            if (headerBytes < 2 || headerBytes < headerLength()) {
                continue;
            }
            if ((header[1] & 0x80) == 0) {
                return Optional.of(CloseReason.PROTOCOL_ERROR);
            }
            long length = payloadLength();
            boolean data = (header[0] & 0x08) == 0;
            if (data && length > maxFramePayload) {
                return Optional.of(CloseReason.MESSAGE_TOO_BIG);
            }
            payloadLeft = length;
            headerBytes = 0;
        }
        return Optional.empty();
    }

    private int headerLength() {
        int length = header[1] & 0x7f;
        int extended = length == 126 ? 2 : length == 127 ? 8 : 0;
        return 2 + extended + ((header[1] & 0x80) != 0 ? 4 : 0);
    }

    private long payloadLength() {
        int length = header[1] & 0x7f;
        if (length < 126) {
            return length;
        }
        int bytes = length == 126 ? 2 : 8;
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (header[2 + i] & 0xff);
        }
        // A length with its top bit set is invalid (RFC 6455 5.2); treat it as too big.
        return value < 0 ? Long.MAX_VALUE : value;
    }

    /** Random access to the bytes being scanned (a Grizzly buffer, in the filter). */
    @FunctionalInterface
    interface ByteSource {
        byte get(int index);
    }
}
