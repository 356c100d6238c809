package io.switchboard.heartbeat.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A hashed timing wheel: slots of one tick each, covering at least the longest delay it is given,
 * so that every entry in the current slot is due and a tick costs work proportional to the
 * entries due, whatever the number of connections. Each slot is a doubly linked list, so a
 * scheduled entry can be cancelled at once and its value is no longer referenced by the wheel.
 * Not thread-safe: used by the timer thread only.
 *
 * @param <T> the scheduled values
 */
final class TimingWheel<T> {

    /** One scheduled value, linked into its slot until it is due or cancelled. */
    static final class Timeout<T> {
        private final T value;
        private final long dueTick;
        private Slot<T> slot;
        private Timeout<T> previous;
        private Timeout<T> next;

        private Timeout(T value, long dueTick) {
            this.value = value;
            this.dueTick = dueTick;
        }
    }

    private static final class Slot<T> {
        private Timeout<T> head;
        private Timeout<T> tail;

        void add(Timeout<T> timeout) {
            timeout.slot = this;
            timeout.previous = tail;
            if (tail == null) {
                head = timeout;
            } else {
                tail.next = timeout;
            }
            tail = timeout;
        }

        void remove(Timeout<T> timeout) {
            if (timeout.previous == null) {
                head = timeout.next;
            } else {
                timeout.previous.next = timeout.next;
            }
            if (timeout.next == null) {
                tail = timeout.previous;
            } else {
                timeout.next.previous = timeout.previous;
            }
            timeout.slot = null;
            timeout.previous = null;
            timeout.next = null;
        }
    }

    private final long tickNanos;
    private final List<Slot<T>> slots;
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
            slots.add(new Slot<>());
        }
        this.currentTick = startNanos / tickNanos;
    }

    /**
     * Schedules {@code value} at {@code dueNanos} (clamped to the next tick and to the span).
     *
     * @return the handle that cancels it
     */
    Timeout<T> schedule(T value, long dueNanos) {
        long tick = Math.max(currentTick + 1, Math.min(dueNanos / tickNanos + 1,
                currentTick + slots.size() - 1));
        Timeout<T> timeout = new Timeout<>(value, tick);
        slots.get((int) (tick % slots.size())).add(timeout);
        size++;
        return timeout;
    }

    /**
     * Takes a scheduled value out of the wheel, so the wheel no longer references it.
     *
     * @return {@code false} if it was already due or cancelled
     */
    boolean cancel(Timeout<T> timeout) {
        if (timeout.slot == null) {
            return false;
        }
        timeout.slot.remove(timeout);
        size--;
        return true;
    }

    /** Advances to {@code nowNanos} and returns every value that became due, in time order. */
    List<T> advance(long nowNanos) {
        long target = nowNanos / tickNanos;
        List<T> due = new ArrayList<>();
        while (currentTick < target) {
            currentTick++;
            Slot<T> slot = slots.get((int) (currentTick % slots.size()));
            Timeout<T> timeout = slot.head;
            while (timeout != null) {
                Timeout<T> next = timeout.next;
                if (timeout.dueTick <= currentTick) {
                    slot.remove(timeout);
                    size--;
                    due.add(timeout.value);
                }
                timeout = next;
            }
        }
        return due;
    }

    int size() {
        return size;
    }
}
