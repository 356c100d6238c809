package io.switchboard.transport.tck;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A misbehaving peer on a plain {@link Socket}, for what a real WebSocket client will not do: open
 * TCP and send nothing (handshake timeout), send half a request, upgrade by hand and then stop
 * reading (slow client), or never answer pings. The server's frames are read only when a test asks,
 * so a client that is not asked never reads.
 *
 * <h2>Threading</h2>
 * Not thread-safe: one test thread uses it.
 */
public final class RawSocketClient implements AutoCloseable {

    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;

    private final URI uri;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();
    private boolean upgraded;
    private String responseHead = "";
    private long bytesRead;
    private int framesRead;

    private RawSocketClient(URI uri, Socket socket) throws IOException {
        this.uri = uri;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a TCP connection to the server of {@code uri} and sends nothing.
     *
     * @param uri the server's {@code ws://} URI
     * @return the client
     * @throws IOException if the connection cannot be opened
     */
    public static RawSocketClient open(URI uri) throws IOException {
        return open(uri, 0);
    }

    /**
     * Opens a TCP connection with a small receive buffer, so that a client that stops reading
     * fills up quickly.
     *
     * @param uri the server's {@code ws://} URI
     * @param receiveBufferBytes the socket's receive buffer; 0 keeps the system's default
     * @return the client
     * @throws IOException if the connection cannot be opened
     */
    public static RawSocketClient open(URI uri, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            // Must be set before connecting to shrink the TCP window the peer sees.
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        socket.setTcpNoDelay(true);
        return new RawSocketClient(uri, socket);
    }

    /**
     * Sends raw bytes, for example half an HTTP request.
     *
     * @param ascii the bytes, as ASCII text
     * @throws IOException if writing fails
     */
    public void sendRaw(String ascii) throws IOException {
        out.write(ascii.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Performs the WebSocket upgrade by hand and reads the response head (and nothing more).
     *
     * @param headers extra request headers, for example {@code Authorization}
     * @return the HTTP status of the response (101 when upgraded)
     * @throws IOException if the exchange fails
     */
    public int upgrade(Map<String, String> headers) throws IOException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                .append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce))
                .append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        sendRaw(request.append("\r\n").toString());
        return readStatus();
    }

    private int readStatus() throws IOException {
        socket.setSoTimeout(5_000);
        String head = readHead();
        responseHead = head;
        String[] statusLine = head.split("\r\n", 2)[0].split(" ");
        if (statusLine.length < 2) {
            throw new IOException("malformed status line: " + head.split("\r\n", 2)[0]);
        }
        int status = Integer.parseInt(statusLine[1]);
        upgraded = status == 101;
        return status;
    }

    /**
     * Sends an upgrade request written by the caller, for the handshake rules: any method, and
     * exactly the header lines given after {@code Host} (none is added). Reads the response head.
     *
     * @param method the request method, for example {@code "POST"}
     * @param headerLines the header lines, for example {@code "Sec-WebSocket-Version: 8"}
     * @return the HTTP status of the response (101 when upgraded)
     * @throws IOException if the exchange fails
     */
    public int request(String method, List<String> headerLines) throws IOException {
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                .append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        headerLines.forEach(line -> request.append(line).append("\r\n"));
        if (!method.equals("GET")) {
            // A body-less request with a method that may carry one says so, or a server waits.
            request.append("Content-Length: 0\r\n");
        }
        sendRaw(request.append("\r\n").toString());
        return readStatus();
    }

    /**
     * {@code text} as one permessage-deflate message (RFC 7692): raw deflate, sync-flushed, without
     * the four-byte tail; send it with RSV1 set.
     *
     * @param text the message
     * @return the compressed payload
     */
    public static byte[] deflate(String text) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(
                java.util.zip.Deflater.BEST_COMPRESSION, true);
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, java.util.zip.Deflater.SYNC_FLUSH);
            compressed.write(chunk, 0, n);
        } while (n == chunk.length || !deflater.needsInput());
        deflater.end();
        byte[] bytes = compressed.toByteArray();
        return java.util.Arrays.copyOf(bytes, bytes.length - 4);
    }

    /**
     * A fresh, valid {@code Sec-WebSocket-Key}: the base64 form of 16 random bytes.
     *
     * @return the key
     */
    public String newKey() {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * A header of the upgrade response.
     *
     * @param name the header name, in any case
     * @return its first value, or empty
     */
    public Optional<String> responseHeader(String name) {
        for (String line : responseHead.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    /**
     * Sends a masked text frame, as a client must.
     *
     * @param text the frame's text
     * @throws IOException if writing fails
     */
    public void sendText(String text) throws IOException {
        sendFrame(OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a masked ping frame.
     *
     * @param payload at most 125 bytes
     * @throws IOException if writing fails
     */
    public void sendPing(byte[] payload) throws IOException {
        sendFrame(OPCODE_PING, payload);
    }

    /**
     * Sends one masked, final frame.
     *
     * @param opcode the opcode (1 text, 2 binary, 8 close, 9 ping, 10 pong)
     * @param payload the unmasked payload
     * @throws IOException if writing fails
     */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        sendFrame(opcode, false, payload);
    }

    /**
     * Sends one masked, final frame, optionally with the RSV1 bit (a permessage-deflate
     * compressed message).
     *
     * @param opcode the opcode
     * @param rsv1 whether to set RSV1
     * @param payload the unmasked payload
     * @throws IOException if writing fails
     */
    public void sendFrame(int opcode, boolean rsv1, byte[] payload) throws IOException {
        sendRawFrame(0x80 | (rsv1 ? 0x40 : 0) | opcode, true, payload);
    }

    /**
     * Sends one frame exactly as described, for the framing rules: the first byte as given (FIN,
     * RSV1-3 and the opcode), masked or not, with any payload length, even one a control frame may
     * not have.
     *
     * @param firstByte FIN (0x80), RSV1 (0x40), RSV2 (0x20), RSV3 (0x10) and the opcode
     * @param masked whether to mask the payload, as a client must
     * @param payload the unmasked payload
     * @throws IOException if writing fails
     */
    public void sendRawFrame(int firstByte, boolean masked, byte[] payload) throws IOException {
        out.write(encodeFrame(firstByte, masked, payload));
        out.flush();
    }

    /**
     * The bytes of one frame as {@link #sendRawFrame} sends it, for a caller
     * that writes many frames at once.
     *
     * @param firstByte FIN, RSV1-3 and the opcode
     * @param masked whether to mask the payload
     * @param payload the unmasked payload
     * @return the frame on the wire
     */
    public byte[] encodeFrame(int firstByte, boolean masked, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        if (masked) {
            random.nextBytes(mask);
            frame.write(mask, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /**
     * Writes bytes already encoded (see {@link #encodeFrame}) in one call.
     *
     * @param bytes the frames
     * @throws IOException if writing fails, for example because the server closed the connection
     */
    public void sendEncoded(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Completes a closing handshake the server started: reads up to the server's close frame,
     * answers it with a masked close frame echoing its code, as a client must, and waits for the
     * server to close TCP. This is how a case shows both that the server closed with the right
     * code and that the handshake completed within a bound, not on a timer. The socket is closed
     * afterwards, as a real client closes it once the server has closed its side.
     *
     * @param within the deadline for the server's close frame and, after the answer, the end of
     *     the stream
     * @return the close frame's code and reason, and how long TCP stayed open after the answer
     * @throws AssertionError if the server sent no close frame, or kept TCP open, within the
     *     deadline
     * @throws IOException if the socket failed before the server closed it
     */
    public ClosingHandshake completeClosingHandshake(Duration within) throws IOException {
        RawFrame close;
        long deadline = System.nanoTime() + within.toNanos();
        do {
            long left = Math.max(1, deadline - System.nanoTime());
            close = nextFrame(Duration.ofNanos(left));
        } while (close.opcode() != OPCODE_CLOSE);
        byte[] answer = close.payload().length >= 2
                ? new byte[] {close.payload()[0], close.payload()[1]} : new byte[0];
        long answered = System.nanoTime();
        try {
            sendRawFrame(0x80 | OPCODE_CLOSE, true, answer);
        } catch (IOException alreadyClosed) {
            // The server may drop TCP right after its close frame; the stream's end below shows it.
        }
        Duration open = awaitEndOfStream(within);
        // As a real client does once the server has closed its side.
        close();
        return new ClosingHandshake(close.closeCode(), close.closeReason(), open,
                Duration.ofNanos(System.nanoTime() - answered));
    }

    /**
     * Waits until the server closes TCP, discarding whatever it still sends.
     *
     * @param within the deadline
     * @return how long it took
     * @throws AssertionError if TCP is still open at the deadline
     */
    public Duration awaitEndOfStream(Duration within) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        try {
            do {
                readUntil(deadline);
            } while (in.read() >= 0);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept TCP open for more than " + within);
        } catch (IOException reset) {
            // A reset ends the stream too.
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Reads the server's next frame (after {@link #upgrade}). Pings are returned like any frame and
     * never answered.
     *
     * @param within the deadline
     * @return the frame
     * @throws IOException if the socket fails or closes
     * @throws AssertionError if no frame arrives in time
     */
    public RawFrame nextFrame(Duration within) throws IOException {
        requireUpgraded();
        socket.setSoTimeout(timeoutMillis(within));
        try {
            return readFrame();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame within " + within + " after " + framesRead
                    + " frames (" + bytesRead + " bytes)", e);
        }
    }

    /**
     * Reads (and discards) whatever the server sends until it closes: a close frame, the end of the
     * stream, or a reset. This is how a test sees that the server dropped this client.
     *
     * @param within the deadline
     * @return how the server closed
     * @throws AssertionError if the server has not closed within the deadline
     */
    public ServerClose awaitServerClose(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (true) {
                readUntil(deadline);
                if (upgraded) {
                    RawFrame frame = readFrame();
                    if (frame.opcode() == OPCODE_CLOSE) {
                        return ServerClose.frame(frame.closeCode(), bytesRead);
                    }
                } else if (readByte() < 0) {
                    return ServerClose.endOfStream(bytesRead);
                }
            }
        } catch (EOFException e) {
            return ServerClose.endOfStream(bytesRead);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + within
                    + "; read " + framesRead + " frames, " + bytesRead + " bytes");
        } catch (IOException e) {
            // A reset (or any other failure) means the server dropped the socket.
            return ServerClose.reset(bytesRead);
        }
    }

    /** Drops the connection with a TCP reset (SO_LINGER 0) instead of a FIN. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // Already closed: nothing to reset.
        }
        close();
    }

    /** Closes the socket. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: the test is over with this client.
        }
    }

    // ---- internals ----------------------------------------------------------------------------

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        // Byte by byte, so that no frame byte after the head is consumed here.
        while (matched < 4) {
            int b = readByte();
            if (b < 0) {
                throw new EOFException("connection closed during the upgrade response");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2))
                    || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private RawFrame readFrame() throws IOException {
        int first = readByteOrEof();
        int second = readByteOrEof();
        long length = second & 0x7f;
        if (length == 126) {
            length = ((long) readByteOrEof() << 8) | readByteOrEof();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByteOrEof();
            }
        }
        if (length > Integer.MAX_VALUE) {
            throw new IOException("frame of " + length + " bytes");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("connection closed inside a frame");
        }
        bytesRead += length;
        framesRead++;
        return new RawFrame(first & 0x0f, (first & 0x80) != 0, (first & 0x40) != 0, payload);
    }

    private int readByteOrEof() throws IOException {
        int b = readByte();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b >= 0) {
            bytesRead++;
        }
        return b;
    }

    private void requireUpgraded() {
        if (!upgraded) {
            throw new IllegalStateException("upgrade() has not succeeded");
        }
    }

    // The next read may block until the deadline, not after it.
    private void readUntil(long deadlineNanos) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException();
        }
        socket.setSoTimeout(timeoutMillis(Duration.ofNanos(left)));
    }

    private static int timeoutMillis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    /**
     * One frame the server sent.
     *
     * @param opcode the opcode
     * @param fin whether it is the last frame of its message
     * @param rsv1 whether RSV1 is set (a permessage-deflate compressed message)
     * @param payload the payload
     */
    public record RawFrame(int opcode, boolean fin, boolean rsv1, byte[] payload) {

        /**
         * The payload as UTF-8 text.
         *
         * @return the text
         */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /**
         * The code of a close frame.
         *
         * @return the code, or 1005 if the close frame carried none
         */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        /**
         * The reason text of a close frame.
         *
         * @return the text after the code, or empty
         */
        public String closeReason() {
            return payload.length > 2
                    ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    /**
     * A closing handshake as the client saw it.
     *
     * @param code the server's close code (1005 if its close frame had none)
     * @param reason the server's close reason
     * @param tcpOpenAfterAnswer how long TCP stayed open after the client answered
     * @param total from the answer to the end of the stream, including reading what was left
     */
    public record ClosingHandshake(int code, String reason, Duration tcpOpenAfterAnswer,
            Duration total) {
    }

    /**
     * How the server ended the connection.
     *
     * @param how {@code "close frame"}, {@code "end of stream"} or {@code "reset"}
     * @param closeCode the close frame's code, or -1 if there was no close frame
     * @param bytesRead how many bytes the client read in all
     */
    public record ServerClose(String how, int closeCode, long bytesRead) {

        static ServerClose frame(int code, long bytesRead) {
            return new ServerClose("close frame", code, bytesRead);
        }

        static ServerClose endOfStream(long bytesRead) {
            return new ServerClose("end of stream", -1, bytesRead);
        }

        static ServerClose reset(long bytesRead) {
            return new ServerClose("reset", -1, bytesRead);
        }

        /**
         * Validates the record.
         *
         * @param how how the server ended the connection: a close frame, the end of the stream,
         *     or a reset
         * @param closeCode the close frame's code, or -1 if there was no close frame
         * @param bytesRead how many bytes the client read in all
         */
        public ServerClose {
            Objects.requireNonNull(how, "how");
        }
    }
}
