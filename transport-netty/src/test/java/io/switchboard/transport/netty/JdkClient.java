package io.switchboard.transport.netty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The JDK's WebSocket client, recording text messages and the close it receives. */
final class JdkClient implements WebSocket.Listener, AutoCloseable {

    /** The close the server sent. */
    record Close(int code, String reason) {
    }

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> close = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static JdkClient connect(URI uri, String user) {
        JdkClient client = new JdkClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + user)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, client)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        return client;
    }

    String nextText() throws InterruptedException {
        String text = texts.poll(10, TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("no text frame within 10 s");
        }
        return text;
    }

    Close awaitClose(Duration timeout) {
        return close.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            texts.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        close.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        close.completeExceptionally(error);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
