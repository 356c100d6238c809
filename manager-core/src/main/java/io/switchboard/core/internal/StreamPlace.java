package io.switchboard.core.internal;

import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one connection is in one stream: it was queued every event of {@code epoch} with a seq in
 * ({@code from}, {@code seq}] ({@code epoch} null and both 0 before the first event of whatever
 * epoch comes next), and whether live delivery waits for the client to resume because a gap could
 * not be filled from the log. {@code from} is above 0 when the connection started following the
 * stream live, without a cursor: a later resume may still bring it older events. Immutable.
 *
 * @param epoch the epoch of the events queued, or null before any
 * @param from the seq after which the queued events begin
 * @param seq the seq of the last event queued
 * @param waiting whether the connection was told {@code busy} and live events wait for its resume
 */
record StreamPlace(String epoch, long from, long seq, boolean waiting) {

    /** Before the first event of any epoch. */
    static final StreamPlace START = new StreamPlace(null, 0, 0, false);

    /** Following live from the newest event the log holds (the start if it holds none). */
    static StreamPlace at(StreamState state) {
        return new StreamPlace(state.epoch().orElse(null), state.lastSeq(), state.lastSeq(), false);
    }

    /** At the start of {@code epoch}: none of its events queued yet. */
    static StreamPlace startOf(Optional<String> epoch) {
        return new StreamPlace(epoch.orElse(null), 0, 0, false);
    }

    /** Whether a frame of {@code epoch} starting at {@code seqFrom} comes right after this place. */
    boolean followedBy(String epoch, long seqFrom) {
        return Objects.equals(this.epoch, epoch) ? seqFrom == this.seq + 1
                : this.epoch == null && this.seq == 0 && seqFrom == 1;
    }

    /** Whether ({@code epoch}, {@code seq}) was queued already. */
    boolean covers(String epoch, long seq) {
        return Objects.equals(this.epoch, epoch) && seq > from && seq <= this.seq;
    }

    /** Whether this place is at the newest event of {@code state}. */
    boolean upToDate(StreamState state) {
        return Objects.equals(epoch, state.epoch().orElse(null)) && seq >= state.lastSeq();
    }

    /** This place with one more frame queued, covering {@code seqFrom} to {@code seq}. */
    StreamPlace next(String epoch, long seqFrom, long seq) {
        return Objects.equals(this.epoch, epoch) ? new StreamPlace(epoch, from, seq, false)
                : new StreamPlace(epoch, seqFrom - 1, seq, false);
    }

    /**
     * This place after a replay queued every event of {@code epoch} in ({@code low}, {@code high}]
     * that it did not cover.
     */
    StreamPlace replayed(String epoch, long low, long high) {
        if (Objects.equals(this.epoch, epoch) && from <= high && low <= seq) {
            return new StreamPlace(epoch, Math.min(from, low), Math.max(seq, high), false);
        }
        return new StreamPlace(epoch, low, high, false);
    }

    StreamPlace waitingForResume() {
        return new StreamPlace(epoch, from, seq, true);
    }

    StreamCursor cursor(StreamId stream) {
        return new StreamCursor(stream, Optional.ofNullable(epoch), seq);
    }
}
