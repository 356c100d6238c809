package io.switchboard.benchmarks.load.server;

/**
 * The raw baselines' stream users: each one's pre-encoded frame parts and its seq. Built by
 * {@code prepareUsers} on the command thread before the emission threads start; after that each
 * user is touched only by the one thread that emits to it.
 */
final class RawStreams {

    private final RawFrames frames;
    private final byte[][] heads;
    private final byte[][] middles;
    private final long[] seqs;

    RawStreams(RawFrames frames, int users) {
        this.frames = frames;
        heads = new byte[users][];
        middles = new byte[users][];
        seqs = new long[users];
        for (int i = 0; i < users; i++) {
            String user = BenchWire.streamUser(i);
            heads[i] = RawFrames.streamHead(user);
            middles[i] = RawFrames.streamMiddle(user);
        }
    }

    /** The next event of {@code user}'s stream, carrying {@code stampNanos}. */
    byte[] next(int user, long stampNanos) {
        return frames.streamEvent(heads[user], ++seqs[user], middles[user], stampNanos);
    }
}
