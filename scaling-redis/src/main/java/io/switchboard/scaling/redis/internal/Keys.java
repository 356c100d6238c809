package io.switchboard.scaling.redis.internal;

import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.StreamId;

/**
 * Names of keys, all under one prefix and each in a hash slot chosen by its tag, so that every
 * script touches one slot of a Redis Cluster: everything of a user (its connections, readers and
 * streams) under {@code {u:<user>}}, everything of an instance under {@code {i:<id>}}, a room
 * under {@code {r:<room>}}, a connection's owner under {@code {c:<connection>}}, and the few
 * cluster-wide keys under {@code {g}}. Ids cannot contain braces, so a tag is never broken. The
 * README's "Keys" table lists them.
 */
final class Keys {

    private final String prefix;

    Keys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    private String user(UserId user, String what) {
        return prefix + ":{u:" + user.value() + "}:" + what;
    }

    private String instance(String id, String what) {
        return prefix + ":{i:" + id + "}:" + what;
    }

    /** An instance's heartbeat key (string with its connection count, TTL = instance TTL). */
    String heartbeat(String id) {
        return instance(id, "alive");
    }

    /** An instance's connections: hash connection to user. */
    String instanceConnections(String id) {
        return instance(id, "conns");
    }

    /** An instance's rooms: set of rooms with local members. */
    String instanceRooms(String id) {
        return instance(id, "rooms");
    }

    /** An instance's inbox: stream of messages other instances sent it. */
    String inbox(String id) {
        return instance(id, "inbox");
    }

    /** Numbers an instance's inbox entries, so that its reader notices a lost one. */
    String inboxCounter(String id) {
        return instance(id, "inbox-n");
    }

    /** Whichever survivor sets it first removes a dead instance's entries. */
    String cleanupLock(String id) {
        return instance(id, "cleanup");
    }

    /** A user's connections over the cluster: zset of {@code instance|connection} by admission. */
    String userConnections(UserId user) {
        return user(user, "conns");
    }

    /** Instances that recently read one of the user's streams: hash instance to until-millis. */
    String readers(UserId user) {
        return user(user, "readers");
    }

    /** A stream's metadata: hash (epoch, seq, replication id, last lifecycle event). */
    String meta(StreamId stream) {
        return user(stream.user(), "meta:" + stream.wireName());
    }

    /** A stream's events: Redis stream with ids {@code 0-seq}. */
    String log(StreamId stream) {
        return user(stream.user(), "log:" + stream.wireName());
    }

    /** A stream's event keys: hash key to {@code epoch seq}, so an event is stored once. */
    String eventKeys(StreamId stream) {
        return user(stream.user(), "keys:" + stream.wireName());
    }

    /** A stream's text messages still streaming: hash message id to its record (open_messages). */
    String openMessages(StreamId stream) {
        return user(stream.user(), "open:" + stream.wireName());
    }

    /** The fairness claim of a contended stream. */
    String claim(StreamId stream) {
        return user(stream.user(), "claim:" + stream.wireName());
    }

    /** A room's instances: set of instance ids with members. */
    String room(String room) {
        return prefix + ":{r:" + room + "}";
    }

    /** The instance holding a connection: string {@code instance|user}. */
    String connectionOwner(ConnectionId connection) {
        return prefix + ":{c:" + connection.value() + "}";
    }

    /** The instance ids that heartbeated and were not cleaned up yet: set. */
    String instances() {
        return prefix + ":{g}:instances";
    }

    /** Users with a connection somewhere: set (global stats). */
    String users() {
        return prefix + ":{g}:users";
    }

    /** The marker of the data set: a new value means Redis restarted empty. */
    String boot() {
        return prefix + ":{g}:boot";
    }
}
