package io.switchboard.transport.tck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A real WebSocket client, on the JDK's {@link java.net.http.WebSocket}, that records everything it
 * receives so that a test reads as a story: {@code nextFrame("welcome")}, then
 * {@code nextClose()}. Every wait has a deadline and fails with a message listing what did arrive.
 *
 * <p>Text frames are parsed as JSON. Text and binary frames, the close and transport errors go
 * into one ordered queue; pings and pongs go into queues of their own, so that control frames
 * never disturb the order of the protocol's frames. The JDK answers every ping with a pong on its
 * own; this client never sends anything else unless told to.
 *
 * <h2>Threading</h2>
 * The JDK's threads fill the queues; any one test thread reads them. {@link #send(String)} waits
 * until the frame is handed to the socket, so one thread per client may send at a time.
 */
public final class WebSocketRecorder implements AutoCloseable {

    /** How long every {@code next...} method waits unless the builder says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final WebSocket socket;
    private final Duration timeout;
    private final Recording recording;
    private volatile String connectionId;

    private WebSocketRecorder(WebSocket socket, Duration timeout, Recording recording) {
        this.socket = socket;
        this.timeout = timeout;
        this.recording = recording;
    }

    /**
     * Starts describing a client of {@code uri}.
     *
     * @param uri the server's {@code ws://} URI
     * @return a builder
     */
    public static Builder to(URI uri) {
        return new Builder(uri);
    }

    // ---- reading ------------------------------------------------------------------------------

    /**
     * Waits for the next text frame.
     *
     * @return the frame, parsed
     * @throws AssertionError if a close, an error or a binary frame comes first, or nothing within
     *     the deadline
     */
    public JsonNode nextFrame() {
        Event event = next("a text frame");
        if (event instanceof Event.Text text && text.json() != null) {
            return text.json();
        }
        throw failure("expected a JSON text frame but got " + event.describe());
    }

    /**
     * Waits for the next text frame and checks its {@code type}.
     *
     * @param type the expected {@code type}
     * @return the frame
     * @throws AssertionError if the next frame is of another type, or as {@link #nextFrame()}
     */
    public JsonNode nextFrame(String type) {
        Event event = next("a '" + type + "' frame");
        if (event instanceof Event.Text text && text.json() != null
                && type.equals(text.json().path("type").asText(null))) {
            return text.json();
        }
        throw failure("expected a '" + type + "' frame but got " + event.describe());
    }

    /**
     * Waits for the server's close frame.
     *
     * @return the close code and reason
     * @throws AssertionError if anything else comes first, or nothing within the deadline
     */
    public Close nextClose() {
        return nextClose(timeout);
    }

    /**
     * Waits up to {@code within} for the server's close frame.
     *
     * @param within the deadline
     * @return the close code and reason
     * @throws AssertionError if anything else comes first, or nothing in time
     */
    public Close nextClose(Duration within) {
        Event event = next("the close frame", within);
        if (event instanceof Event.Closed closed) {
            return closed.close();
        }
        throw failure("expected the close frame but got " + event.describe());
    }

    /**
     * Waits for the next thing the connection reports, whatever it is: a frame, the close or an
     * error. For cases that accept several outcomes.
     *
     * @param within the deadline
     * @return the event
     */
    public Event nextEvent(Duration within) {
        return next("any frame, close or error", within);
    }

    /**
     * Waits for a ping from the server (which the JDK has answered with a pong).
     *
     * @return the ping's payload
     */
    public byte[] nextPing() {
        return poll(recording.pings, "a ping", timeout);
    }

    /**
     * Waits for a pong from the server.
     *
     * @return the pong's payload
     */
    public byte[] nextPong() {
        return poll(recording.pongs, "a pong", timeout);
    }

    /**
     * Checks that nothing (no frame, close or error) arrives for {@code quiet}. Use sparingly: it
     * always takes the whole duration.
     *
     * @param quiet how long to watch
     * @throws AssertionError if anything arrives
     */
    public void assertNoMoreFramesWithin(Duration quiet) {
        Event event;
        try {
            event = recording.events.poll(quiet.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (event != null) {
            throw failure("expected nothing for " + quiet + " but got " + event.describe());
        }
    }

    /**
     * Waits for the welcome frame and remembers its connection id.
     *
     * @return the connection id the server announced
     */
    public String awaitWelcome() {
        JsonNode welcome = nextFrame("welcome");
        String id = welcome.path("connection_id").asText("");
        if (id.isEmpty()) {
            throw failure("the welcome frame has no connection_id: " + welcome);
        }
        connectionId = id;
        return id;
    }

    /**
     * The connection id from the welcome frame.
     *
     * @return the id
     * @throws IllegalStateException if {@link #awaitWelcome()} has not run
     */
    public String connectionId() {
        String id = connectionId;
        if (id == null) {
            throw new IllegalStateException("awaitWelcome() has not been called");
        }
        return id;
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Sends a text frame and waits until the JDK has written it.
     *
     * @param text the frame
     */
    public void send(String text) {
        await(socket.sendText(text, true), "sending a text frame");
    }

    /**
     * Sends one text message as several frames (a fragmented message), waiting for each.
     *
     * @param parts the fragments, in order; the last one ends the message
     */
    public void sendFragments(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            await(socket.sendText(parts[i], i == parts.length - 1), "sending a fragment");
        }
    }

    /**
     * Sends a binary frame and waits until it is written.
     *
     * @param bytes the payload
     */
    public void sendBinary(byte[] bytes) {
        await(socket.sendBinary(ByteBuffer.wrap(bytes), true), "sending a binary frame");
    }

    /**
     * Sends a ping control frame and waits until it is written.
     *
     * @param payload at most 125 bytes
     */
    public void ping(byte[] payload) {
        await(socket.sendPing(ByteBuffer.wrap(payload)), "sending a ping");
    }

    /**
     * Starts the closing handshake from the client side.
     *
     * @param code the close code
     * @param reason the reason
     */
    public void close(int code, String reason) {
        await(socket.sendClose(code, reason), "sending a close frame");
    }

    /** Drops the TCP connection without a closing handshake. */
    public void abort() {
        socket.abort();
    }

    /**
     * Everything received so far, in order, described briefly (for failure messages).
     *
     * @return the descriptions
     */
    public List<String> history() {
        return recording.history();
    }

    /** Aborts the connection if it is still open. */
    @Override
    public void close() {
        socket.abort();
    }

    // ---- internals ----------------------------------------------------------------------------

    private Event next(String what) {
        return next(what, timeout);
    }

    private Event next(String what, Duration within) {
        Event event;
        try {
            event = recording.events.poll(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
        if (event == null) {
            throw failure("expected " + what + " within " + within + " but nothing arrived");
        }
        return event;
    }

    private <T> T poll(BlockingQueue<T> queue, String what, Duration within) {
        try {
            T item = queue.poll(within.toNanos(), TimeUnit.NANOSECONDS);
            if (item == null) {
                throw failure("expected " + what + " within " + within + " but none arrived");
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    private void await(CompletionStage<WebSocket> stage, String what) {
        try {
            stage.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(what + " failed: " + e, e);
        }
    }

    private AssertionError failure(String message) {
        String id = connectionId == null ? "" : " (connection " + connectionId + ")";
        return new AssertionError(message + id + "; received so far: " + recording.history());
    }

    // ---- recorded events --------------------------------------------------------------------

    /** Something the connection reported, in the order it happened. */
    public sealed interface Event {
        /**
         * A short description for failure messages.
         *
         * @return the description
         */
        String describe();

        /**
         * A text frame.
         *
         * @param raw the frame's text
         * @param json the parsed frame, or null if it is not JSON
         */
        record Text(String raw, JsonNode json) implements Event {
            @Override
            public String describe() {
                return json == null ? "non-JSON text (" + raw.length() + " chars)"
                        : "'" + json.path("type").asText("?") + "' frame";
            }
        }

        /**
         * A binary frame.
         *
         * @param bytes its size
         */
        record Binary(int bytes) implements Event {
            @Override
            public String describe() {
                return "binary frame (" + bytes + " bytes)";
            }
        }

        /**
         * The server's close frame.
         *
         * @param close its code and reason
         */
        record Closed(Close close) implements Event {
            @Override
            public String describe() {
                return "close " + close.code() + " '" + close.reason() + "'";
            }
        }

        /**
         * A transport error, for example the TCP connection dropped without a close frame.
         *
         * @param error what the JDK reported
         */
        record Failure(Throwable error) implements Event {
            @Override
            public String describe() {
                return "error " + error;
            }
        }
    }

    /**
     * A close frame.
     *
     * @param code the close code
     * @param reason the reason text
     */
    public record Close(int code, String reason) {
    }

    /** The JDK listener: puts everything into queues and keeps asking for more. */
    private static final class Recording implements WebSocket.Listener {
        private final ObjectMapper json = new ObjectMapper();
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final BlockingQueue<byte[]> pings = new LinkedBlockingQueue<>();
        private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        private final List<String> history = new ArrayList<>();
        // Only the JDK's listener thread touches these, one callback at a time.
        private final StringBuilder text = new StringBuilder();
        private int binaryBytes;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String raw = text.toString();
                text.setLength(0);
                record(new Event.Text(raw, parse(raw)));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            binaryBytes += data.remaining();
            if (last) {
                record(new Event.Binary(binaryBytes));
                binaryBytes = 0;
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.add(bytes(message));
            note("ping");
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(bytes(message));
            note("pong");
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            record(new Event.Closed(new Close(statusCode, reason)));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            record(new Event.Failure(error));
        }

        private void record(Event event) {
            note(event.describe());
            events.add(event);
        }

        private void note(String description) {
            synchronized (history) {
                history.add(description);
            }
        }

        private List<String> history() {
            synchronized (history) {
                return List.copyOf(history);
            }
        }

        private JsonNode parse(String raw) {
            try {
                return json.readTree(raw);
            } catch (JsonProcessingException e) {
                return null;
            }
        }

        private static byte[] bytes(ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            return copy;
        }
    }

    /**
     * The subprotocol the server selected in its 101 answer.
     *
     * @return the subprotocol, or an empty string if none was selected
     */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Describes a client before it connects. Not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private List<String> subprotocols = List.of();
        private HttpClient httpClient;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Consumer<WebSocketRecorder> onConnect = client -> { };

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /**
         * Adds a request header to the upgrade request.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /**
         * Sends {@code Authorization: Bearer <token>}.
         *
         * @param token the token (for the {@link KitAuthenticator}, the user id)
         * @return this builder
         */
        public Builder bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        /**
         * Sends a {@code Cookie} header with one cookie.
         *
         * @param name the cookie's name
         * @param value its value
         * @return this builder
         */
        public Builder cookie(String name, String value) {
            return header("Cookie", name + "=" + value);
        }

        /**
         * Sends an {@code Origin} header, as a browser would.
         *
         * @param origin the origin, sent verbatim
         * @return this builder
         */
        public Builder origin(String origin) {
            return header("Origin", origin);
        }

        /**
         * Offers WebSocket subprotocols ({@code Sec-WebSocket-Protocol}), most wanted first.
         *
         * @param offered the subprotocols
         * @return this builder
         */
        public Builder subprotocols(String... offered) {
            this.subprotocols = List.of(offered);
            return this;
        }

        /**
         * Uses a shared HTTP client instead of creating one.
         *
         * @param client the client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * How long the handshake and every {@code next...} wait. Default {@link #DEFAULT_TIMEOUT}.
         *
         * @param value positive
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = Objects.requireNonNull(value, "timeout");
            return this;
        }

        // The kit registers every client it opens, to close it after the case.
        Builder onConnect(Consumer<WebSocketRecorder> hook) {
            this.onConnect = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Performs the handshake, which must succeed.
         *
         * @return the connected, recording client
         * @throws AssertionError if the server refused the upgrade or the connection failed
         */
        public WebSocketRecorder connect() {
            Recording recording = new Recording();
            try {
                WebSocketRecorder client =
                        new WebSocketRecorder(start(recording), timeout, recording);
                onConnect.accept(client);
                return client;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    throw new AssertionError("the upgrade to " + uri + " was refused with HTTP "
                            + refused.getResponse().statusCode(), e);
                }
                throw new AssertionError("connecting to " + uri + " failed: " + e.getCause(), e);
            }
        }

        /**
         * Performs the handshake, which must be refused.
         *
         * @return the HTTP status of the refusal
         * @throws AssertionError if the upgrade succeeded, or failed without an HTTP response
         */
        public int connectExpectingRejection() {
            Recording recording = new Recording();
            try {
                WebSocket socket = start(recording);
                socket.abort();
                throw new AssertionError("expected the upgrade to " + uri
                        + " to be refused, but it succeeded");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    return refused.getResponse().statusCode();
                }
                throw new AssertionError("expected an HTTP refusal from " + uri
                        + " but the connection failed: " + e.getCause(), e);
            }
        }

        private WebSocket start(Recording recording) throws ExecutionException {
            HttpClient client = httpClient != null ? httpClient : HttpClient.newHttpClient();
            WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(timeout);
            headers.forEach(builder::header);
            if (!subprotocols.isEmpty()) {
                builder.subprotocols(subprotocols.get(0),
                        subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
            }
            try {
                return builder.buildAsync(uri, recording)
                        .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while connecting to " + uri, e);
            } catch (TimeoutException e) {
                throw new AssertionError("no handshake answer from " + uri + " within " + timeout, e);
            }
        }
    }
}
