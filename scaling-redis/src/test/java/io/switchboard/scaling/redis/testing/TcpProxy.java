package io.switchboard.scaling.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on a free loopback port that the test controls, between one instance and Redis:
 * {@link #cut()} makes it a black hole (connections stay open, nothing passes either way, as in
 * a network partition: commands time out, answers in flight are lost); {@link #heal()} resets the
 * cut connections, so the client reconnects, and lets everything through again;
 * {@link #holdAnswers(Duration)} holds what Redis answers next for a while (a slow network or a
 * client too busy to read: commands run in time, their answers come late).
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    // Answers read from Redis after this moment (nanoTime) wait until it; 0 for none.
    private volatile long holdAnswersUntil;
    private volatile boolean closed;

    private TcpProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy to {@code 127.0.0.1:targetPort}.
     *
     * @param targetPort the port of Redis
     * @return the running proxy
     */
    public static TcpProxy to(int targetPort) {
        try {
            return new TcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URI a client connects to instead of Redis's. */
    public String uri() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /** Nothing passes any more, in either direction; connections stay open. */
    public void cut() {
        cut = true;
    }

    /**
     * Holds Redis's answers for {@code hold} from now: they pass, in order, once it is over.
     *
     * @param hold how long
     */
    public void holdAnswers(Duration hold) {
        holdAnswersUntil = System.nanoTime() + hold.toNanos();
    }

    /** Resets every connection that was cut, and lets traffic through again. */
    public void heal() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
        cut = false;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort),
                        2000);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    long holdFor = answers ? holdAnswersUntil - System.nanoTime() : 0;
                    if (holdFor > 0) {
                        LockSupport.parkNanos(holdFor);
                    }
                    if (!cut) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // One side closed: close the other.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        closed = true;
        heal();
        try {
            server.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
