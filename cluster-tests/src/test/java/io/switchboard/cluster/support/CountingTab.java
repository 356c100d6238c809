package io.switchboard.cluster.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.scaling.redis.testing.Await;
import io.switchboard.transport.tck.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A browser tab that counts the way a client counts: only what reached its socket (a real
 * {@code java.net.http.WebSocket}), and per stream only its last {@code epoch} and {@code seq},
 * exactly as {@code docs/delivery.md} tells a client. It follows some threads of its user; after
 * every reconnect it resumes each stream from that cursor (or from the start if it has none),
 * and after {@code busy} it resumes again. Each event's payload names its run and number, so the
 * test can tell, per event, whether it arrived live, in a replay, twice, out of order within its
 * epoch, or not at all; a {@code recovery_failed} with a reason is recorded with the cursor the
 * tab had then, so a missing event counts as reported only if that report covered it. A 4001
 * (evicted) ends the tab, as it ends a browser's.
 *
 * <p>One reader thread per tab; the accessors are thread-safe.
 */
public final class CountingTab implements AutoCloseable {

    /** The application event type the tests emit; its payload carries {@code run} and {@code n}. */
    public static final String EVENT = "progress";

    /** Where a stream stands for this tab. */
    private static final class Cursor {
        String epoch;
        long seq;
        // Resume requests sent on this connection and not answered yet.
        int outstanding;
        // When a resume answered busy is to be sent again (nanoTime), or 0.
        long resumeAt;
    }

    /**
     * One event as the tab received it.
     *
     * @param epoch its epoch
     * @param seq its seq
     * @param replayed whether it came in answer to a resume
     */
    public record Received(String epoch, long seq, boolean replayed) {
    }

    /**
     * A {@code recovery_failed} with a reason other than {@code busy}.
     *
     * @param stream the stream
     * @param reason the reason
     * @param epoch the tab's epoch of the stream when it arrived (null if none)
     * @param seq the tab's last seq of the stream when it arrived
     * @param atMillis when it arrived
     */
    public record Report(String stream, String reason, String epoch, long seq, long atMillis) {
    }

    private final String user;
    private final List<String> threads;
    private final List<URI> targets;
    private final HttpClient http;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile WebSocketRecorder socket;
    private int next;

    // Guarded by this.
    private final Map<String, Cursor> cursors = new LinkedHashMap<>();
    private final Map<String, Received> received = new HashMap<>();
    private final List<Report> reports = new ArrayList<>();
    private final List<Integer> closeCodes = new ArrayList<>();
    private final List<String> timeline = new ArrayList<>();
    private boolean subscribedOnce;
    private int subscribed;
    private int duplicates;
    private int outOfOrder;
    private int epochJumps;
    private int connects;
    private boolean evicted;

    /**
     * Connects to {@code targets.get(0)} and subscribes to {@code threads}; reconnects to the
     * following ones in turn.
     *
     * @param user the authenticated user
     * @param threads the threads to follow
     * @param targets instances to connect to, in order of preference
     * @param http the JDK client to use
     */
    public CountingTab(String user, List<String> threads, List<URI> targets, HttpClient http) {
        this.user = user;
        this.threads = List.copyOf(threads);
        this.targets = List.copyOf(targets);
        this.http = http;
        for (String thread : threads) {
            cursors.put(stream(thread), new Cursor());
        }
        this.reader = new Thread(this::run, "tab-" + user + "-" + targets.get(0).getPort());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private String stream(String thread) {
        return user + "#" + thread;
    }

    private void run() {
        while (running) {
            WebSocketRecorder current = socket;
            if (current == null) {
                connect();
                continue;
            }
            resumeDue(current);
            WebSocketRecorder.Event event;
            try {
                event = current.nextEvent(Duration.ofMillis(50));
            } catch (AssertionError nothingYet) {
                continue;
            }
            if (event instanceof WebSocketRecorder.Event.Text text && text.json() != null) {
                handle(text.json());
            } else if (event instanceof WebSocketRecorder.Event.Closed closed) {
                ended(current, closed.close().code());
            } else if (event instanceof WebSocketRecorder.Event.Failure) {
                ended(current, 1006);
            }
        }
    }

    private void ended(WebSocketRecorder current, int code) {
        current.close();
        synchronized (this) {
            note("closed " + code);
            closeCodes.add(code);
            cursors.values().forEach(cursor -> {
                cursor.outstanding = 0;
                cursor.resumeAt = 0;
            });
            if (code == 4001) {
                evicted = true;
                running = false;
            }
        }
        socket = null;
    }

    private void connect() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (running && System.nanoTime() < deadline) {
            URI uri = targets.get(next++ % targets.size());
            try {
                WebSocketRecorder recorder = WebSocketRecorder.to(uri).bearer(user).httpClient(http)
                        .timeout(Duration.ofSeconds(2)).connect();
                recorder.awaitWelcome();
                socket = recorder;
                List<String> frames = new ArrayList<>();
                synchronized (this) {
                    connects++;
                    note("connected to " + uri.getPort());
                    for (String thread : threads) {
                        Cursor cursor = cursors.get(stream(thread));
                        if (!subscribedOnce) {
                            frames.add("{\"type\":\"subscribe\",\"thread_id\":\"" + thread + "\"}");
                        } else {
                            cursor.outstanding++;
                            frames.add(resume(thread, cursor));
                        }
                    }
                    subscribedOnce = true;
                }
                frames.forEach(frame -> send(recorder, frame));
                return;
            } catch (AssertionError | RuntimeException refused) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    // What delivery.md tells a client to send: its cursor, or the start if it has none.
    private static String resume(String thread, Cursor cursor) {
        return cursor.epoch == null
                ? "{\"type\":\"subscribe\",\"thread_id\":\"" + thread + "\",\"seq\":0}"
                : "{\"type\":\"subscribe\",\"thread_id\":\"" + thread + "\",\"epoch\":\""
                        + cursor.epoch + "\",\"seq\":" + cursor.seq + "}";
    }

    private void resumeDue(WebSocketRecorder current) {
        List<String> frames = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (String thread : threads) {
                Cursor cursor = cursors.get(stream(thread));
                if (cursor.resumeAt != 0 && now >= cursor.resumeAt) {
                    cursor.resumeAt = 0;
                    cursor.outstanding++;
                    frames.add(resume(thread, cursor));
                }
            }
        }
        frames.forEach(frame -> send(current, frame));
    }

    private void handle(JsonNode frame) {
        String type = frame.path("type").asText();
        String stream = frame.path("stream").asText();
        synchronized (this) {
            Cursor cursor = cursors.get(stream);
            switch (type) {
                case EVENT -> {
                    if (cursor != null) {
                        event(stream, cursor, frame);
                    }
                }
                case "subscribed" -> subscribed++;
                case "recovered" -> {
                    if (cursor != null && cursor.outstanding > 0) {
                        cursor.outstanding--;
                    }
                }
                case "recovery_failed" -> {
                    if (cursor != null) {
                        recoveryFailed(stream, cursor, frame);
                    }
                }
                default -> {
                    // welcome, pong...
                }
            }
        }
    }

    // Under this monitor.
    private void event(String stream, Cursor cursor, JsonNode frame) {
        JsonNode payload = frame.path("payload");
        String id = payload.path("run").asText() + ":" + payload.path("n").asInt();
        String epoch = frame.path("epoch").asText();
        long seq = frame.path("seq").asLong();
        if (epoch.equals(cursor.epoch) && seq <= cursor.seq) {
            if (received.containsKey(id)) {
                duplicates++;
                note("duplicate " + id + " at " + epoch + "/" + seq);
            } else {
                outOfOrder++;
                note("out of order " + id + " at " + epoch + "/" + seq + " after " + cursor.seq);
                received.put(id, new Received(epoch, seq, cursor.outstanding > 0));
            }
            return;
        }
        if (received.containsKey(id)) {
            duplicates++;
            note("duplicate " + id + " again at " + epoch + "/" + seq);
        } else {
            received.put(id, new Received(epoch, seq, cursor.outstanding > 0));
        }
        if (cursor.epoch != null && !epoch.equals(cursor.epoch) && seq != 1) {
            // A new epoch met in its middle, with no report: its start is missing here.
            epochJumps++;
            note("epoch " + epoch + " met at seq " + seq + " after " + cursor.epoch + "/" + cursor.seq);
        }
        cursor.epoch = epoch;
        cursor.seq = seq;
    }

    // Under this monitor.
    private void recoveryFailed(String stream, Cursor cursor, JsonNode frame) {
        String reason = frame.path("reason").asText();
        if (cursor.outstanding > 0) {
            cursor.outstanding--;
        }
        note("recovery_failed " + reason + " at " + cursor.epoch + "/" + cursor.seq + " state "
                + frame.path("epoch").asText() + "/" + frame.path("last_seq").asLong());
        if (reason.equals("busy")) {
            // Resume again, a little later.
            cursor.resumeAt = System.nanoTime() + Duration.ofMillis(100).toNanos();
            return;
        }
        reports.add(new Report(stream, reason, cursor.epoch, cursor.seq,
                System.currentTimeMillis()));
    }

    private static void send(WebSocketRecorder recorder, String frame) {
        try {
            recorder.send(frame);
        } catch (AssertionError | RuntimeException closed) {
            // The connection ended meanwhile; the reader reconnects and resumes.
        }
    }

    // Under this monitor.
    private void note(String what) {
        if (timeline.size() < 2000) {
            timeline.add((System.currentTimeMillis() % 100_000) + " " + what);
        }
    }

    /** Waits until every thread's first subscription is confirmed. */
    public void awaitSubscribed() {
        Await.until(Duration.ofSeconds(15), () -> this + " subscribed",
                () -> subscriptions() >= threads.size());
    }

    public synchronized int subscriptions() {
        return subscribed;
    }

    /** Every event received, by {@code run:n}. */
    public synchronized Map<String, Received> received() {
        return Map.copyOf(received);
    }

    public synchronized List<Report> reports() {
        return List.copyOf(reports);
    }

    public synchronized List<Integer> closeCodes() {
        return List.copyOf(closeCodes);
    }

    public synchronized int duplicates() {
        return duplicates;
    }

    public synchronized int outOfOrder() {
        return outOfOrder;
    }

    /** New epochs met past their first event without a report: missing starts. */
    public synchronized int epochJumps() {
        return epochJumps;
    }

    public synchronized int connects() {
        return connects;
    }

    public synchronized boolean evicted() {
        return evicted;
    }

    /** Whether the tab is connected and no resume of it is pending. */
    public synchronized boolean settled() {
        return socket != null && cursors.values().stream()
                .allMatch(cursor -> cursor.outstanding == 0 && cursor.resumeAt == 0);
    }

    public List<String> threads() {
        return threads;
    }

    public String user() {
        return user;
    }

    /** What happened to this tab, for a failure message. */
    public synchronized List<String> timeline() {
        return List.copyOf(timeline);
    }

    @Override
    public void close() {
        running = false;
        WebSocketRecorder current = socket;
        if (current != null) {
            current.close();
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "tab of " + user + " first on " + targets.get(0).getPort();
    }
}
