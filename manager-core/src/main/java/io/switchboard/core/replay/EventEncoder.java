package io.switchboard.core.replay;

import io.switchboard.core.spi.TextFrame;

/**
 * Encodes an event once its position is known: the log assigns {@code seq} and {@code epoch},
 * then asks for the frame that carries them.
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
