package io.switchboard.benchmarks.load.server;

/**
 * One server under load: a raw baseline or Switchboard on one transport. The harness's commands
 * arrive on one thread; {@link #emit} is called from the emission threads, each user always from
 * the same thread within one command.
 */
interface Backend extends AutoCloseable {

    /**
     * The port the WebSocket endpoint listens on ({@code ws://127.0.0.1:port/ws}).
     *
     * @return the port
     */
    int port();

    /**
     * Readies stream users {@code 0..users-1}, which are connected and subscribed by now: the raw
     * servers look up their channels, Switchboard creates one run (and its emitter) per user.
     *
     * @param users how many
     */
    void prepareUsers(int users);

    /**
     * Sends the next event of stream user {@code user}'s thread.
     *
     * @param user the user's index
     * @param stampNanos the timestamp the event carries
     */
    void emit(int user, long stampNanos);

    /**
     * Sends one event to every connection.
     *
     * @param stampNanos the timestamp the event carries
     * @param batched for the raw Netty server: one task per event loop writing to its channels,
     *     rather than one {@code writeAndFlush} per channel from the caller; ignored elsewhere
     */
    void broadcast(long stampNanos, boolean batched);

    /**
     * How many WebSocket connections the server holds.
     *
     * @return the count
     */
    int connections();

    /** Stops the server. */
    @Override
    void close();
}
