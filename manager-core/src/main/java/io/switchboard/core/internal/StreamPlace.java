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
        return followedBy(this.epoch, this.seq, epoch, seqFrom);
    }

    /** Whether ({@code epoch}, {@code seq}) was queued already. */
    boolean covers(String epoch, long seq) {
        return covers(this.epoch, from, this.seq, epoch, seq);
    }

    // The rules of a place, on its parts: also applied to a session's place kept as parts
    // (Session.Placed), which answers them without making a place.

    /** Whether a frame of {@code next} from {@code seqFrom} follows ({@code epoch}, {@code seq}). */
    static boolean followedBy(String epoch, long seq, String next, long seqFrom) {
        return Objects.equals(epoch, next) ? seqFrom == seq + 1
                : epoch == null && seq == 0 && seqFrom == 1;
    }

    /** Whether ({@code epoch}, {@code from}, {@code seq}) covers ({@code other}, {@code at}). */
    static boolean covers(String epoch, long from, long seq, String other, long at) {
        return Objects.equals(epoch, other) && at > from && at <= seq;
    }

    /**
     * Where a place of {@code epoch} from {@code from} begins once a frame of {@code next} from
     * {@code seqFrom} is queued.
     */
    static long fromAfter(String epoch, long from, String next, long seqFrom) {
        return Objects.equals(epoch, next) ? from : seqFrom - 1;
    }

    /** Whether this place is at the newest event of {@code state}. */
    boolean upToDate(StreamState state) {
        return Objects.equals(epoch, state.epoch().orElse(null)) && seq >= state.lastSeq();
    }

    /** This place with one more frame queued, covering {@code seqFrom} to {@code seq}. */
    StreamPlace next(String epoch, long seqFrom, long seq) {
        return new StreamPlace(epoch, fromAfter(this.epoch, from, epoch, seqFrom), seq, false);
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
