package io.switchboard.transport.jakarta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Upgrade requests written by hand, to see exactly what the server answers on the wire. */
final class RawHttp {

    /** What came back: the bytes read, and whether the server closed the connection. */
    record Answer(String text, boolean closedByServer) {
        String statusLine() {
            int end = text.indexOf("\r\n");
            return end < 0 ? text : text.substring(0, end);
        }
    }

    private RawHttp() {
    }

    /**
     * Sends an upgrade request and reads until the server closes or 3 s pass.
     *
     * @param uri the WebSocket URI
     * @param extraHeaders header lines, each ending with CRLF
     * @return what the server sent
     */
    static Answer upgrade(URI uri, String extraHeaders) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(3000);
            String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + extraHeaders
                    + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    private static Answer readAll(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read.write(buffer, 0, n);
            }
            return new Answer(read.toString(StandardCharsets.ISO_8859_1), true);
        } catch (SocketTimeoutException stillOpen) {
            return new Answer(read.toString(StandardCharsets.ISO_8859_1), false);
        } catch (java.net.SocketException reset) {
            return new Answer(read.toString(StandardCharsets.ISO_8859_1), true);
        }
    }
}
