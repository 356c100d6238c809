package io.switchboard.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import io.switchboard.core.spi.TextFrame;

/**
 * The frame each event loop wrote last, so that one frame written to many connections of a loop
 * (a fan-out) shares one Netty buffer there, as a server written on Netty shares its pre-encoded
 * frame. The first write of a frame wraps the frame's read-only view, which copies nothing; the
 * second write of the same frame on the same loop copies its bytes once into a heap buffer, and it
 * and every further write take a duplicate of that buffer. A heap buffer with an array is what
 * Netty's encoder copies fastest, while a read-only view goes through its slower path, which also
 * caches a young buffer in each pooled buffer it writes into (a card for the collector to refine
 * per write).
 *
 * <p>Each loop holds at most its last frame and one copy of it. Loop-confined: {@link #payload}
 * is called on the channel's event loop only; the state of another thread is another object.
 */
final class LoopFrames {

    /** One loop's last frame and, once it was written twice, its copy. */
    private static final class Last {
        private TextFrame frame;
        private ByteBuf copy;

        ByteBuf payload(TextFrame next) {
            if (next != frame) {
                frame = next;
                if (copy != null) {
                    // Writes still in flight hold their own references.
                    copy.release();
                    copy = null;
                }
                return Unpooled.wrappedBuffer(next.asByteBuffer());
            }
            if (copy == null) {
                byte[] bytes = new byte[next.sizeInBytes()];
                next.copyTo(bytes, 0);
                copy = Unpooled.wrappedBuffer(bytes);
            }
            return copy.retainedDuplicate();
        }
    }

    private final FastThreadLocal<Last> last = new FastThreadLocal<>() {
        @Override
        protected Last initialValue() {
            return new Last();
        }
    };

    /**
     * The payload buffer for writing {@code frame} once; the caller's write releases it. Event loop
     * only.
     *
     * @param frame the frame to write
     * @return a buffer of the frame's bytes, positioned at zero
     */
    ByteBuf payload(TextFrame frame) {
        return last.get().payload(frame);
    }
}
