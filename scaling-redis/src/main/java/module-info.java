/**
 * Switchboard on Redis: the core's cluster port and replay log port implemented with Lettuce, so
 * that many instances act as one manager. Only {@code io.switchboard.scaling.redis} is API;
 * {@code io.switchboard.scaling.redis.internal} may change without notice.
 */
module io.switchboard.scaling.redis {
    requires transitive io.switchboard.core;
    requires lettuce.core;
    requires org.slf4j;

    exports io.switchboard.scaling.redis;
}
