package io.switchboard.transport.netty;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A bare WebSocket client on a plain socket, for what the JDK client cannot do: offer
 * permessage-deflate, send hand-made compressed frames, stay silent during the handshake. Reads
 * with a timeout so that a test never hangs. One thread only.
 */
final class RawWebSocket implements AutoCloseable {

    static final int TEXT = 1;
    static final int CLOSE = 8;
    static final int PING = 9;
    static final int PONG = 10;
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    /** A frame from the server, payload already inflated when it was compressed. */
    record Frame(int opcode, boolean compressed, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    /** The upgrade response's status line and headers (names in lower case). */
    record Response(int status, Map<String, String> headers) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Inflater serverInflater = new Inflater(true);
    private final Deflater clientDeflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawWebSocket connect(int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        return new RawWebSocket(socket);
    }

    /** Sends an upgrade request for {@code path} with the given extra header lines and reads the answer. */
    Response upgrade(String path, String... headerLines) throws IOException {
        return upgradeWithHost(path, "127.0.0.1:" + socket.getPort(), headerLines);
    }

    /** Sends an upgrade request for {@code path} with {@code host} as its Host and reads the answer. */
    Response upgradeWithHost(String path, String host, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key()).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        writeRaw(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        return readResponseHead();
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one masked, final frame. */
    void sendFrame(int opcode, boolean rsv1, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | (rsv1 ? 0x40 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        writeRaw(frame.toByteArray());
    }

    /** Sends a text message compressed as permessage-deflate prescribes (RSV1, tail stripped). */
    void sendCompressedText(String text) throws IOException {
        sendFrame(TEXT, true, deflate(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The compressed payload of one message, with the client's context carried over. */
    byte[] deflate(byte[] message) {
        clientDeflater.setInput(message);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = clientDeflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            compressed.write(chunk, 0, n);
        } while (n == chunk.length || !clientDeflater.needsInput());
        byte[] bytes = compressed.toByteArray();
        // RFC 7692 7.2.1: strip the trailing empty stored block.
        return java.util.Arrays.copyOf(bytes, bytes.length - TAIL.length);
    }

    /** Reads the next frame, failing if none arrives before the read timeout. */
    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        boolean compressed = (b0 & 0x40) != 0;
        return new Frame(b0 & 0x0f, compressed, compressed ? inflate(payload) : payload);
    }

    /** Whether the server closed TCP: end of stream, or a reset, within the read timeout. */
    boolean awaitEndOfStream() throws IOException {
        try {
            while (in.read() >= 0) {
                // skip whatever the server still sends
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private byte[] inflate(byte[] payload) throws IOException {
        byte[] input = java.util.Arrays.copyOf(payload, payload.length + TAIL.length);
        System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
        serverInflater.setInput(input);
        ByteArrayOutputStream inflated = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = serverInflater.inflate(chunk)) > 0) {
                inflated.write(chunk, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("server sent invalid deflate data", e);
        }
        return inflated.toByteArray();
    }

    private Response readResponseHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        InputStream raw = in;
        int matched = 0;
        while (matched < 4) {
            int b = raw.read();
            if (b < 0) {
                throw new EOFException("connection closed before the response head ended: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return new Response(status, headers);
    }

    private static String key() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    @Override
    public void close() throws IOException {
        serverInflater.end();
        clientDeflater.end();
        socket.close();
    }
}
