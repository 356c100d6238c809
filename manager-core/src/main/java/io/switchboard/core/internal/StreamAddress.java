package io.switchboard.core.internal;

import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.internal.wire.EnvelopeIds;
import io.switchboard.core.internal.wire.WireCodec;
import io.switchboard.core.replay.StreamId;
import java.util.Objects;

/**
 * Where a stream event goes: its stream, the stream's wire name and the target whose connections
 * follow it. An emitter makes its one address when it is created, so an event of a run costs no
 * id, name or target of its own, and the replay log finds the stream by the very key it stored it
 * under (a map compares identical keys without reading them).
 *
 * @param id the stream
 * @param wireName {@code id.wireName()}, made once
 * @param target the user's connections (the user stream) or those viewing the thread
 * @param ids the envelope ids of the one run whose events use this address, encoded once; null
 *     for an address of any run's events
 * @param followers the sessions that follow the stream as last looked up, for an emitter's
 *     address; null for an address used once
 */
record StreamAddress(StreamId id, String wireName, Target target, EnvelopeIds ids,
        Followers followers) {

    StreamAddress {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(wireName, "wireName");
        Objects.requireNonNull(target, "target");
    }

    /** The stream of one thread of a user. */
    static StreamAddress ofThread(UserId user, ThreadId thread) {
        StreamId id = StreamId.ofThread(user, thread);
        return new StreamAddress(id, id.wireName(), new Target.Thread(user, thread), null, null);
    }

    /** The stream of one thread of a user, for the events of one run, whose ids it encodes once. */
    static StreamAddress ofRun(UserId user, ThreadId thread, RunId run, WireCodec codec) {
        StreamId id = StreamId.ofThread(user, thread);
        String wireName = id.wireName();
        return new StreamAddress(id, wireName, new Target.Thread(user, thread),
                codec.envelopeIds(wireName, run, thread), new Followers());
    }

    /** The user-level stream. */
    static StreamAddress ofUser(UserId user) {
        StreamId id = StreamId.ofUser(user);
        return new StreamAddress(id, id.wireName(), new Target.User(user), null, null);
    }
}
