package io.switchboard.core.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Keys that name one event across the attempts to store it (an emitter's retries), so that a log
 * whose answer to an attempt was lost stores the event once. 128 random bits: unique in practice.
 */
final class EventKeys {

    private EventKeys() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }
}
