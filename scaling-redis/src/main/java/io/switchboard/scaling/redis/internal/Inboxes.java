package io.switchboard.scaling.redis.internal;

import io.lettuce.core.ScriptOutputType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages to other instances' inboxes, one script per message in the target's own slot.
 * Stream frames are sent without waiting, and one that fails waits here and is sent again once
 * Redis answers (a receiver skips what it already has, so a copy is harmless). Room, broadcast,
 * connection frames carry a deadline (at most once: never delivered late or twice) and their
 * sender waits for them, so that its outcome can say which failed. Thread-safe.
 */
final class Inboxes {

    private static final Logger LOG = LoggerFactory.getLogger(Inboxes.class);
    // Failed stream pushes kept for a retry; beyond it the receiver's check against the log
    // (after its own reconnect, or a peer's death) is what brings the frames.
    private static final int MAX_PENDING = 10_000;

    /** One message for one instance. */
    private record Message(String instance, String[] fields) {
    }

    private final RedisLink link;
    private final Keys keys;
    private final String maxLength;
    private final String ttlMillis;
    private final AtomicLong sent = new AtomicLong();
    private final Object lock = new Object();
    // Guarded by lock.
    private final Deque<Message> pending = new ArrayDeque<>();

    Inboxes(RedisLink link, Keys keys, int maxLength, long ttlMillis) {
        this.link = link;
        this.keys = keys;
        this.maxLength = Integer.toString(maxLength);
        this.ttlMillis = Long.toString(ttlMillis);
    }

    /** Messages handed to Redis for other instances. */
    long sent() {
        return sent.get();
    }

    /**
     * Sends a stream frame without waiting; a failure is kept and sent again later.
     *
     * @return {@code false} if Redis refused it at once (it is kept for later)
     */
    boolean pushStream(String instance, String... fields) {
        Message message = new Message(instance, fields);
        CompletableFuture<Object> sending = push(message, 0).toCompletableFuture();
        sending.whenComplete((n, error) -> {
            if (error != null) {
                keep(message);
            } else {
                sent.incrementAndGet();
            }
        });
        return !sending.isCompletedExceptionally();
    }

    /**
     * Sends one at-most-once message to each instance and waits for Redis (bounded).
     *
     * @return how many were taken; the rest failed
     */
    int pushAndWait(List<String> instances, String... fields) {
        List<CompletionStage<Object>> sending = new ArrayList<>();
        for (String instance : instances) {
            sending.add(push(new Message(instance, fields), link.deadlineMillis()));
        }
        int taken = 0;
        for (CompletionStage<Object> each : sending) {
            try {
                if (link.await(each) instanceof Long n && n > 0) {
                    taken++;
                }
            } catch (RuntimeException e) {
                LOG.debug("a message for another instance failed", e);
            }
        }
        sent.addAndGet(taken);
        return taken;
    }

    /** Sends the kept stream frames again, oldest first; stops at the first failure. */
    void retryPending() {
        while (true) {
            Message next;
            synchronized (lock) {
                next = pending.pollFirst();
            }
            if (next == null) {
                return;
            }
            try {
                link.await(push(next, 0));
                sent.incrementAndGet();
            } catch (RuntimeException e) {
                synchronized (lock) {
                    pending.addFirst(next);
                }
                throw e;
            }
        }
    }

    private CompletionStage<Object> push(Message message, long deadline) {
        String[] args = new String[3 + message.fields().length];
        args[0] = Long.toString(deadline);
        args[1] = maxLength;
        args[2] = ttlMillis;
        System.arraycopy(message.fields(), 0, args, 3, message.fields().length);
        return link.script(link.scripts.inboxPush, ScriptOutputType.INTEGER,
                new String[] {keys.inbox(message.instance()), keys.inboxCounter(message.instance())},
                args);
    }

    private void keep(Message message) {
        synchronized (lock) {
            if (pending.size() >= MAX_PENDING) {
                pending.pollFirst();
            }
            pending.addLast(message);
        }
    }
}
