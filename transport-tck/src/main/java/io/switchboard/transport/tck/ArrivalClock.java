package io.switchboard.transport.tck;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real client (the JDK's {@code java.net.http.WebSocket}) that keeps nothing but the moment each
 * message arrived, so that a case can measure the gaps in a stream as the client saw them. It does
 * no work per message beyond a clock read, so its own pauses stay out of the figures.
 *
 * <p>Thread-safe: the JDK's listener thread records; the test thread reads copies.
 */
final class ArrivalClock implements WebSocket.Listener, AutoCloseable {

    private final Predicate<String> counts;
    private final List<Long> arrivals = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    private ArrivalClock(Predicate<String> counts) {
        this.counts = counts;
    }

    /**
     * Connects as {@code user} and records every message {@code counts} accepts.
     *
     * @param uri the server
     * @param user the bearer token
     * @param counts which messages to record (the welcome frame, for example, should not)
     * @return the connected client
     * @throws Exception if the upgrade fails
     */
    static ArrivalClock connect(URI uri, String user, Predicate<String> counts) throws Exception {
        ArrivalClock clock = new ArrivalClock(counts);
        clock.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + user)
                .buildAsync(uri, clock).get(5, TimeUnit.SECONDS);
        return clock;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        partial.append(data);
        if (last) {
            if (counts.test(partial.toString())) {
                synchronized (arrivals) {
                    arrivals.add(now);
                }
            }
            partial.setLength(0);
        }
        return null;
    }

    /**
     * How many messages were recorded so far.
     *
     * @return the count
     */
    int count() {
        synchronized (arrivals) {
            return arrivals.size();
        }
    }

    /**
     * The largest gap between consecutive arrivals that touches the window: the gap from the last
     * arrival before {@code fromNanos} to the first after it counts, and so on up to the first
     * arrival after {@code toNanos}.
     *
     * @param fromNanos the window's start, {@link System#nanoTime()} based
     * @param toNanos the window's end
     * @return the largest gap, or the whole window if nothing arrived in it
     */
    Duration largestGap(long fromNanos, long toNanos) {
        List<Long> copy;
        synchronized (arrivals) {
            copy = List.copyOf(arrivals);
        }
        long largest = 0;
        Long previous = null;
        for (long at : copy) {
            if (previous != null && at - fromNanos >= 0 && previous - toNanos <= 0) {
                largest = Math.max(largest, at - previous);
            }
            previous = at;
        }
        return largest == 0 ? Duration.ofNanos(toNanos - fromNanos) : Duration.ofNanos(largest);
    }

    @Override
    public void close() {
        WebSocket open = socket;
        if (open != null) {
            open.abort();
        }
    }
}
