package io.switchboard.heartbeat.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A hashed timing wheel: slots of one tick each, covering at least the longest delay it is given,
 * so that every entry in the current slot is due and a tick costs work proportional to the
 * entries due, whatever the number of connections. Each slot is a doubly linked list, so a
 * scheduled entry can be cancelled at once and is no longer referenced by the wheel.
 *
 * <p>The list is intrusive: a scheduled value is its own node ({@link Entry}), so that each
 * monitored connection is one object however often it is rescheduled, and scheduling allocates
 * nothing. An entry is in the wheel at most once. Not thread-safe: used by the timer thread only.
 *
 * @param <T> the scheduled values
 */
final class TimingWheel<T extends TimingWheel.Entry> {

    /** What the wheel links: extended by each scheduled value. Touched by the wheel only. */
    abstract static class Entry {
        private long dueTick;
        private Slot slot;
        private Entry previous;
        private Entry next;

        /** Whether the entry waits in a wheel now (neither due yet nor cancelled). */
        final boolean isScheduled() {
            return slot != null;
        }
    }

    private static final class Slot {
        private Entry head;
        private Entry tail;

        void add(Entry entry) {
            entry.slot = this;
            entry.previous = tail;
            if (tail == null) {
                head = entry;
            } else {
                tail.next = entry;
            }
            tail = entry;
        }

        void remove(Entry entry) {
            if (entry.previous == null) {
                head = entry.next;
            } else {
                entry.previous.next = entry.next;
            }
            if (entry.next == null) {
                tail = entry.previous;
            } else {
                entry.next.previous = entry.previous;
            }
            entry.slot = null;
            entry.previous = null;
            entry.next = null;
        }
    }

    private final long tickNanos;
    private final List<Slot> slots;
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
            slots.add(new Slot());
        }
        this.currentTick = startNanos / tickNanos;
    }

    /**
     * Schedules {@code entry} at {@code dueNanos} (clamped to the next tick and to the span).
     *
     * @throws IllegalStateException if the entry is scheduled already
     */
    void schedule(T entry, long dueNanos) {
        if (entry.isScheduled()) {
            throw new IllegalStateException("already scheduled");
        }
        long tick = Math.max(currentTick + 1, Math.min(dueNanos / tickNanos + 1,
                currentTick + slots.size() - 1));
        Entry node = entry;
        node.dueTick = tick;
        slots.get((int) (tick % slots.size())).add(node);
        size++;
    }

    /**
     * Takes a scheduled entry out of the wheel, so the wheel no longer references it.
     *
     * @return {@code false} if it was already due or cancelled
     */
    boolean cancel(T entry) {
        Entry node = entry;
        if (!node.isScheduled()) {
            return false;
        }
        node.slot.remove(node);
        size--;
        return true;
    }

    /** Advances to {@code nowNanos} and returns every entry that became due, in time order. */
    List<T> advance(long nowNanos) {
        long target = nowNanos / tickNanos;
        List<T> due = new ArrayList<>();
        while (currentTick < target) {
            currentTick++;
            Slot slot = slots.get((int) (currentTick % slots.size()));
            Entry entry = slot.head;
            while (entry != null) {
                Entry next = entry.next;
                if (entry.dueTick <= currentTick) {
                    slot.remove(entry);
                    size--;
                    @SuppressWarnings("unchecked")
                    T value = (T) entry;
                    due.add(value);
                }
                entry = next;
            }
        }
        return due;
    }

    int size() {
        return size;
    }
}
