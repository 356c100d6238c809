package io.switchboard.benchmarks.load.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.switchboard.benchmarks.load.server.BenchWire;
import io.switchboard.benchmarks.load.server.NettyLoops;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The harness's load generator: WebSocket clients on Netty, many connections on a few event loops,
 * each authenticated as its own user with {@link BenchWire#USER_HEADER}. It opens connections with
 * a bounded number of handshakes in flight, counts what reaches the sockets in {@link Arrivals},
 * and churns (connect, welcome, close) with a fixed number of cycles in flight. Methods are
 * called from one harness thread; the connections run on the client's event loops.
 */
public final class LoadClient implements AutoCloseable {

    /** What a churn run did. */
    public record Churn(long cycles, long failures, long nanos) {
    }

    private final NettyLoops loops;
    private final Arrivals arrivals = new Arrivals();
    private final byte[] stampMarker = BenchWire.STAMP_MARKER.getBytes(StandardCharsets.US_ASCII);

    /**
     * Starts the client's event loops.
     *
     * @param threads how many
     */
    public LoadClient(int threads) {
        this.loops = NettyLoops.client("load-client", threads);
    }

    /**
     * What reached the client.
     *
     * @return the shared counters
     */
    public Arrivals arrivals() {
        return arrivals;
    }

    /**
     * Opens {@code count} connections and waits until each is welcomed (and subscribed).
     *
     * @param port the server's port on 127.0.0.1
     * @param userOf the user of connection {@code i}
     * @param count how many
     * @param parallel how many handshakes at most in flight
     * @param subscribe whether each subscribes to {@link BenchWire#THREAD} after its welcome
     * @param within how long opening all of them may take
     * @return the open connections
     * @throws Exception if one fails, or the deadline passes
     */
    public List<Channel> open(int port, IntFunction<String> userOf, int count, int parallel,
            boolean subscribe, Duration within) throws Exception {
        List<Channel> opened = new ArrayList<>(count);
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable[] openNext = new Runnable[1];
        openNext[0] = () -> {
            int index = next.getAndIncrement();
            if (index >= count) {
                return;
            }
            connect(port, userOf.apply(index), subscribe).whenComplete((channel, failure) -> {
                if (failure != null) {
                    all.completeExceptionally(new IllegalStateException(
                            "connection " + index + " of " + count + " failed", failure));
                    return;
                }
                synchronized (opened) {
                    opened.add(channel);
                }
                if (done.incrementAndGet() == count) {
                    all.complete(null);
                } else {
                    openNext[0].run();
                }
            });
        };
        for (int i = 0; i < Math.min(parallel, count); i++) {
            openNext[0].run();
        }
        if (count == 0) {
            all.complete(null);
        }
        try {
            all.get(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException(done.get() + " of " + count + " connections open after " + within);
        } finally {
            synchronized (opened) {
                if (!all.isDone() || all.isCompletedExceptionally()) {
                    close(opened);
                }
            }
        }
        synchronized (opened) {
            return List.copyOf(opened);
        }
    }

    /**
     * Runs connect, welcome, close cycles for {@code duration}, {@code inFlight} at a time, each as
     * a new user; waits for the cycles in flight to end.
     *
     * @param port the server's port on 127.0.0.1
     * @param userPrefix the users' prefix
     * @param inFlight cycles at once
     * @param duration how long new cycles start
     * @return the cycles completed and failed, and the time they took
     * @throws InterruptedException if interrupted
     */
    public Churn churn(int port, String userPrefix, int inFlight, Duration duration)
            throws InterruptedException {
        AtomicLong cycles = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong users = new AtomicLong();
        AtomicInteger running = new AtomicInteger(inFlight);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Runnable[] cycle = new Runnable[1];
        cycle[0] = () -> {
            if (System.nanoTime() - end >= 0) {
                if (running.decrementAndGet() == 0) {
                    finished.complete(null);
                }
                return;
            }
            connect(port, userPrefix + users.incrementAndGet(), false)
                    .thenCompose(channel -> {
                        CompletableFuture<Void> closed = new CompletableFuture<>();
                        channel.closeFuture().addListener(done -> closed.complete(null));
                        closeOwn(channel, new CloseWebSocketFrame(1000, "done"));
                        return closed;
                    })
                    .whenComplete((ignored, failure) -> {
                        (failure == null ? cycles : failures).incrementAndGet();
                        cycle[0].run();
                    });
        };
        for (int i = 0; i < inFlight; i++) {
            cycle[0].run();
        }
        try {
            finished.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("churn cycles did not end", e);
        }
        return new Churn(cycles.get(), failures.get(), System.nanoTime() - start);
    }

    /**
     * Sends one ping on every connection, without waiting for the pongs. A warm-up does this so
     * that each server's read path is compiled before it is measured, as it is by the pongs a
     * server with a heartbeat gets while it is measured; every server answers pings.
     *
     * @param channels the connections
     */
    public void ping(List<Channel> channels) {
        for (Channel channel : channels) {
            channel.writeAndFlush(new PingWebSocketFrame());
        }
    }

    /**
     * Drops the connections' TCP connections and waits until they are closed.
     *
     * @param channels the connections
     */
    public void close(List<Channel> channels) {
        List<ChannelFuture> closing = new ArrayList<>(channels.size());
        for (Channel channel : channels) {
            closing.add(closeOwn(channel, null));
        }
        for (ChannelFuture future : closing) {
            future.awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    /** Stops the event loops; open connections are dropped. */
    @Override
    public void close() {
        loops.close();
    }

    // Closes a connection of the client's own, with a close frame or by dropping TCP.
    private static ChannelFuture closeOwn(Channel channel, CloseWebSocketFrame frame) {
        ChannelFuture closed = channel.closeFuture();
        channel.eventLoop().execute(() -> {
            ClientFrames frames = channel.pipeline().get(ClientFrames.class);
            if (frames != null) {
                frames.closing();
            }
            if (frame != null) {
                channel.writeAndFlush(frame);
            } else {
                channel.close();
            }
        });
        return closed;
    }

    private CompletableFuture<Channel> connect(int port, String user, boolean subscribe) {
        HttpHeaders headers = new DefaultHttpHeaders().add(BenchWire.USER_HEADER, user);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(URI.create("ws://127.0.0.1:" + port + "/ws"))
                .customHeaders(headers)
                // Not a browser: Switchboard's default origin policy admits clients without one.
                .generateOriginHeader(false)
                .handshakeTimeoutMillis(30_000)
                .build();
        ClientFrames frames = new ClientFrames(stampMarker, arrivals, subscribe);
        CompletableFuture<Channel> ready = new CompletableFuture<>();
        ChannelFuture connecting = new Bootstrap()
                .group(loops.workers())
                .channel(loops.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(),
                                new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(config), frames);
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port));
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                ready.completeExceptionally(connected.cause());
            }
        });
        frames.ready().whenComplete((ignored, failure) -> {
            if (failure != null) {
                ready.completeExceptionally(failure);
                connecting.channel().close();
            } else {
                ready.complete(connecting.channel());
            }
        });
        return ready;
    }
}
