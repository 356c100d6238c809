package io.switchboard.benchmarks.load.server;

/**
 * What the load harness's servers and its client agree on: how a client names its user, the one
 * thread every stream user subscribes to, and the timestamp every event carries. The raw
 * baselines send the same envelope as Switchboard, byte for byte in shape, so that every server
 * writes frames of the same size.
 */
public final class BenchWire {

    /** The handshake header that names the client's user (the benchmark's "session"). */
    public static final String USER_HEADER = "X-Bench-User";

    /** The thread every stream user subscribes to. */
    public static final String THREAD = "t-1";

    /** The key of the timestamp ({@code System.nanoTime()} of the emitting side) in every event. */
    public static final String STAMP_KEY = "t";

    /** How the timestamp appears in a frame: the client looks for it. */
    public static final String STAMP_MARKER = "\"" + STAMP_KEY + "\":";

    /** The client's subscribe frame. */
    public static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"thread_id\":\"" + THREAD + "\"}";

    /** The tool call every event describes. */
    static final String TOOL_CALL_ID = "call-1";

    /** The tool every event names. */
    static final String TOOL_NAME = "web_search";

    /** The tool's argument: a realistic size for an agent event. */
    static final String QUERY = "weather in Oslo tomorrow morning, hourly, with wind and precipitation";

    private BenchWire() {
    }

    /**
     * The user of stream client {@code index}.
     *
     * @param index 0, 1, ...
     * @return its user id
     */
    public static String streamUser(int index) {
        return "u-" + index;
    }
}
