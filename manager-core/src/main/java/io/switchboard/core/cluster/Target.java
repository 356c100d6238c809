package io.switchboard.core.cluster;

import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.Objects;

/**
 * Whom a frame is addressed to, in terms every instance of a cluster understands. A cluster port
 * resolves a target to the instances that hold matching connections; the receiving instance
 * resolves it again against its own connections.
 *
 * <p>Every target is an immutable record, safe to share between threads.
 */
public sealed interface Target {

    /**
     * Every connection of one user.
     *
     * @param user the user
     */
    record User(UserId user) implements Target {
        /**
         * Creates the target.
         *
         * @param user the user
         */
        public User {
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * The connections of one user that are subscribed to one of the user's threads.
     *
     * @param user the user who owns the thread
     * @param thread the thread
     */
    record Thread(UserId user, ThreadId thread) implements Target {
        /**
         * Creates the target.
         *
         * @param user the user who owns the thread
         * @param thread the thread
         */
        public Thread {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(thread, "thread");
        }
    }

    /**
     * One connection.
     *
     * @param connection the connection
     */
    record Connection(ConnectionId connection) implements Target {
        /**
         * Creates the target.
         *
         * @param connection the connection
         */
        public Connection {
            Objects.requireNonNull(connection, "connection");
        }
    }

    /**
     * The members of a room.
     *
     * @param room the room
     */
    record Room(RoomName room) implements Target {
        /**
         * Creates the target.
         *
         * @param room the room
         */
        public Room {
            Objects.requireNonNull(room, "room");
        }
    }

    /** Every connection. */
    record All() implements Target {
    }
}
