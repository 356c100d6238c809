package io.switchboard.scaling.redis.internal;

import io.switchboard.core.spi.TextFrame;
import java.util.Optional;

/**
 * A frame as it is written to Redis (channel messages, inbox entries, log entries) and read back:
 * its JSON text, preceded, when the frame carries a context (a W3C trace context from the
 * manager's tracing), by {@code ~<context>} and a line feed. A frame's JSON always starts with
 * {@code {}, and a context is printable ASCII without line feeds, so the two forms cannot be
 * confused; scripts treat the value as opaque. This is the module's one place for that form.
 */
final class FrameWire {

    private static final char CONTEXT = '~';

    private FrameWire() {
    }

    /** The value to write for {@code frame}. */
    static String write(TextFrame frame) {
        Optional<String> context = frame.context();
        return context.isEmpty() ? frame.text() : CONTEXT + context.get() + '\n' + frame.text();
    }

    /** The frame a written value holds. */
    static TextFrame read(String value) {
        if (value.isEmpty() || value.charAt(0) != CONTEXT) {
            return TextFrame.of(value);
        }
        int end = value.indexOf('\n');
        return TextFrame.of(value.substring(end + 1)).withContext(value.substring(1, end));
    }
}
