package io.switchboard.core.internal.replay;

import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.spi.TextFrame;
import java.util.Arrays;
import java.util.Optional;

/**
 * One stream's events other than deltas, oldest first, kept as few objects as possible: their
 * frames' bytes copied into a few byte chunks, their seqs, times and places side by side in one
 * ring of numbers (an append touches one or two cache lines of it, not one per field), and their
 * types and runs as references to the (long-lived) strings and ids the events carry.
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
    // An event's numbers, side by side in the ring: its seq, when it was stored (monotonic and
    // wall time), the number of the chunk holding its frame and where the frame starts in it,
    // and the frame's length with the lifecycle flag in its lowest bit.
    private static final int SEQ = 0;
    private static final int NANOS = 1;
    private static final int MILLIS = 2;
    private static final int PLACE = 3;
    private static final int LENGTH = 4;
    private static final int NUMBERS = 5;
    // An event's references: its type, its run (or null), its frame's context (or null).
    private static final int TYPE = 0;
    private static final int RUN = 1;
    private static final int CONTEXT = 2;
    private static final int REFERENCES = 3;
    // What one event slot takes, for the cache's weight.
    private static final int SLOT_BYTES = NUMBERS * 8 + REFERENCES * 4;

    // Event ring: event k (0 the oldest) is at slot (head + k) mod capacity.
    private long[] numbers = new long[FIRST_EVENTS * NUMBERS];
    private Object[] references = new Object[FIRST_EVENTS * REFERENCES];
    private int capacity = FIRST_EVENTS;
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
        return chunkBytes + (spare == null ? 0 : spare.length) + (long) capacity * SLOT_BYTES;
    }

    /** Appends an event; its seq must be above every seq held. */
    void add(StoredEvent event, long nowNanos) {
        if (count == capacity) {
            growEvents();
        }
        TextFrame frame = event.frame();
        int length = frame.sizeInBytes();
        byte[] tail = chunkCount == 0 ? null : chunk(firstChunk + chunkCount - 1);
        if (tail == null || tail.length - tailUsed < length) {
            tail = addChunk(length);
        }
        frame.copyTo(tail, tailUsed);
        int slot = slot(count);
        int at = slot * NUMBERS;
        numbers[at + SEQ] = event.seq();
        numbers[at + NANOS] = nowNanos;
        numbers[at + MILLIS] = event.storedAtMillis();
        numbers[at + PLACE] = (firstChunk + chunkCount - 1) << 32 | tailUsed;
        numbers[at + LENGTH] = (long) length << 1 | (event.lifecycle() ? 1 : 0);
        int refs = slot * REFERENCES;
        keep(refs + TYPE, event.type());
        keep(refs + RUN, event.run().orElse(null));
        keep(refs + CONTEXT, event.frame().context().orElse(null));
        tailUsed += length;
        count++;
    }

    long oldestSeq() {
        return numbers[head * NUMBERS + SEQ];
    }

    long oldestNanos() {
        return numbers[head * NUMBERS + NANOS];
    }

    /** Forgets the oldest event, and the chunks that held nothing newer. */
    void dropOldest() {
        // A frame's context is let go of at once. The slot's type and run stay until the slot is
        // used again (see keep): a type is a constant, and a run id a few bytes, which the ring
        // (bounded, and gone with its stream) holds at most once per slot.
        int refs = head * REFERENCES;
        if (references[refs + CONTEXT] != null) {
            references[refs + CONTEXT] = null;
        }
        head = head + 1 == capacity ? 0 : head + 1;
        count--;
        // The newest chunk stays while it is being filled; older ones go once no event is in them.
        long stillNeeded = count == 0 ? firstChunk + chunkCount - 1
                : numbers[head * NUMBERS + PLACE] >>> 32;
        while (firstChunk < stillNeeded) {
            dropFirstChunk();
        }
        if (count == 0) {
            head = 0;
            tailUsed = 0;
        }
    }

    long seq(int index) {
        return numbers[slot(index) * NUMBERS + SEQ];
    }

    /** The {@code index}th event, oldest first, made again from what was kept. */
    StoredEvent event(int index, String epoch) {
        int slot = slot(index);
        int at = slot * NUMBERS;
        long place = numbers[at + PLACE];
        int start = (int) place;
        int length = (int) (numbers[at + LENGTH] >>> 1);
        byte[] frame = Arrays.copyOfRange(chunk(place >>> 32), start, start + length);
        TextFrame text = TextFrame.ofUtf8(frame);
        int refs = slot * REFERENCES;
        if (references[refs + CONTEXT] != null) {
            text = text.withContext((String) references[refs + CONTEXT]);
        }
        return new StoredEvent(numbers[at + SEQ], epoch, (String) references[refs + TYPE],
                Optional.ofNullable((RunId) references[refs + RUN]),
                (numbers[at + LENGTH] & 1) != 0, numbers[at + MILLIS], text);
    }

    /** The index of the event with {@code seq}, or -1; seqs rise from oldest to newest. */
    int indexOf(long seq) {
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long found = seq(middle);
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
        int slot = head + index;
        return slot < capacity ? slot : slot - capacity;
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

    // Doubles the event ring, oldest first at slot 0.
    // Stores a reference only when the slot holds another one. The ring is old, and storing into an
    // old object makes the collector's refinement threads scan its card; a stream's events mostly
    // repeat the previous slot's type and run, so at steady state an append stores no reference.
    private void keep(int at, Object value) {
        if (references[at] != value) {
            references[at] = value;
        }
    }

    private void growEvents() {
        int grown = capacity * 2;
        long[] moreNumbers = new long[grown * NUMBERS];
        Object[] moreReferences = new Object[grown * REFERENCES];
        for (int k = 0; k < count; k++) {
            int slot = slot(k);
            System.arraycopy(numbers, slot * NUMBERS, moreNumbers, k * NUMBERS, NUMBERS);
            System.arraycopy(references, slot * REFERENCES, moreReferences, k * REFERENCES,
                    REFERENCES);
        }
        numbers = moreNumbers;
        references = moreReferences;
        capacity = grown;
        head = 0;
    }
}
