package io.switchboard.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The connection shape every transport extends: one close state, sends gated by it. */
@DisplayName("Abstract connection")
class AbstractConnectionTest {

    /** A connection whose "server" records what it was asked to do. */
    private static final class Recorded extends AbstractConnection {
        final List<String> calls = new ArrayList<>();
        volatile boolean socketOpen = true;
        volatile boolean failWrites;

        Recorded() {
            super(ConnectionId.random());
        }

        @Override
        public Optional<InetSocketAddress> remoteAddress() {
            return Optional.empty();
        }

        @Override
        protected boolean isSocketOpen() {
            return socketOpen;
        }

        @Override
        protected CompletableFuture<Void> write(TextFrame frame) {
            if (failWrites) {
                throw new IllegalStateException("closed meanwhile");
            }
            synchronized (calls) {
                calls.add("write " + frame.text());
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected CompletableFuture<Void> writePing(ByteBuffer payload) {
            synchronized (calls) {
                calls.add("ping " + payload.remaining());
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected void startClose(CloseReason reason) {
            synchronized (calls) {
                calls.add("close " + reason.code());
            }
        }
    }

    @Test
    @DisplayName("writes while open; a server-side failure becomes a failed future")
    void sends() {
        Recorded connection = new Recorded();

        assertThat(connection.send(TextFrame.of("{}"))).isCompleted();
        assertThat(connection.sendPing(ByteBuffer.allocate(3))).isCompleted();
        connection.failWrites = true;
        assertThat(connection.send(TextFrame.of("{}"))).isCompletedExceptionally();

        assertThat(connection.calls).containsExactly("write {}", "ping 3");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    @DisplayName("the first close wins, runs startClose once, and gates every later send")
    void firstCloseWins() throws Exception {
        Recorded connection = new Recorded();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            CloseReason reason = i % 2 == 0 ? CloseReason.EVICTED : CloseReason.GOING_AWAY;
            threads.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                connection.close(reason);
            });
        }
        start.countDown();
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

        assertThat(connection.calls).hasSize(1).first().asString().startsWith("close ");
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.send(TextFrame.of("{}")))
                .failsWithin(1, TimeUnit.SECONDS).withThrowableThat()
                .withCauseInstanceOf(ClosedChannelException.class);
        assertThat(connection.calls).hasSize(1);
    }

    @Test
    @DisplayName("a close the peer made first is what the transport reports, and no close frame follows")
    void peerClosedFirst() {
        Recorded connection = new Recorded();
        CloseReason peer = CloseReason.fromPeer(4000, "tab closed");

        assertThat(connection.markClosing(peer)).isTrue();
        connection.close(CloseReason.NORMAL);

        assertThat(connection.closeReason()).isEqualTo(peer);
        assertThat(connection.calls).isEmpty();
        assertThat(connection.markClosing(CloseReason.GOING_AWAY)).isFalse();
    }

    @Test
    @DisplayName("a socket that went away without a close reports 1000; a closed socket is not open")
    void defaults() {
        Recorded connection = new Recorded();
        connection.socketOpen = false;

        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.closeReason()).isEqualTo(CloseReason.NORMAL);
        assertThat(connection.toString()).isEqualTo("Recorded[" + connection.id() + "]");
        assertThat(connection.attributes()).isEmpty();
    }

    @Test
    @DisplayName("only a rate-limit close cuts the peer off (the transport stops reading)")
    void cutOff() {
        assertThat(AbstractConnection.stopsReading(CloseReason.RATE_LIMITED)).isTrue();
        assertThat(AbstractConnection.stopsReading(CloseReason.NORMAL)).isFalse();
        assertThat(AbstractConnection.stopsReading(CloseReason.PROTOCOL_ERROR)).isFalse();
        assertThat(AbstractConnection.CUT_OFF_GRACE).isPositive();
    }
}
