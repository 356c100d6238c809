package io.switchboard.core.internal.wire;

import io.switchboard.core.spi.TextFrame;
import java.util.List;

/**
 * A connection's wire profile other than Switchboard's own: turns each Switchboard frame, in the
 * order the connection writes them, into the frames that connection gets. Stateful per connection
 * and not thread-safe: its outbound queue calls it from one writer at a time.
 */
public interface FrameRenderer {

    /**
     * Renders one frame.
     *
     * @param frame a frame in Switchboard's encoding
     * @return one or more frames to write in order; never empty
     */
    List<TextFrame> render(TextFrame frame);
}
