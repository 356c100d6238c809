package io.switchboard.core.internal.replay;

import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.spi.TextFrame;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * One stream's events other than deltas, oldest first, kept as few objects as possible: their
 * frames' bytes copied into a few byte chunks, their seqs, times and places in primitive rings,
 * and their types and runs as references to the (long-lived) strings and ids the events carry.
 *
 * <p>Why not a deque of {@link StoredEvent}s: a log keeps every event for minutes, so each event
 * would leave five objects behind (the entry, the event, its frame, its bytes, its run) for the
 * collector to copy from generation to generation and to reclaim from the old one when it is
 * trimmed, and every append would store a reference to a new object into an old one. Under load
 * that made young collections pause for 30 to 65 ms, which set the tail latency of every
 * connection. Here an append copies bytes and writes numbers; the event is made again, once,
 * when it is read (replays are rare, appends are not).
 *
 * <p>Chunks are never copied to grow: a stream takes a new chunk when its newest is full (the
 * first few small, for streams that stay small, then {@link #CHUNK_BYTES} each), and a full-size
 * chunk whose events have all gone is kept as the next one. A stream at its bound therefore
 * allocates nothing at all. A frame never spans chunks; one larger than a chunk gets a chunk of
 * its own size.
 *
 * <p>Not thread-safe: its {@link StreamLog} guards it.
 */
final class SingleEvents {

    /** The size of every chunk after the first few. */
    static final int CHUNK_BYTES = 4096;
    private static final int FIRST_CHUNK_BYTES = 512;
    private static final int FIRST_EVENTS = 4;
    // Per event slot, what its primitives and references take: for the cache's weight.
    private static final int SLOT_BYTES = 8 + 8 + 8 + 8 + 4 + 4 + 1 + 4 + 4 + 4;

    // Event ring: event k (0 the oldest) is at slot (head + k) % capacity.
    private long[] seqs = new long[FIRST_EVENTS];
    private long[] storedNanos = new long[FIRST_EVENTS];
    private long[] storedMillis = new long[FIRST_EVENTS];
    // The number of the chunk holding the event's frame, and where in it the frame starts.
    private long[] chunkNumbers = new long[FIRST_EVENTS];
    private int[] starts = new int[FIRST_EVENTS];
    private int[] lengths = new int[FIRST_EVENTS];
    private boolean[] lifecycles = new boolean[FIRST_EVENTS];
    private String[] types = new String[FIRST_EVENTS];
    private RunId[] runs = new RunId[FIRST_EVENTS];
    // Only traced frames carry a context; null otherwise, and a null store costs nothing.
    private String[] contexts = new String[FIRST_EVENTS];
    private int head;
    private int count;

    // Chunk ring: chunk n (numbered from 0 for the stream's life) is at
    // chunks[(chunkHead + n - firstChunk) % chunks.length], for firstChunk <= n < firstChunk + chunkCount.
    private byte[][] chunks = new byte[2][];
    private int chunkHead;
    private int chunkCount;
    private long firstChunk;
    // Where the next frame goes in the newest chunk.
    private int tailUsed;
    private byte[] spare;
    private long chunkBytes;

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The memory held, in bytes: the chunks' and the slots', used or not. */
    long footprint() {
        return chunkBytes + (spare == null ? 0 : spare.length) + (long) seqs.length * SLOT_BYTES;
    }

    /** Appends an event; its seq must be above every seq held. */
    void add(StoredEvent event, long nowNanos) {
        if (count == seqs.length) {
            growEvents();
        }
        ByteBuffer frame = event.frame().asByteBuffer();
        int length = frame.remaining();
        byte[] tail = chunkCount == 0 ? null : chunk(firstChunk + chunkCount - 1);
        if (tail == null || tail.length - tailUsed < length) {
            tail = addChunk(length);
        }
        int slot = (head + count) % seqs.length;
        frame.get(tail, tailUsed, length);
        seqs[slot] = event.seq();
        storedNanos[slot] = nowNanos;
        storedMillis[slot] = event.storedAtMillis();
        chunkNumbers[slot] = firstChunk + chunkCount - 1;
        starts[slot] = tailUsed;
        lengths[slot] = length;
        lifecycles[slot] = event.lifecycle();
        types[slot] = event.type();
        runs[slot] = event.run().orElse(null);
        contexts[slot] = event.frame().context().orElse(null);
        tailUsed += length;
        count++;
    }

    long oldestSeq() {
        return seqs[head];
    }

    long oldestNanos() {
        return storedNanos[head];
    }

    /** Forgets the oldest event, and the chunks that held nothing newer. */
    void dropOldest() {
        // Let go of what the references named: a run id may be the only one left.
        types[head] = null;
        runs[head] = null;
        contexts[head] = null;
        head = (head + 1) % seqs.length;
        count--;
        // The newest chunk stays while it is being filled; older ones go once no event is in them.
        long stillNeeded = count == 0 ? firstChunk + chunkCount - 1 : chunkNumbers[head];
        while (firstChunk < stillNeeded) {
            dropFirstChunk();
        }
        if (count == 0) {
            head = 0;
            tailUsed = 0;
        }
    }

    long seq(int index) {
        return seqs[slot(index)];
    }

    /** The {@code index}th event, oldest first, made again from what was kept. */
    StoredEvent event(int index, String epoch) {
        int slot = slot(index);
        byte[] frame = Arrays.copyOfRange(chunk(chunkNumbers[slot]), starts[slot],
                starts[slot] + lengths[slot]);
        TextFrame text = TextFrame.ofUtf8(frame);
        if (contexts[slot] != null) {
            text = text.withContext(contexts[slot]);
        }
        return new StoredEvent(seqs[slot], epoch, types[slot], Optional.ofNullable(runs[slot]),
                lifecycles[slot], storedMillis[slot], text);
    }

    /** The index of the event with {@code seq}, or -1; seqs rise from oldest to newest. */
    int indexOf(long seq) {
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long found = seqs[slot(middle)];
            if (found < seq) {
                low = middle + 1;
            } else if (found > seq) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    private int slot(int index) {
        return (head + index) % seqs.length;
    }

    private byte[] chunk(long number) {
        return chunks[(int) ((chunkHead + number - firstChunk) % chunks.length)];
    }

    // A new newest chunk with room for length bytes: the spare if it fits, else a new one, small
    // while the stream is small.
    private byte[] addChunk(int length) {
        byte[] added;
        if (spare != null && spare.length >= length) {
            added = spare;
            spare = null;
        } else {
            int size = chunkCount == 0 ? FIRST_CHUNK_BYTES
                    : Math.min(CHUNK_BYTES, chunk(firstChunk + chunkCount - 1).length * 2);
            added = new byte[Math.max(size, length)];
        }
        if (chunkCount == chunks.length) {
            byte[][] grown = new byte[chunks.length * 2][];
            for (int n = 0; n < chunkCount; n++) {
                grown[n] = chunks[(chunkHead + n) % chunks.length];
            }
            chunks = grown;
            chunkHead = 0;
        }
        chunks[(chunkHead + chunkCount) % chunks.length] = added;
        chunkCount++;
        chunkBytes += added.length;
        tailUsed = 0;
        return added;
    }

    private void dropFirstChunk() {
        byte[] dropped = chunks[chunkHead];
        chunks[chunkHead] = null;
        chunkHead = (chunkHead + 1) % chunks.length;
        chunkCount--;
        firstChunk++;
        chunkBytes -= dropped.length;
        if (dropped.length == CHUNK_BYTES && spare == null) {
            spare = dropped;
        }
    }

    // Doubles the event ring, oldest first at slot 0. Every ring has the old capacity until then.
    private void growEvents() {
        int capacity = seqs.length * 2;
        seqs = unrolled(seqs, capacity);
        storedNanos = unrolled(storedNanos, capacity);
        storedMillis = unrolled(storedMillis, capacity);
        chunkNumbers = unrolled(chunkNumbers, capacity);
        starts = unrolled(starts, capacity);
        lengths = unrolled(lengths, capacity);
        lifecycles = unrolled(lifecycles, capacity);
        types = unrolled(types, capacity);
        runs = unrolled(runs, capacity);
        contexts = unrolled(contexts, capacity);
        head = 0;
    }

    private long[] unrolled(long[] ring, int capacity) {
        long[] grown = new long[capacity];
        for (int k = 0; k < count; k++) {
            grown[k] = ring[(head + k) % ring.length];
        }
        return grown;
    }

    private int[] unrolled(int[] ring, int capacity) {
        int[] grown = new int[capacity];
        for (int k = 0; k < count; k++) {
            grown[k] = ring[(head + k) % ring.length];
        }
        return grown;
    }

    private boolean[] unrolled(boolean[] ring, int capacity) {
        boolean[] grown = new boolean[capacity];
        for (int k = 0; k < count; k++) {
            grown[k] = ring[(head + k) % ring.length];
        }
        return grown;
    }

    private <T> T[] unrolled(T[] ring, int capacity) {
        T[] grown = Arrays.copyOf(ring, capacity);
        for (int k = 0; k < count; k++) {
            grown[k] = ring[(head + k) % ring.length];
        }
        Arrays.fill(grown, count, capacity, null);
        return grown;
    }
}
