package io.switchboard.scaling.redis.internal;

import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this instance's inbox: what other instances sent it, in the order Redis stored it, handed
 * to {@code handle} one at a time. Unlike pub/sub, an inbox keeps messages while this instance is
 * disconnected; it resumes from the last id it read. Each entry carries the inbox's own number
 * {@code n}: a jump (an entry trimmed unread, lost in a failover) or a restart (the inbox was
 * recreated) means messages may be lost, and {@code mayHaveLost} runs so that the streams are
 * checked against the log; so does reading again after a failed read. A message delivered twice is
 * harmless: a connection never gets a stream event twice.
 *
 * <p>One daemon thread; blocking reads are bounded ({@link RedisLink#INBOX_BLOCK}).
 */
final class InboxReader {

    private static final Logger LOG = LoggerFactory.getLogger(InboxReader.class);

    private final RedisLink link;
    private final String key;
    private final Consumer<Map<String, String>> handle;
    private final Runnable mayHaveLost;
    private final Thread thread;
    private final AtomicLong received = new AtomicLong();
    private volatile boolean running;
    private volatile String lastId = "0-0";
    // Reader thread only: the next n expected (0 before the first entry).
    private long expected;
    private boolean failing;

    InboxReader(RedisLink link, String key, String threadName, Consumer<Map<String, String>> handle,
            Runnable mayHaveLost) {
        this.link = link;
        this.key = key;
        this.handle = handle;
        this.mayHaveLost = mayHaveLost;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        running = true;
        thread.start();
    }

    void stop() {
        running = false;
        try {
            thread.join(RedisLink.INBOX_BLOCK.plus(link.timeout()).toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long received() {
        return received.get();
    }

    /** Drops entries already read (bounded by the command timeout). */
    void trim() {
        String upTo = lastId;
        if (!"0-0".equals(upTo)) {
            link.await(link.async().xtrim(key, XTrimArgs.Builder.minId(upTo)));
        }
    }

    private void run() {
        while (running) {
            try {
                List<StreamMessage<String, String>> batch = readBatch();
                if (failing) {
                    failing = false;
                    mayHaveLost.run();
                }
                for (StreamMessage<String, String> message : batch) {
                    handle(message);
                }
            } catch (RedisException e) {
                if (running && !link.isClosed()) {
                    failing = true;
                    link.failed(e);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            } catch (RuntimeException e) {
                LOG.warn("an inbox message could not be handled", e);
            }
        }
    }

    // Lettuce takes the offsets as varargs of a generic type; there is exactly one.
    @SuppressWarnings("unchecked")
    private List<StreamMessage<String, String>> readBatch() {
        return link.awaitBlocking(link.blocking().xread(
                XReadArgs.Builder.block(RedisLink.INBOX_BLOCK).count(256),
                XReadArgs.StreamOffset.from(key, lastId)));
    }

    private void handle(StreamMessage<String, String> message) {
        lastId = message.getId();
        long n = Long.parseLong(message.getBody().getOrDefault("n", "0"));
        if (expected != 0 && n != expected) {
            LOG.info("inbox entry {} where {} was due: checking streams against the log", n,
                    expected);
            mayHaveLost.run();
        }
        expected = n + 1;
        received.incrementAndGet();
        handle.accept(message.getBody());
    }
}
