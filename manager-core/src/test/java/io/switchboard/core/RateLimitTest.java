package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.ManagerStats.InboundError;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The inbound rate limit: token buckets per connection and per user, on manual time. */
@DisplayName("Inbound rate limit")
class RateLimitTest {

    private static final String PING = "{\"type\":\"ping\"}";
    private static final InboundRateLimit LIMIT = InboundRateLimit.builder()
            .perConnection(new InboundRateLimit.Rate(10, 20, 10_000, 20_000))
            .perUser(new InboundRateLimit.Rate(15, 30, 100_000, 200_000))
            .excessFramesBeforeClose(5)
            .build();

    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final ManagerHarness harness = new ManagerHarness(
            config -> config.inboundRateLimit(LIMIT),
            builder -> builder.inboundHandler(message -> handled.add(message.payloadJson())));
    private final WebSocketManager manager = harness.manager;

    @AfterEach
    void close() {
        manager.close();
    }

    private static void send(WebSocketManager manager, FakeConnection connection, int frames) {
        for (int i = 0; i < frames; i++) {
            manager.onText(connection.id(), PING);
        }
    }

    @Test
    @DisplayName("a burst within the bucket is handled whole")
    void burstWithinLimit() {
        FakeConnection client = harness.connect("alice");

        send(manager, client, 20);

        assertThat(client).hasFramesOfType("pong", 20);
        assertThat(client).hasNoFrameOfType("error");
        assertThat(manager.stats().rateLimitedFrames()).isZero();
    }

    @Test
    @DisplayName("the first frame beyond it is dropped and answered with error rate_limited, once")
    void warnsOnceThenDrops() {
        FakeConnection client = harness.connect("alice");

        send(manager, client, 20 + 4);

        assertThat(client).hasFramesOfType("pong", 20);
        assertThat(client.framesOfType("error")).singleElement()
                .satisfies(error -> assertThat(error.path("code").asText()).isEqualTo("rate_limited"));
        assertThat(client.closeReason()).isEmpty();
        ManagerStats stats = manager.stats();
        assertThat(stats.rateLimitedFrames()).isEqualTo(4);
        assertThat(stats.inboundErrors(InboundError.RATE_LIMITED)).isEqualTo(1);
        assertThat(stats.rateLimitCloses()).isZero();
    }

    @Test
    @DisplayName("the bucket refills with time: a client that slows down carries on")
    void refills() {
        FakeConnection client = harness.connect("alice");
        send(manager, client, 21);

        harness.ticker.advance(Duration.ofMillis(500)); // 5 frames at 10/s
        send(manager, client, 5);

        assertThat(client).hasFramesOfType("pong", 25);
        assertThat(client.closeReason()).isEmpty();
    }

    @Test
    @DisplayName("a client that keeps going is closed with 1008 'rate limit exceeded'")
    void keepsGoingIsClosed() {
        FakeConnection client = harness.connect("alice");
        FakeConnection bystander = harness.connect("bob");

        send(manager, client, 20 + 1 + 5);
        assertThat(client.closeReason()).as("5 excess frames are tolerated").isEmpty();
        send(manager, client, 1);

        assertThat(client.closeReason()).contains(CloseReason.RATE_LIMITED);
        assertThat(CloseReason.RATE_LIMITED.code()).isEqualTo(1008);
        assertThat(manager.stats().rateLimitCloses()).isEqualTo(1);
        assertThat(manager.stats().connections()).isEqualTo(1);
        send(manager, bystander, 20);
        assertThat(bystander).hasFramesOfType("pong", 20);
    }

    @Test
    @DisplayName("an accepted frame ends an excess streak: only frames beyond the limit in a row close")
    void streakResets() {
        FakeConnection client = harness.connect("alice");
        send(manager, client, 20);
        for (int round = 0; round < 5; round++) {
            harness.ticker.advance(Duration.ofMillis(100)); // one frame's worth
            send(manager, client, 5); // one accepted, one warned, three dropped
        }

        assertThat(client.closeReason()).isEmpty();
        assertThat(client).hasFramesOfType("error", 5);
    }

    @Test
    @DisplayName("the byte bucket counts UTF-8 bytes of text frames")
    void bytes() {
        FakeConnection client = harness.connect("alice");
        String big = "{\"type\":\"message\",\"payload\":\"" + "\u00e9".repeat(4_990) + "\"}";
        assertThat(big.length()).isLessThan(10_000);

        for (int i = 0; i < 3; i++) {
            manager.onText(client.id(), big); // about 10 KB each; the burst holds 20 KB
        }

        assertThat(handled).hasSize(1);
        assertThat(client.framesOfType("error")).singleElement()
                .satisfies(error -> assertThat(error.path("code").asText()).isEqualTo("rate_limited"));
    }

    @Test
    @DisplayName("a user's connections share one more bucket: opening more does not multiply the rate")
    void perUser() {
        FakeConnection first = harness.connect("alice");
        FakeConnection second = harness.connect("alice");

        send(manager, first, 20);
        send(manager, second, 20);

        assertThat(first).hasFramesOfType("pong", 20);
        assertThat(second.framesOfType("pong")).as("the user's bucket holds 30").hasSize(10);
        assertThat(second).hasFramesOfType("error", 1);
    }

    @Test
    @DisplayName("pings, pongs and binary frames count as frames too")
    void controlFramesCount() {
        FakeConnection client = harness.connect("alice");
        for (int i = 0; i < 20; i++) {
            manager.onActivity(client.id());
        }

        manager.onText(client.id(), PING);
        manager.onPong(client.id(), null);
        manager.onBinary(client.id());

        assertThat(client).hasNoFrameOfType("pong");
        assertThat(manager.stats().rateLimitedFrames()).isEqualTo(3);
    }

    @Test
    @DisplayName("the user's bucket is forgotten with the user's last connection")
    void userBucketForgotten() {
        FakeConnection first = harness.connect("alice");
        send(manager, first, 30);
        manager.disconnect(first.id(), CloseReason.NORMAL);

        FakeConnection again = harness.connect("alice");
        send(manager, again, 20);

        assertThat(again).hasFramesOfType("pong", 20);
    }

    @Test
    @DisplayName("unlimited turns it off; the defaults are far above a chat client's pace")
    void unlimitedAndDefaults() {
        ManagerHarness open = new ManagerHarness(
                config -> config.inboundRateLimit(InboundRateLimit.unlimited()), builder -> builder);
        try {
            FakeConnection client = open.connect("alice");
            send(open.manager, client, 5_000);
            assertThat(client).hasFramesOfType("pong", 5_000);
        } finally {
            open.manager.close();
        }
        InboundRateLimit defaults = ManagerConfig.defaults().inboundRateLimit();
        assertThat(defaults).isEqualTo(InboundRateLimit.defaults());
        assertThat(defaults.perConnection().framesPerSecond()).isEqualTo(50);
        assertThat(defaults.perConnection().frameBurst()).isEqualTo(200);
        assertThat(defaults.perUser().framesPerSecond()).isEqualTo(100);
        assertThat(defaults.excessFramesBeforeClose()).isEqualTo(100);
    }

    @Test
    @DisplayName("invalid rates fail when built, naming the value")
    void validation() {
        assertThatThrownBy(() -> new InboundRateLimit.Rate(0, 1, 1, 1))
                .hasMessageContaining("framesPerSecond").hasMessageContaining("0.0");
        assertThatThrownBy(() -> new InboundRateLimit.Rate(1, 0, 1, 1)).hasMessageContaining("frameBurst");
        assertThatThrownBy(() -> InboundRateLimit.builder().excessFramesBeforeClose(0).build())
                .hasMessageContaining("excessFramesBeforeClose");
        assertThat(UserId.of("x")).isNotNull();
    }
}
