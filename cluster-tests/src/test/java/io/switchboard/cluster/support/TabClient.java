package io.switchboard.cluster.support;

import io.switchboard.scaling.redis.testing.Await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.transport.tck.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * A browser tab as a well-behaved client implements the protocol, on the transport kit's real
 * client: it subscribes to one thread, remembers the last {@code (epoch, seq)} it received, and
 * whenever its connection ends (1012, 4003, a dropped socket...) reconnects to the next instance
 * and resumes from that cursor. After a {@code recovery_failed} it notes the report and fetches the
 * stream's current epoch from its start, as it does when a live event shows a new epoch that it
 * did not follow from its first event; after {@code busy} it resumes again. A 4001 (evicted)
 * ends it. Every event's payload number {@code n} is recorded as received live or in a replay.
 *
 * <p>One reader thread per tab; the accessors are thread-safe.
 */
public final class TabClient implements AutoCloseable {

    /** The application event type the tests emit; its payload carries {@code n}. */
    public static final String EVENT = "progress";

    private static final String RESUME = "#resume";

    private final String user;
    private final String thread;
    private final List<URI> targets;
    private final HttpClient http;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile WebSocketRecorder socket;
    private volatile String connectionId;
    private volatile URI connectedTo;
    private int next;

    // Guarded by this.
    private final Map<Integer, Boolean> received = new HashMap<>();
    private final List<Long> reports = new ArrayList<>();
    private final List<Integer> closeCodes = new ArrayList<>();
    // Epochs whose start was asked for once, and those still wanted (asked again after a
    // reconnect until answered).
    private final Set<String> attempted = new HashSet<>();
    private final Set<String> wantedStarts = new LinkedHashSet<>();
    // Requests sent on this connection and not answered yet, in order: RESUME or an epoch.
    private final Deque<String> outstanding = new ArrayDeque<>();
    private final List<String> timeline = new ArrayList<>();
    private String epoch;
    private long seq;
    private boolean subscribedOnce;
    private int subscriptions;
    private int duplicates;
    private int outOfOrder;
    private int connects;
    private int busy;
    private boolean evicted;

    /**
     * Connects to {@code targets.get(first)} and subscribes; reconnects to the following ones.
     *
     * @param user the authenticated user
     * @param thread the thread to follow
     * @param targets instances to connect to, in order of preference
     * @param http the JDK client to use
     */
    public TabClient(String user, String thread, List<URI> targets, HttpClient http) {
        this.user = user;
        this.thread = thread;
        this.targets = List.copyOf(targets);
        this.http = http;
        this.reader = new Thread(this::run, "tab-" + user + "-" + targets.get(0).getPort());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void run() {
        while (running) {
            WebSocketRecorder current = socket;
            if (current == null) {
                connect();
                continue;
            }
            WebSocketRecorder.Event event;
            try {
                event = current.nextEvent(Duration.ofMillis(100));
            } catch (AssertionError nothingYet) {
                continue;
            }
            if (event instanceof WebSocketRecorder.Event.Text text && text.json() != null) {
                handle(current, text.json());
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
            note("closed " + code + " at " + epoch + "/" + seq);
            closeCodes.add(code);
            outstanding.clear();
            if (code == 4001) {
                evicted = true;
                running = false;
            }
        }
        socket = null;
    }

    private void connect() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (running && System.nanoTime() < deadline) {
            URI uri = targets.get(next++ % targets.size());
            try {
                WebSocketRecorder recorder = WebSocketRecorder.to(uri).bearer(user).httpClient(http)
                        .timeout(Duration.ofSeconds(2)).connect();
                String id = recorder.awaitWelcome();
                connectionId = id;
                connectedTo = uri;
                socket = recorder;
                synchronized (this) {
                    connects++;
                    note("connected to " + uri.getPort());
                }
                subscribe(recorder);
                return;
            } catch (AssertionError | RuntimeException refused) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    // First time: live from now. Afterwards: from the cursor (or the start if nothing arrived),
    // then every epoch whose beginning is still wanted.
    private void subscribe(WebSocketRecorder recorder) {
        List<String> frames = new ArrayList<>();
        synchronized (this) {
            outstanding.clear();
            if (!subscribedOnce) {
                subscribedOnce = true;
                frames.add("{\"type\":\"subscribe\",\"thread_id\":\"" + thread + "\"}");
            } else {
                frames.add(request(RESUME, epoch, seq));
                for (String wanted : wantedStarts) {
                    frames.add(request(wanted, wanted, 0));
                }
            }
        }
        frames.forEach(frame -> send(recorder, frame));
    }

    // Under this monitor: records a resume ({@link #RESUME}) or a fetch of an epoch's start as
    // outstanding on this connection, and returns its frame.
    private String request(String what, String fromEpoch, long fromSeq) {
        outstanding.addLast(what);
        note("request " + what + " from " + fromEpoch + "/" + fromSeq);
        return fromEpoch == null
                ? "{\"type\":\"subscribe\",\"thread_id\":\"" + thread + "\",\"seq\":0}"
                : "{\"type\":\"subscribe\",\"thread_id\":\"" + thread + "\",\"epoch\":\""
                        + fromEpoch + "\",\"seq\":" + fromSeq + "}";
    }

    // Under this monitor: asks for the start of an epoch once it is known to exist.
    private String fetchStart(String wanted) {
        if (wanted == null || !attempted.add(wanted)) {
            return null;
        }
        wantedStarts.add(wanted);
        return request(wanted, wanted, 0);
    }

    private void handle(WebSocketRecorder current, JsonNode frame) {
        String type = frame.path("type").asText();
        switch (type) {
            case EVENT -> received(current, frame);
            case "subscribed" -> {
                synchronized (this) {
                    subscriptions++;
                }
            }
            case "recovered" -> {
                synchronized (this) {
                    String answered = outstanding.pollFirst();
                    note("recovered " + answered + " replayed=" + frame.path("replayed").asInt()
                            + " state=" + frame.path("epoch").asText() + "/"
                            + frame.path("last_seq").asLong());
                    if (answered != null && !answered.equals(RESUME)) {
                        wantedStarts.remove(answered);
                    }
                }
            }
            case "recovery_failed" -> recoveryFailed(current, frame);
            default -> {
                // welcome, pong...
            }
        }
    }

    private void received(WebSocketRecorder current, JsonNode frame) {
        int n = frame.path("payload").path("n").asInt();
        String frameEpoch = frame.path("epoch").asText();
        long frameSeq = frame.path("seq").asLong();
        String fetch = null;
        synchronized (this) {
            boolean replay = !outstanding.isEmpty();
            boolean duplicate = received.containsKey(n);
            if (duplicate) {
                duplicates++;
            } else {
                received.put(n, replay);
            }
            if (frameEpoch.equals(epoch) && frameSeq <= seq) {
                // A replay may bring older events after newer live ones (a late resume): placed
                // by their seq. A live frame older than one already received is out of order.
                if (!duplicate && !replay) {
                    outOfOrder++;
                }
            } else {
                if (!frameEpoch.equals(epoch)) {
                    note("epoch " + frameEpoch + "/" + frameSeq + " (n=" + n + ") after " + epoch
                            + "/" + seq);
                }
                // A new epoch seen first in the middle: fetch its beginning from the log.
                if (epoch != null && !frameEpoch.equals(epoch) && frameSeq > 1) {
                    fetch = fetchStart(frameEpoch);
                }
                epoch = frameEpoch;
                seq = frameSeq;
            }
        }
        if (fetch != null) {
            send(current, fetch);
        }
    }

    private void recoveryFailed(WebSocketRecorder current, JsonNode frame) {
        String reason = frame.path("reason").asText();
        String retry;
        boolean busyAnswer = reason.equals("busy");
        synchronized (this) {
            String answered = outstanding.pollFirst();
            note("recovery_failed " + answered + " " + reason + " state="
                    + frame.path("epoch").asText() + "/" + frame.path("last_seq").asLong());
            if (busyAnswer) {
                busy++;
                // Ask again, exactly the same.
                retry = answered == null || answered.equals(RESUME) ? request(RESUME, epoch, seq)
                        : request(answered, answered, 0);
            } else {
                reports.add(System.currentTimeMillis());
                if (answered != null && !answered.equals(RESUME)) {
                    wantedStarts.remove(answered);
                }
                // Fetch the stream's current epoch from its start, even if live frames of it
                // already arrived: they may have started after its beginning.
                retry = fetchStart(frame.path("epoch").asText(null));
            }
        }
        if (retry != null) {
            if (busyAnswer) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            send(current, retry);
        }
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
        timeline.add((System.currentTimeMillis() % 100_000) + " " + what);
    }

    /** What happened to this tab, for a failure message. */
    public synchronized List<String> timeline() {
        return List.copyOf(timeline);
    }

    /** Waits until the first subscription is confirmed. */
    public void awaitSubscribed() {
        Await.until(Duration.ofSeconds(10), () -> "tab of " + user + " subscribed",
                () -> subscriptions() > 0);
    }

    public synchronized int subscriptions() {
        return subscriptions;
    }

    public synchronized Set<Integer> receivedIds() {
        return Set.copyOf(received.keySet());
    }

    public synchronized boolean replayed(int n) {
        return Boolean.TRUE.equals(received.get(n));
    }

    /** Times (epoch millis) at which a {@code recovery_failed} other than {@code busy} arrived. */
    public synchronized List<Long> reports() {
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

    public synchronized int connects() {
        return connects;
    }

    public synchronized int busy() {
        return busy;
    }

    public synchronized boolean evicted() {
        return evicted;
    }

    public String connectionId() {
        return connectionId;
    }

    public URI connectedTo() {
        return connectedTo;
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
        return "tab of " + user + " on " + connectedTo;
    }
}
