package io.switchboard.heartbeat.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A hashed timing wheel: slots of one tick each, covering at least the longest delay it is given,
 * so that every entry in the current slot is due and a tick costs work proportional to the
 * entries due, whatever the number of connections. Not thread-safe: used by the timer thread only.
 *
 * @param <T> the scheduled entries
 */
final class TimingWheel<T> {

    private record Entry<T>(T value, long dueTick) {
    }

    private final long tickNanos;
    private final List<ArrayDeque<Entry<T>>> slots;
    private long currentTick;
    private int size;

    /**
     * Creates the wheel.
     *
     * @param tickNanos the length of a tick
     * @param spanNanos the longest delay that will be scheduled
     * @param startNanos the time of tick 0
     */
    TimingWheel(long tickNanos, long spanNanos, long startNanos) {
        this.tickNanos = tickNanos;
        int count = (int) Math.min(1 << 16, spanNanos / tickNanos + 2);
        this.slots = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slots.add(new ArrayDeque<>());
        }
        this.currentTick = startNanos / tickNanos;
    }

    /** Schedules {@code value} at {@code dueNanos} (clamped to the next tick and to the span). */
    void schedule(T value, long dueNanos) {
        long tick = Math.max(currentTick + 1, Math.min(dueNanos / tickNanos + 1,
                currentTick + slots.size() - 1));
        slots.get((int) (tick % slots.size())).addLast(new Entry<>(value, tick));
        size++;
    }

    /** Advances to {@code nowNanos} and returns every entry that became due, in time order. */
    List<T> advance(long nowNanos) {
        long target = nowNanos / tickNanos;
        List<T> due = new ArrayList<>();
        while (currentTick < target) {
            currentTick++;
            ArrayDeque<Entry<T>> slot = slots.get((int) (currentTick % slots.size()));
            for (int n = slot.size(); n > 0; n--) {
                Entry<T> entry = slot.pollFirst();
                if (entry.dueTick() <= currentTick) {
                    due.add(entry.value());
                    size--;
                } else {
                    slot.addLast(entry);
                }
            }
        }
        return due;
    }

    int size() {
        return size;
    }
}
