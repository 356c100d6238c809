package io.switchboard.scaling.redis.internal;

import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.TextFrame;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this instance's inbox: the stream frames other instances' appends routed here, in the
 * order Redis stored them, and hands each to the local manager. Unlike pub/sub, an inbox keeps
 * frames while this instance is disconnected; it resumes from the last id it read. Each entry
 * carries the data set's boot marker and the inbox's own sequence number {@code n}: a jump in
 * {@code n} (a frame trimmed unread) is a gap, and the cluster then makes its clients resync; a
 * new boot marker is a new inbox (Redis restarted empty, which the heartbeat handles), read from
 * its start; entries already delivered are recognised by (boot, n) and never delivered twice.
 *
 * <p>One daemon thread; blocking reads are bounded ({@link RedisLink#INBOX_BLOCK}).
 */
final class InboxReader {

    private static final Logger LOG = LoggerFactory.getLogger(InboxReader.class);

    private final RedisLink link;
    private final String key;
    private final BiConsumer<Target, TextFrame> deliver;
    private final Thread thread;
    private final AtomicLong received = new AtomicLong();
    private volatile boolean running;
    private volatile boolean resetRequested;
    private volatile boolean gap;
    private volatile String lastId = "0-0";
    // Reader thread only: the inbox being read, and the next n expected in it.
    private String boot;
    private long expected;

    InboxReader(RedisLink link, String key, String threadName,
            BiConsumer<Target, TextFrame> deliver) {
        this.link = link;
        this.key = key;
        this.deliver = deliver;
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

    /**
     * After Redis lost its data: read the new inbox from its start (its ids may be lower than the
     * old ones); entries already delivered are skipped.
     */
    void reset() {
        resetRequested = true;
    }

    /** Whether a gap was seen since the last call; clears it. */
    boolean takeGap() {
        boolean seen = gap;
        gap = false;
        return seen;
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

    private void gap(String expectedFrame, long read) {
        LOG.warn("inbox gap: expected {} but read frame {}; clients will resync", expectedFrame,
                read);
        gap = true;
    }

    private void run() {
        while (running) {
            if (resetRequested) {
                resetRequested = false;
                lastId = "0-0";
            }
            if (!link.available()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                continue;
            }
            try {
                List<StreamMessage<String, String>> batch = readBatch();
                for (StreamMessage<String, String> message : batch) {
                    handle(message);
                }
            } catch (RedisException e) {
                if (running && !link.isClosed()) {
                    link.failed(e);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            } catch (RuntimeException e) {
                LOG.warn("an inbox frame could not be delivered", e);
            }
        }
    }

    // Lettuce takes the offsets as varargs of a generic type; there is exactly one.
    @SuppressWarnings("unchecked")
    private List<StreamMessage<String, String>> readBatch() {
        return link.blocking().sync().xread(
                XReadArgs.Builder.block(RedisLink.INBOX_BLOCK).count(256),
                XReadArgs.StreamOffset.from(key, lastId));
    }

    private void handle(StreamMessage<String, String> message) {
        String entryBoot = message.getBody().get("b");
        long n = Long.parseLong(message.getBody().get("n"));
        lastId = message.getId();
        if (!entryBoot.equals(boot)) {
            // A new inbox: it must start at 1, or its first frames are gone.
            boot = entryBoot;
            if (n != 1) {
                gap("the first frame of a new inbox", n);
            }
        } else if (n < expected) {
            return;
        } else if (n > expected) {
            gap("frame " + expected, n);
        }
        expected = n + 1;
        UserId user = UserId.of(message.getBody().get("u"));
        Target target = "t".equals(message.getBody().get("k"))
                ? new Target.Thread(user, ThreadId.of(message.getBody().get("h")))
                : new Target.User(user);
        received.incrementAndGet();
        deliver.accept(target, FrameWire.read(message.getBody().get("f")));
    }
}
