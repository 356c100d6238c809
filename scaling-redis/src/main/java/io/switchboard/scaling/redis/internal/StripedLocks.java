package io.switchboard.scaling.redis.internal;

import java.util.concurrent.locks.ReentrantLock;

/** A fixed number of locks chosen by hash, so memory stays bounded whatever the key count. */
final class StripedLocks {

    private final ReentrantLock[] stripes;

    StripedLocks(int count) {
        stripes = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock of(Object key) {
        return stripes[Math.floorMod(key.hashCode() * 0x9E3779B9, stripes.length)];
    }
}
