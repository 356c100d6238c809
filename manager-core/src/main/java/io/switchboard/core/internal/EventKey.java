package io.switchboard.core.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Names one event across the attempts to store it (an emitter's retries), so that a log whose
 * answer to an attempt was lost stores the event once. A key is 128 random bits (unique in
 * practice), or, for the events of one emitter, its own random name and the number of the emit,
 * {@code name:n}: an emitter sends one event at a time with {@code n} growing, so a log may
 * remember only the newest {@code n} of each name.
 *
 * <p>The text is made when a log first asks for it, and then kept: a log that keeps no keys (the
 * in-memory one) never costs an event its key. Used by one send at a time (an emitter's attempts
 * follow each other), so it needs no synchronization beyond the hand-over between attempts.
 */
final class EventKey {

    private final String name;
    private final long number;
    private String value;

    private EventKey(String name, long number) {
        this.name = name;
        this.number = number;
    }

    /** A key of 128 random bits, drawn when first asked for. */
    static EventKey random() {
        return new EventKey(null, 0);
    }

    /** The key of emit {@code n} of the sender {@code name}. */
    static EventKey of(String name, long n) {
        return new EventKey(name, n);
    }

    /** A random name for a sender's keys: 128 bits as hex. */
    static String randomName() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    /** The key's text; the same on every call. */
    String value() {
        if (value == null) {
            value = name == null ? randomName() : name + ':' + number;
        }
        return value;
    }

    @Override
    public String toString() {
        return value();
    }
}
