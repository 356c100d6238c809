package io.switchboard.core.internal;

import io.switchboard.core.ManagerStats.Drop;
import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.ManagerStats.InboundError;
import io.switchboard.core.ManagerStats.Refusal;
import io.switchboard.core.SendStatus;
import io.switchboard.core.replay.GapReason;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The manager's counters. Lock-free; every method may be called from any thread. */
final class StatsRecorder {

    private final Map<SendStatus, LongAdder> sends = adders(SendStatus.class);
    private final Map<FrameFailure, LongAdder> framesFailed = adders(FrameFailure.class);
    private final Map<Refusal, LongAdder> refusals = adders(Refusal.class);
    // Every code the core sends has its constant; the application's own codes count as OTHER.
    private static final Map<String, InboundError> ERRORS_BY_CODE = Arrays
            .stream(InboundError.values())
            .filter(error -> error != InboundError.OTHER)
            .collect(Collectors.toUnmodifiableMap(InboundError::wireName, Function.identity()));

    private final Map<InboundError, LongAdder> inboundErrors = adders(InboundError.class);
    private final Map<Drop, LongAdder> drops = adders(Drop.class);
    private final Map<GapReason, LongAdder> recoveryFailures = adders(GapReason.class);
    private final LongAdder resumes = new LongAdder();
    private final LongAdder replayedEvents = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder ackLatencySum = new LongAdder();
    private final LongAdder ackLatencyCount = new LongAdder();
    private final LongAccumulator ackLatencyMax = new LongAccumulator(Math::max, 0);
    private final LongAdder framesQueued = new LongAdder();
    private final LongAdder framesWritten = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder staleClosed = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder rateLimitCloses = new LongAdder();
    private final LongAdder inboundMessages = new LongAdder();
    private final LongAdder deltasMerged = new LongAdder();

    void send(SendStatus status) {
        sends.get(status).increment();
    }

    /**
     * What a queue counted since it last handed its counts over (it does when it closes and when
     * a snapshot is taken).
     */
    void queueCounted(long queued, long written, long merged) {
        if (queued != 0) {
            framesQueued.add(queued);
        }
        if (written != 0) {
            framesWritten.add(written);
        }
        if (merged != 0) {
            deltasMerged.add(merged);
        }
    }

    long framesQueued() {
        return framesQueued.sum();
    }

    long framesWritten() {
        return framesWritten.sum();
    }

    long deltasMerged() {
        return deltasMerged.sum();
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
        inboundErrors.get(ERRORS_BY_CODE.getOrDefault(code, InboundError.OTHER)).increment();
    }

    void drop(Drop reason) {
        drops.get(reason).increment();
    }

    void resumed(int replayed) {
        resumes.increment();
        replayedEvents.add(replayed);
    }

    void recoveryFailed(GapReason reason) {
        recoveryFailures.get(reason).increment();
    }

    void ack(long latencyMillis) {
        acks.increment();
        if (latencyMillis >= 0) {
            ackLatencySum.add(latencyMillis);
            ackLatencyCount.increment();
            ackLatencyMax.accumulate(latencyMillis);
        }
    }

    Map<Drop, Long> drops() {
        return sums(drops);
    }

    Map<GapReason, Long> recoveryFailures() {
        return sums(recoveryFailures);
    }

    long resumes() {
        return resumes.sum();
    }

    long replayedEvents() {
        return replayedEvents.sum();
    }

    long acks() {
        return acks.sum();
    }

    long ackLatencyAvgMillis() {
        long count = ackLatencyCount.sum();
        return count == 0 ? 0 : ackLatencySum.sum() / count;
    }

    long ackLatencyMaxMillis() {
        return ackLatencyMax.get();
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

    Map<InboundError, Long> inboundErrors() {
        return sums(inboundErrors);
    }

    long evictions() {
        return evictions.sum();
    }

    long staleClosed() {
        return staleClosed.sum();
    }

    void rateLimited() {
        rateLimited.increment();
    }

    void rateLimitClose() {
        rateLimitCloses.increment();
    }

    long rateLimitedFrames() {
        return rateLimited.sum();
    }

    long rateLimitCloses() {
        return rateLimitCloses.sum();
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
