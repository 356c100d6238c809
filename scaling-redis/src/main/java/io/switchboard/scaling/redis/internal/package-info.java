/**
 * The implementation of the Redis cluster port and replay log. Not API: everything here may
 * change without notice. Obtain the port through
 * {@link io.switchboard.scaling.redis.RedisCluster#create}.
 */
package io.switchboard.scaling.redis.internal;
