package io.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.testing.FakeConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@DisplayName("Session: subscriptions, places and rooms")
class SessionTest {

    private static final UserId USER = UserId.of("u-1");
    private static final int WRITERS = 4;
    private static final int PER_WRITER = 200;

    private static Session session() {
        return new Session(USER, new FakeConnection(), 0, ignored -> null);
    }

    @Test
    @DisplayName("subscribing twice keeps one subscription; unsubscribing removes only that thread")
    void subscriptions() {
        Session session = session();
        ThreadId one = ThreadId.of("t-1");
        ThreadId two = ThreadId.of("t-2");
        session.subscribe(one);
        session.subscribe(one);
        session.subscribe(two);
        session.unsubscribe(one);
        session.unsubscribe(ThreadId.of("never"));
        assertThat(session.subscribed(one)).isFalse();
        assertThat(session.subscribed(two)).isTrue();
    }

    @Test
    @DisplayName("a place is replaced in place, a forgotten stream is gone and the others stay")
    void places() {
        Session session = session();
        StreamId user = StreamId.ofUser(USER);
        StreamId thread = StreamId.ofThread(USER, ThreadId.of("t-1"));
        session.place(user, StreamPlace.START);
        session.place(thread, StreamPlace.START);
        StreamPlace moved = new StreamPlace("e", 0, 3, false);
        session.place(user, moved);
        assertThat(session.placedStreams()).containsExactly(user, thread);
        assertThat(session.place(user)).isEqualTo(moved);
        session.forgetStream(user);
        assertThat(session.place(user)).isNull();
        assertThat(session.place(thread)).isEqualTo(StreamPlace.START);
        assertThat(session.placedStreams()).containsExactly(thread);
    }

    @Test
    @DisplayName("rooms: a join is reported once, leaving all empties the set")
    void rooms() {
        Session session = session();
        RoomName room = RoomName.of("r-1");
        synchronized (session) {
            assertThat(session.leaveAllRooms()).isEmpty();
            assertThat(session.joinRoom(room)).isTrue();
            assertThat(session.joinRoom(room)).isFalse();
            assertThat(session.joinRoom(RoomName.of("r-2"))).isTrue();
            assertThat(session.leaveRoom(RoomName.of("r-2"))).isTrue();
            assertThat(session.leaveAllRooms()).containsExactly(room);
            assertThat(session.leaveRoom(room)).isFalse();
        }
    }

    // Streams are locked one by one, so two threads change one session's subscriptions and
    // places at the same time; copy-on-write must lose none of their changes.
    @RepeatedTest(5)
    @DisplayName("concurrent changes to different threads and streams are all kept")
    void concurrentChanges() throws Exception {
        Session session = session();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_WRITER; i++) {
                        ThreadId thread = ThreadId.of("t-" + writer + "-" + i);
                        StreamId stream = StreamId.ofThread(USER, thread);
                        session.subscribe(thread);
                        session.place(stream, StreamPlace.START);
                        if (i % 2 == 1) {
                            session.unsubscribe(thread);
                            session.forgetStream(stream);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : done) {
                writer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int w = 0; w < WRITERS; w++) {
            for (int i = 0; i < PER_WRITER; i++) {
                ThreadId thread = ThreadId.of("t-" + w + "-" + i);
                boolean kept = i % 2 == 0;
                assertThat(session.subscribed(thread)).as("subscribed to %s", thread).isEqualTo(kept);
                assertThat(session.place(StreamId.ofThread(USER, thread)))
                        .as("place in %s", thread).isEqualTo(kept ? StreamPlace.START : null);
            }
        }
        assertThat(session.placedStreams()).hasSize(WRITERS * PER_WRITER / 2);
    }
}
