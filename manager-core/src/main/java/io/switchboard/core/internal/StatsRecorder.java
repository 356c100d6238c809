package io.switchboard.core.internal;

import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.ManagerStats.Refusal;
import io.switchboard.core.SendStatus;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The manager's counters. Lock-free; every method may be called from any thread. */
final class StatsRecorder {

    private final Map<SendStatus, LongAdder> sends = adders(SendStatus.class);
    private final Map<FrameFailure, LongAdder> framesFailed = adders(FrameFailure.class);
    private final Map<Refusal, LongAdder> refusals = adders(Refusal.class);
    private final Map<String, LongAdder> inboundErrors = new ConcurrentHashMap<>();
    private final LongAdder framesQueued = new LongAdder();
    private final LongAdder framesWritten = new LongAdder();
    private final LongAdder queuedFrames = new LongAdder();
    private final LongAdder queuedBytes = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder staleClosed = new LongAdder();
    private final LongAdder inboundMessages = new LongAdder();

    void send(SendStatus status) {
        sends.get(status).increment();
    }

    void frameQueued(int bytes) {
        framesQueued.increment();
        queuedFrames.increment();
        queuedBytes.add(bytes);
    }

    void frameLeftQueue(int bytes) {
        queuedFrames.decrement();
        queuedBytes.add(-bytes);
    }

    void frameWritten() {
        framesWritten.increment();
    }

    void framesFailed(FrameFailure reason, int count) {
        framesFailed.get(reason).add(count);
    }

    void refusal(Refusal reason) {
        refusals.get(reason).increment();
    }

    void eviction() {
        evictions.increment();
    }

    void staleClose() {
        staleClosed.increment();
    }

    void inboundMessage() {
        inboundMessages.increment();
    }

    void inboundError(String code) {
        inboundErrors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    Map<SendStatus, Long> sends() {
        return sums(sends);
    }

    Map<FrameFailure, Long> framesFailed() {
        return sums(framesFailed);
    }

    Map<Refusal, Long> refusals() {
        return sums(refusals);
    }

    Map<String, Long> inboundErrors() {
        return sums(inboundErrors);
    }

    long framesQueued() {
        return framesQueued.sum();
    }

    long framesWritten() {
        return framesWritten.sum();
    }

    long queuedFrames() {
        return queuedFrames.sum();
    }

    long queuedBytes() {
        return queuedBytes.sum();
    }

    long evictions() {
        return evictions.sum();
    }

    long staleClosed() {
        return staleClosed.sum();
    }

    long inboundMessages() {
        return inboundMessages.sum();
    }

    private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
        Map<E, LongAdder> map = new EnumMap<>(type);
        for (E key : type.getEnumConstants()) {
            map.put(key, new LongAdder());
        }
        return map;
    }

    private static <K> Map<K, Long> sums(Map<K, LongAdder> adders) {
        Map<K, Long> out = new HashMap<>();
        adders.forEach((key, adder) -> {
            long sum = adder.sum();
            if (sum != 0) {
                out.put(key, sum);
            }
        });
        return out;
    }
}
