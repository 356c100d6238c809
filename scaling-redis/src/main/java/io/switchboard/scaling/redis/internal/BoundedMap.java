package io.switchboard.scaling.redis.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small least-recently-used map with a fixed capacity. Thread-safe (one monitor). */
final class BoundedMap<K, V> {

    private final LinkedHashMap<K, V> map;

    BoundedMap(int capacity) {
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    synchronized void put(K key, V value) {
        map.put(key, value);
    }

    synchronized void remove(K key) {
        map.remove(key);
    }

    synchronized V compute(K key, Function<V, V> update) {
        V next = update.apply(map.get(key));
        if (next == null) {
            map.remove(key);
        } else {
            map.put(key, next);
        }
        return next;
    }

    synchronized java.util.List<K> keys() {
        return java.util.List.copyOf(map.keySet());
    }
}
