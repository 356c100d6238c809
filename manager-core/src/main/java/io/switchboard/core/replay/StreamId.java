package io.switchboard.core.replay;

import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * A stream of numbered events: one per user and thread, and one per user for events with no
 * thread. On the wire a stream is named {@code <user>#<thread>} or {@code <user>#}; {@code #} is
 * outside the id character set, so a name maps back to exactly one user and thread.
 *
 * @param user the user who owns the stream (and alone may read it)
 * @param thread the thread, or empty for the user-level stream
 */
public record StreamId(UserId user, Optional<ThreadId> thread) {

    /**
     * Checks the parts.
     *
     * @param user the user who owns the stream (and alone may read it)
     * @param thread the thread, or empty for the user-level stream
     */
    public StreamId {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(thread, "thread");
    }

    /**
     * The stream of one thread of a user.
     *
     * @param user the user
     * @param thread the thread
     * @return the stream
     */
    public static StreamId ofThread(UserId user, ThreadId thread) {
        return new StreamId(user, Optional.of(thread));
    }

    /**
     * The user-level stream: events sent to the user with no thread.
     *
     * @param user the user
     * @return the stream
     */
    public static StreamId ofUser(UserId user) {
        return new StreamId(user, Optional.empty());
    }

    /**
     * Parses a wire name.
     *
     * @param name for example {@code alice#t-1} or {@code alice#}
     * @return the stream
     * @throws IllegalArgumentException if the name is not a stream name
     */
    public static StreamId parse(String name) {
        Objects.requireNonNull(name, "name");
        int hash = name.indexOf('#');
        if (hash < 0 || name.indexOf('#', hash + 1) >= 0) {
            throw new IllegalArgumentException("stream name must contain exactly one '#'");
        }
        UserId user = UserId.of(name.substring(0, hash));
        String thread = name.substring(hash + 1);
        return thread.isEmpty() ? ofUser(user) : ofThread(user, ThreadId.of(thread));
    }

    /**
     * The wire name.
     *
     * @return {@code <user>#<thread>} or {@code <user>#}
     */
    public String wireName() {
        return user.value() + "#" + thread.map(ThreadId::value).orElse("");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
