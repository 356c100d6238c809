package io.switchboard.heartbeat;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A peer behind the connection SPI that answers pings like a client would, through the real
 * manager: at once, late, or never. Used to run thousands of connections without sockets; the
 * transports' kit covers the same cases over real sockets.
 *
 * @param connection the peer's socket, as the manager holds it
 * @param behaviour how it answers pings
 * @param attachedAtNanos when it was connected: a silent peer's last sign of life
 */
record SimulatedPeer(FakeConnection connection, Behaviour behaviour, long attachedAtNanos) {

    /** How the peer answers pings. */
    enum Behaviour {
        ANSWERS,
        SILENT,
        LATE
    }

    /**
     * Connects a new peer for {@code user}.
     *
     * @param lateBy how late a {@link Behaviour#LATE} peer answers; ignored otherwise
     * @param answers where answers run, off the heartbeat's thread
     */
    static SimulatedPeer connect(WebSocketManager manager, UserId user, Behaviour behaviour, Duration lateBy,
            ScheduledExecutorService answers) {
        FakeConnection connection = FakeConnection.builder()
                .onPing(answer(manager, behaviour, lateBy, answers)).build();
        long attachedAt = System.nanoTime();
        manager.connect(user, connection);
        return new SimulatedPeer(connection, behaviour, attachedAt);
    }

    private static BiConsumer<ConnectionId, ByteBuffer> answer(WebSocketManager manager, Behaviour behaviour,
            Duration lateBy, ScheduledExecutorService answers) {
        return switch (behaviour) {
            case ANSWERS -> (id, echo) -> answers.execute(() -> manager.onPong(id, echo));
            case LATE -> (id, echo) -> answers.schedule(() -> manager.onPong(id, echo), lateBy.toNanos(),
                    TimeUnit.NANOSECONDS);
            case SILENT -> (id, echo) -> { };
        };
    }
}
