package io.switchboard.scaling.redis.internal;

import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.StreamId;

/**
 * Names of keys and channels, all under one prefix. The README's "Keys" table lists them; ids
 * cannot contain {@code |} or {@code #} misplaced, so every name maps back to one owner.
 */
final class Keys {

    private final String prefix;

    Keys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** An instance's heartbeat key (string with its connection count, TTL = instance TTL). */
    String instance(String id) {
        return prefix + ":inst:" + id;
    }

    /** The set of instance ids that ever heartbeated and were not cleaned up yet. */
    String instances() {
        return prefix + ":instances";
    }

    /** An instance's connections: hash connection to user. */
    String instanceConnections(String id) {
        return instance(id) + ":conns";
    }

    /** An instance's rooms: set of rooms with local members. */
    String instanceRooms(String id) {
        return instance(id) + ":rooms";
    }

    /** Connections other instances evicted from this instance: set, drained by the owner. */
    String evictions(String id) {
        return instance(id) + ":evict";
    }

    /** An instance's inbox: stream of frames other instances routed to it. */
    String inbox(String id) {
        return instance(id) + ":inbox";
    }

    /** A user's connections over the cluster: zset of {@code instance|connection} by admission. */
    String user(UserId user) {
        return prefix + ":user:" + user.value();
    }

    /** Instances that recently read one of the user's streams: hash instance to until-millis. */
    String readers(UserId user) {
        return prefix + ":readers:" + user.value();
    }

    /** Users with a connection somewhere: set. */
    String users() {
        return prefix + ":users";
    }

    /** A stream's metadata: hash (epoch, seq, segments, last lifecycle event). */
    String meta(StreamId stream) {
        return prefix + ":meta:" + stream.wireName();
    }

    /** A stream's events: Redis stream with ids {@code segment-seq}. */
    String log(StreamId stream) {
        return prefix + ":log:" + stream.wireName();
    }

    /** The marker of the data set: a new value means Redis restarted empty. */
    String boot() {
        return prefix + ":boot";
    }

    /** A room's instances: set of instance ids with members. */
    String room(String room) {
        return prefix + ":room:" + room;
    }

    /** The channel of one instance: room and connection frames, eviction notices. */
    String channel(String id) {
        return prefix + ":ch:" + id;
    }

    /** The channel every instance listens to: broadcasts, and room frames of unknown rooms. */
    String broadcastChannel() {
        return prefix + ":ch:all";
    }

    /** Room membership changes and departures of instances. */
    String roomsChannel() {
        return prefix + ":ch:rooms";
    }
}
