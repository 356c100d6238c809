package io.switchboard.cluster.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.transport.tck.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * <p>Streamed answers are assembled as delivery.md tells a client: each {@code message_delta}'s
 * text is appended to its message (a {@code tool_call_delta}'s to its tool call's arguments),
 * and a frame with {@code seq_from} stands for every seq from {@code seq_from} to {@code seq}.
 * The tests' deltas are one token each ({@link #token}), naming
 * its run and step, so a merged frame of seqs {@code a..b} carries exactly {@code b - a + 1}
 * tokens, the one at {@code a + i} being the i-th: each token is counted like an event, and the
 * assembled text of each message can be checked character by character.
 *
 * <p>One reader thread per tab; the accessors are thread-safe.
 */
public final class CountingTab implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(5);

    /** The application event type the tests emit; its payload carries {@code run} and {@code n}. */
    public static final String EVENT = "progress";

    // A token: «run:n», non-ASCII on purpose (UTF-8 bytes and UTF-16 characters differ).
    private static final Pattern TOKEN = Pattern.compile("«([^:»]+):(\\d+)»");

    /**
     * The tokens of a text, as {@code run:n}, in order; text between them is ignored.
     *
     * @param text assembled text
     * @return the tokens' ids
     */
    public static List<String> tokens(String text) {
        List<String> ids = new ArrayList<>();
        Matcher tokens = TOKEN.matcher(text);
        while (tokens.find()) {
            ids.add(tokens.group(1) + ":" + tokens.group(2));
        }
        return ids;
    }

    /**
     * The text of the delta the tests emit at step {@code n} of {@code run}.
     *
     * @param run the run
     * @param n the step
     * @return the token
     */
    public static String token(String run, int n) {
        return "«" + run + ":" + n + "»";
    }

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
     * @param openMessages the messages it named in {@code open_messages}
     */
    public record Report(String stream, String reason, String epoch, long seq, long atMillis,
            Set<String> openMessages) {
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
    // Each message's text as this tab assembled it, and the positions of other numbered frames.
    private final Map<String, StringBuilder> messages = new HashMap<>();
    private final Set<String> positions = new HashSet<>();
    private int garbled;
    private int mergedFrames;
    private final List<Report> reports = new ArrayList<>();
    private final List<Integer> closeCodes = new ArrayList<>();
    private final List<String> timeline = new ArrayList<>();
    private boolean subscribedOnce;
    private int subscribed;
    private int duplicates;
    private int outOfOrder;
    private int epochJumps;
    private int connects;
    private int foreign;
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
                    if (cursor == null) {
                        foreign(type, stream);
                    } else {
                        event(cursor, frame.path("epoch").asText(), frame.path("seq").asLong(),
                                frame.path("seq").asLong(), id(frame.path("payload")));
                    }
                }
                case "message_delta", "tool_call_delta" -> {
                    if (cursor == null) {
                        foreign(type, stream);
                    } else {
                        delta(cursor, frame);
                    }
                }
                case "message_started", "message_completed" -> {
                    if (cursor == null) {
                        foreign(type, stream);
                    } else {
                        numbered(cursor, frame);
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

    // Under this monitor. A run's frame of a stream this tab does not follow: another user's, or
    // another thread's; either reached the wrong socket.
    private void foreign(String type, String stream) {
        foreign++;
        note("foreign " + type + " of " + stream);
    }

    private static String id(JsonNode payload) {
        return payload.path("run").asText() + ":" + payload.path("n").asInt();
    }

    // Under this monitor. One counted item (an event, or one token of a delta frame) at seq, in a
    // frame that begins at seqFrom.
    private void event(Cursor cursor, String epoch, long seqFrom, long seq, String id) {
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
        advance(cursor, epoch, seqFrom, seq);
    }

    // Under this monitor: the cursor moves to a frame's last seq.
    private void advance(Cursor cursor, String epoch, long seqFrom, long seq) {
        if (cursor.epoch != null && !epoch.equals(cursor.epoch) && seqFrom != 1) {
            // A new epoch met in its middle, with no report: its start is missing here.
            epochJumps++;
            note("epoch " + epoch + " met at seq " + seqFrom + " after " + cursor.epoch + "/"
                    + cursor.seq);
        }
        cursor.epoch = epoch;
        cursor.seq = seq;
    }

    // Under this monitor. A delta frame: its text joins its message; each token is counted at
    // its own seq.
    private void delta(Cursor cursor, JsonNode frame) {
        String epoch = frame.path("epoch").asText();
        long seq = frame.path("seq").asLong();
        long seqFrom = frame.has("seq_from") ? frame.path("seq_from").asLong() : seq;
        if (seqFrom != seq) {
            mergedFrames++;
        }
        boolean toolCall = frame.path("type").asText().equals("tool_call_delta");
        JsonNode payload = frame.path("payload");
        String text = payload.path(toolCall ? "arguments_delta" : "delta").asText();
        messages.computeIfAbsent(payload.path(toolCall ? "tool_call_id" : "message_id").asText(),
                ignored -> new StringBuilder()).append(text);
        Matcher tokens = TOKEN.matcher(text);
        List<String> ids = new ArrayList<>();
        int end = 0;
        while (tokens.find()) {
            garbled += tokens.start() - end;
            end = tokens.end();
            ids.add(tokens.group(1) + ":" + tokens.group(2));
        }
        garbled += text.length() - end;
        if (ids.size() != seq - seqFrom + 1) {
            garbled++;
            note("a frame of seqs " + seqFrom + ".." + seq + " carries " + ids.size() + " tokens");
        }
        for (int i = 0; i < ids.size(); i++) {
            event(cursor, epoch, seqFrom + i, seqFrom + i, ids.get(i));
        }
    }

    // Under this monitor. A numbered frame the tests do not count (a message's start or end):
    // only its place in the stream is checked.
    private void numbered(Cursor cursor, JsonNode frame) {
        String epoch = frame.path("epoch").asText();
        long seq = frame.path("seq").asLong();
        String position = epoch + "/" + seq;
        if (!positions.add(position)) {
            duplicates++;
            note("duplicate " + frame.path("type").asText() + " at " + position);
            return;
        }
        if (epoch.equals(cursor.epoch) && seq <= cursor.seq) {
            outOfOrder++;
            note("out of order " + frame.path("type").asText() + " at " + position + " after "
                    + cursor.seq);
            return;
        }
        advance(cursor, epoch, seq, seq);
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
        Set<String> open = new HashSet<>();
        frame.path("open_messages").forEach(message -> open.add(message.path("message_id").asText()));
        reports.add(new Report(stream, reason, cursor.epoch, cursor.seq,
                System.currentTimeMillis(), Set.copyOf(open)));
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
        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL)
                .untilAsserted(() -> assertThat(subscriptions() >= threads.size())
                        .as(() -> this + " subscribed").isTrue());
    }

    public synchronized int subscriptions() {
        return subscribed;
    }

    /** Every event received, by {@code run:n}. */
    public synchronized Map<String, Received> received() {
        return Map.copyOf(received);
    }

    /** Each streamed message's text as this tab assembled it, by message id. */
    public synchronized Map<String, String> messages() {
        Map<String, String> texts = new HashMap<>();
        messages.forEach((id, text) -> texts.put(id, text.toString()));
        return texts;
    }

    /**
     * Characters of delta frames that were not whole tokens, plus frames whose seqs and tokens
     * disagree: text a client would show wrongly.
     */
    public synchronized int garbled() {
        return garbled;
    }

    /** Delta frames received that cover several seqs. */
    public synchronized int mergedFrames() {
        return mergedFrames;
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

    /** Run frames received of streams this tab does not follow (another user's or thread's). */
    public synchronized int foreign() {
        return foreign;
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
