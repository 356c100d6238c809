package io.switchboard.core.replay;

import java.util.Locale;

/** Why a resume could not be served from the log; on the wire in lower case. Immutable. */
public enum GapReason {
    /** The cursor is older than the log's window (trimmed by count or age). */
    TOO_OLD,
    /** The log holds nothing of the stream, or the stream is not the client's. */
    UNKNOWN_STREAM,
    /** The stream's epoch changed: the log lost history since the cursor. */
    EPOCH_CHANGED,
    /** The cursor is beyond the newest event: it was not issued by this stream. */
    CURSOR_AHEAD,
    /** The connection's outbound queue is too full to take a replay now; resume again later. */
    BUSY;

    /**
     * The wire name.
     *
     * @return for example {@code too_old}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
