package io.switchboard.core.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Keys that name one event across the attempts to store it (an emitter's retries), so that a log
 * whose answer to an attempt was lost stores the event once. A key is 128 random bits (unique in
 * practice), or, for the events of one emitter, its own random name and the number of the emit,
 * {@code name:n}: an emitter sends one event at a time with {@code n} growing, so a log may
 * remember only the newest {@code n} of each name.
 */
final class EventKeys {

    private EventKeys() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    /** The key of emit {@code n} of the sender {@code name}. */
    static String of(String name, long n) {
        return name + ':' + n;
    }
}
