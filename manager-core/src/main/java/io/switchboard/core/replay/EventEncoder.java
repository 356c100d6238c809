package io.switchboard.core.replay;

import io.switchboard.core.spi.TextFrame;

/**
 * Encodes an event once its position is known: the log assigns {@code seq} and {@code epoch},
 * then asks for the frame that carries them.
 *
 * <p>Called by the log on the sending thread, while the manager holds the stream's lock; it must not block.
 */
@FunctionalInterface
public interface EventEncoder {

    /**
     * Encodes the event at its position.
     *
     * @param seq the assigned seq
     * @param epoch the stream's epoch
     * @return the frame, stored and sent as is
     */
    TextFrame encode(long seq, String epoch);
}
