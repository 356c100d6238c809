/**
 * The client's side of the delivery promise (`docs/delivery.md`, "What a client does"): per
 * stream, the epoch and the last `seq` received, which frames are new and which are duplicates,
 * and where to resume from.
 *
 * A stream is normally read in `seq` order, so "new" means "above the highest seq seen". One case
 * is not in order: a resume of a stream that is already live on the connection (the user stream
 * is live from admission) may replay events *below* live ones that already arrived. For that
 * window the book remembers the ranges it received above the resume point, accepts what falls
 * outside them, and keeps resuming from the resume point until the server confirms the window
 * closed (`recovered`). Telling seqs apart this way is exact for frames of one event each, which
 * is what the user stream carries (the server refuses deltas there); a thread
 * stream is therefore never resumed out of order: it is subscribed anew instead.
 */
import type { StreamCursor } from './client-frames.js';
import type { RecoveryFailureReason } from './frames.js';
import type { CursorStorage } from './storage.js';

/** What the book made of a received frame. */
export type Acceptance = 'new' | 'duplicate' | 'epoch_changed';

interface SeqRange {
  from: number;
  to: number;
}

interface Position {
  epoch?: string;
  /** Every event up to here was received (or deliberately skipped by the server): resume from it. */
  confirmed: number;
  /** The highest seq received. */
  high: number;
  /** Present while a resume is open: ranges received above `confirmed`. */
  seen?: SeqRange[];
  /** Resumes sent on this connection and not answered yet. */
  open?: number;
}

interface Saved {
  v: 1;
  streams: Record<string, Position>;
}

/**
 * Cursors of every stream the client follows. Mutated from the event loop only; every change is
 * written through to the storage, if one was given.
 */
export class CursorBook {
  private readonly positions = new Map<string, Position>();

  constructor(
    private readonly storage?: CursorStorage,
    private readonly storageKey = 'switchboard.cursors',
  ) {
    this.load();
  }

  /** The streams with a cursor. */
  streams(): string[] {
    return [...this.positions.keys()];
  }

  /**
   * Where to resume a stream from, or undefined for a stream never seen. A cursor at `seq` 0
   * carries no epoch: it asks for the stream from its start, whatever its epoch now.
   */
  cursor(stream: string): StreamCursor | undefined {
    const position = this.positions.get(stream);
    if (!position) {
      return undefined;
    }
    return position.confirmed > 0 && position.epoch !== undefined
      ? { stream, epoch: position.epoch, seq: position.confirmed }
      : { stream, seq: 0 };
  }

  /**
   * A resume of `stream` is being sent; returns the cursor to send (from the start for a stream
   * never seen). With `outOfOrder` the stream may already be live on this connection, so the
   * replay can arrive below live events: that opens the out-of-order window. Without it the
   * replay comes before every live event and the stream stays in seq order.
   */
  beginResume(stream: string, outOfOrder: boolean): StreamCursor {
    const position = this.positions.get(stream) ?? { confirmed: 0, high: 0 };
    if (outOfOrder) {
      position.seen ??= [];
      position.open = (position.open ?? 0) + 1;
    }
    this.positions.set(stream, position);
    this.save();
    return this.cursor(stream)!;
  }

  /**
   * Takes a position the server vouched for as the cursor: every event after it reaches this
   * connection live (the user stream's position in a welcome).
   */
  startAt(stream: string, epoch: string | undefined, seq: number): void {
    this.positions.set(stream, { epoch, confirmed: seq, high: seq });
    this.save();
  }

  /**
   * Whether the stream's cursor is exactly at a position the server vouched for (nothing to
   * resume). If so, a window left open by an unanswered resume closes: nothing below it is missing.
   */
  isAt(stream: string, epoch: string | undefined, seq: number): boolean {
    const position = this.positions.get(stream);
    if (!position || position.high !== seq || (seq > 0 && position.epoch !== epoch)) {
      return false;
    }
    if (position.seen && !covers(position, seq)) {
      return false;
    }
    position.confirmed = seq;
    delete position.seen;
    delete position.open;
    this.save();
    return true;
  }

  /** Follows a stream from its start again (its epoch changed and it is subscribed anew). */
  restart(stream: string): void {
    this.positions.set(stream, { confirmed: 0, high: 0 });
    this.save();
  }

  /**
   * The connection ended: resumes sent on it will never be answered. Open windows stay open, so
   * what arrived above a resume point is still recognised when the next connection resumes.
   */
  connectionLost(): void {
    for (const position of this.positions.values()) {
      delete position.open;
    }
  }

  /**
   * Classifies a received frame covering `from`..`to` (equal unless merged) and records it.
   * `epoch_changed` means the frame is new but belongs to an epoch the client did not follow
   * from its start: the stream lost history and now resumes from the new epoch's start.
   */
  accept(stream: string, epoch: string | undefined, from: number, to: number): Acceptance {
    const position = this.positions.get(stream);
    if (!position) {
      this.positions.set(stream, { epoch, confirmed: to, high: to });
      this.save();
      return 'new';
    }
    if (epoch !== undefined && position.epoch !== undefined && epoch !== position.epoch) {
      this.positions.set(stream, { epoch, confirmed: 0, high: to, seen: [{ from, to }], open: position.open });
      this.save();
      return 'epoch_changed';
    }
    position.epoch ??= epoch;
    if (to > position.high) {
      position.high = to;
      if (position.seen) {
        record(position.seen, from, to);
      } else {
        position.confirmed = to;
      }
      this.save();
      return 'new';
    }
    if (position.seen && from > position.confirmed && !overlaps(position.seen, from, to)) {
      record(position.seen, from, to);
      this.save();
      return 'new';
    }
    return 'duplicate';
  }

  /**
   * The server served a resume: everything up to `lastSeq` has arrived. The out-of-order window
   * closes once every resume sent for the stream is answered.
   */
  recovered(stream: string, epoch: string | undefined, lastSeq: number): void {
    const position = this.positions.get(stream) ?? { confirmed: 0, high: 0 };
    if (epoch !== undefined) {
      position.epoch = epoch;
    }
    position.high = Math.max(position.high, lastSeq);
    position.open = Math.max(0, (position.open ?? 0) - 1);
    if (!position.seen || position.open === 0) {
      position.confirmed = position.high;
      delete position.seen;
      delete position.open;
    }
    this.positions.set(stream, position);
    this.save();
  }

  /**
   * The server could not serve a resume. After `busy` nothing changes (the caller resumes again).
   * After `unknown_stream` the cursor is forgotten. After `epoch_changed` the book follows the new
   * epoch from its start. Otherwise (`too_old`, `cursor_ahead`) the gap is final: the book
   * continues from the stream's current position.
   *
   * @returns true when the caller must send a catch-up resume (from the new epoch's start)
   */
  failed(stream: string, reason: RecoveryFailureReason, epoch: string | undefined, lastSeq: number | undefined): boolean {
    const position = this.positions.get(stream);
    if (position) {
      position.open = Math.max(0, (position.open ?? 0) - 1);
    }
    if (reason === 'busy') {
      return false;
    }
    if (reason === 'unknown_stream' || lastSeq === undefined) {
      this.forget(stream);
      return false;
    }
    if (reason === 'epoch_changed') {
      if (position?.seen && position.epoch === epoch && position.confirmed === 0) {
        // A live frame of the new epoch came first; its catch-up is already under way.
        this.save();
        return false;
      }
      this.positions.set(stream, { epoch, confirmed: 0, high: lastSeq, seen: [], open: position?.open });
      this.save();
      return true;
    }
    const high = position && epoch === position.epoch ? Math.max(position.high, lastSeq) : lastSeq;
    this.positions.set(stream, { epoch, confirmed: high, high });
    this.save();
    return false;
  }

  /** Drops a stream's cursor. */
  forget(stream: string): void {
    if (this.positions.delete(stream)) {
      this.save();
    }
  }

  /**
   * Keeps only the streams of the user whose stream is `userStream` (`<user>#`): cursors of
   * another user, signed in before in this tab, can never be resumed and are dropped.
   */
  retainUser(userStream: string): void {
    let changed = false;
    for (const stream of this.positions.keys()) {
      if (!stream.startsWith(userStream)) {
        this.positions.delete(stream);
        changed = true;
      }
    }
    if (changed) {
      this.save();
    }
  }

  private load(): void {
    const text = this.storage?.getItem(this.storageKey);
    if (!text) {
      return;
    }
    try {
      const saved = JSON.parse(text) as Saved;
      if (saved?.v !== 1 || typeof saved.streams !== 'object' || saved.streams === null) {
        return;
      }
      for (const [stream, position] of Object.entries(saved.streams)) {
        if (isPosition(position)) {
          delete position.open;
          this.positions.set(stream, position);
        }
      }
    } catch {
      // A corrupt entry is as good as none: the streams start over, the server says what is lost.
    }
  }

  private save(): void {
    if (!this.storage) {
      return;
    }
    const saved: Saved = { v: 1, streams: Object.fromEntries(this.positions) };
    try {
      this.storage.setItem(this.storageKey, JSON.stringify(saved));
    } catch {
      // Storage full or disabled: the cursors in memory still hold for this page's life.
    }
  }
}

function record(seen: SeqRange[], from: number, to: number): void {
  const last = seen[seen.length - 1];
  if (last && last.to + 1 === from) {
    last.to = to;
  } else {
    seen.push({ from, to });
  }
}

// Whether everything above the resume point up to `seq` has been received.
function covers(position: Position, seq: number): boolean {
  let next = position.confirmed + 1;
  for (const range of [...(position.seen ?? [])].sort((a, b) => a.from - b.from)) {
    if (range.from > next) {
      return false;
    }
    next = Math.max(next, range.to + 1);
  }
  return next > seq;
}

function overlaps(seen: readonly SeqRange[], from: number, to: number): boolean {
  return seen.some((range) => from <= range.to && range.from <= to);
}

function isPosition(value: unknown): value is Position {
  const position = value as Position;
  return (
    typeof position === 'object' &&
    position !== null &&
    Number.isSafeInteger(position.confirmed) &&
    Number.isSafeInteger(position.high) &&
    (position.epoch === undefined || typeof position.epoch === 'string') &&
    (position.seen === undefined || Array.isArray(position.seen))
  );
}
