package io.switchboard.benchmarks.load.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The raw baselines' frames: the same envelope Switchboard writes, pre-encoded except for the two
 * numbers that change per event (the stream's seq and the timestamp), which are written into a
 * copy of the template. This is what a hand-written server that knows its one event shape would
 * do; it is the floor the library is measured against. Immutable once built; each backend has
 * its own.
 */
final class RawFrames {

    // As long as the manager's: nanosecond timestamps, 16-digit epochs, UUID connection ids.
    private static final String TS = "2026-12-01T12:00:00.000000000Z";
    private static final String EPOCH = "7f3a9c2b1d4e5f60";

    private final byte[] welcome = ("{\"type\":\"welcome\",\"connection_id\":"
            + "\"4f1f7a52-7a0e-4c1e-9d0b-1f2e3d4c5b6a\",\"user_stream\":\"u-0#\",\"protocol\":1,"
            + "\"ts\":\"" + TS + "\"}").getBytes(StandardCharsets.UTF_8);
    private final byte[] subscribed = ("{\"type\":\"subscribed\",\"thread_id\":\""
            + BenchWire.THREAD + "\"}").getBytes(StandardCharsets.UTF_8);
    private final byte[] payloadHead = (",\"ts\":\"" + TS + "\",\"payload\":{\"tool_call_id\":\""
            + BenchWire.TOOL_CALL_ID + "\",\"tool_name\":\"" + BenchWire.TOOL_NAME
            + "\",\"arguments\":{\"query\":\"" + BenchWire.QUERY + "\",\"" + BenchWire.STAMP_KEY
            + "\":").getBytes(StandardCharsets.UTF_8);
    private final byte[] tail = "}}}".getBytes(StandardCharsets.UTF_8);
    private final byte[] broadcastHead =
            "{\"type\":\"tool_executing\"".getBytes(StandardCharsets.UTF_8);

    /** The welcome frame, the same for every connection. */
    byte[] welcome() {
        return welcome.clone();
    }

    /** The answer to a subscribe frame. */
    byte[] subscribed() {
        return subscribed.clone();
    }

    /**
     * The pre-encoded head of a user's stream events, up to the seq.
     *
     * @param user the user id
     * @return the bytes
     */
    static byte[] streamHead(String user) {
        return ("{\"type\":\"tool_executing\",\"stream\":\"" + user + "#" + BenchWire.THREAD
                + "\",\"seq\":").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The pre-encoded middle of a user's stream events, from after the seq to the payload.
     *
     * @param user the user id
     * @return the bytes
     */
    static byte[] streamMiddle(String user) {
        return (",\"epoch\":\"" + EPOCH + "\",\"run_id\":\"r-" + user + "\",\"thread_id\":\""
                + BenchWire.THREAD + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One stream event: the user's head, its seq, the user's middle, the payload with the stamp.
     *
     * @param head {@link #streamHead}
     * @param seq the event's position in the stream
     * @param middle {@link #streamMiddle}
     * @param stampNanos the timestamp
     * @return the frame's bytes
     */
    byte[] streamEvent(byte[] head, long seq, byte[] middle, long stampNanos) {
        byte[] out = new byte[head.length + 20 + middle.length + payloadHead.length + 20 + tail.length];
        int at = put(out, 0, head);
        at = putLong(out, at, seq);
        at = put(out, at, middle);
        at = put(out, at, payloadHead);
        at = putLong(out, at, stampNanos);
        at = put(out, at, tail);
        return Arrays.copyOf(out, at);
    }

    /**
     * A broadcast event: outside any stream, so without stream, seq, epoch, run and thread.
     *
     * @param stampNanos the timestamp
     * @return the frame's bytes
     */
    byte[] broadcastEvent(long stampNanos) {
        byte[] out = new byte[broadcastHead.length + payloadHead.length + 20 + tail.length];
        int at = put(out, 0, broadcastHead);
        at = put(out, at, payloadHead);
        at = putLong(out, at, stampNanos);
        at = put(out, at, tail);
        return Arrays.copyOf(out, at);
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    // Decimal digits of a non-negative long, without a String on the way.
    private static int putLong(byte[] out, int at, long value) {
        if (value == 0) {
            out[at] = '0';
            return at + 1;
        }
        int digits = 0;
        for (long rest = value; rest > 0; rest /= 10) {
            digits++;
        }
        long rest = value;
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return at + digits;
    }
}
