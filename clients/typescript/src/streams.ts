/**
 * What the client does with streams: which threads it follows, the resume frames it sends after
 * each welcome, each event checked against the cursor book before the application sees it, and
 * the answers to its resumes. The connection itself (sockets, reconnects, liveness) is the
 * client's; this part only needs a way to send a frame and to run something later.
 *
 * A thread whose replay failed while it stayed subscribed (`busy`), or whose epoch changed, is
 * subscribed anew (`unsubscribe`, then `subscribe` from the cursor) rather than resumed in place:
 * its live frames would come before the replay, and a merged delta of the replay could overlap
 * them in a way no client can split. Until the new `subscribed` arrives its frames are discarded;
 * the new subscription's replay brings them again, in order.
 */
import type { Assembler, AssemblyUpdate } from './assembly.js';
import { MAX_CURSORS_PER_RESUME, type ClientFrame, type StreamCursor, type SubscribeFrame } from './client-frames.js';
import type { CursorBook } from './cursors.js';
import type { Emitter } from './emitter.js';
import type { ClientEvents, ClientStats, RecoveryFailure } from './events.js';
import {
  isKnownEvent,
  type RecoveredFrame,
  type RecoveryFailedFrame,
  type ServerEvent,
  type SubscribedFrame,
  type WelcomeFrame,
} from './frames.js';

/** Where a thread subscription starts when the client holds no cursor for it. */
export type SubscriptionStart = 'start' | 'now';

/** The client's counters, writable by the parts that count. */
export type Counters = { -readonly [K in keyof ClientStats]: ClientStats[K] };

/** What the follower needs from the connection. */
export interface FollowerPorts {
  readonly emitter: Emitter<ClientEvents>;
  readonly counters: Counters;
  /** Writes a frame if a connection is open; false otherwise. */
  transmit(frame: ClientFrame): boolean;
  /** Runs `task` later; returns a handle for `cancel`. */
  later(delayMs: number, task: () => void): unknown;
  cancel(handle: unknown): void;
  /** The pause before a resume the server was too busy for is sent again. */
  busyRetryDelayMs(): number;
}

/** Follows the signed-in user's streams across connections. Not thread-safe; event loop only. */
export class StreamFollower {
  private readonly threads = new Map<string, SubscriptionStart>();
  private readonly busyRetries = new Map<string, unknown>();
  /** Thread streams being subscribed anew: their frames are discarded until `subscribed`. */
  private readonly resyncing = new Set<string>();
  private readonly unacked = new Map<string, number>();
  private userStream?: string;

  constructor(
    private readonly book: CursorBook,
    private readonly assembler: Assembler,
    private readonly ports: FollowerPorts,
    private readonly keepAcks: boolean,
    private readonly userStreamFrom: SubscriptionStart,
  ) {}

  /** The threads followed. */
  subscriptions(): string[] {
    return [...this.threads.keys()];
  }

  /** The stream of a thread, once a welcome named the user. */
  threadStream(threadId: string): string | undefined {
    return this.userStream === undefined ? undefined : this.userStream + threadId;
  }

  /** Follows a thread; subscribes at once when `connected`. Following it twice does nothing. */
  follow(threadId: string, from: SubscriptionStart, connected: boolean): void {
    if (this.threads.has(threadId)) {
      return;
    }
    this.threads.set(threadId, from);
    if (connected) {
      this.ports.transmit(this.subscribeFrame(threadId));
    }
  }

  /** Stops following a thread; its cursor stays, so following it again continues from there. */
  unfollow(threadId: string, connected: boolean): void {
    if (this.threads.delete(threadId) && connected) {
      this.ports.transmit({ type: 'unsubscribe', thread_id: threadId });
    }
  }

  /**
   * A connection was admitted (`welcome`): resumes the user stream where that is needed and every
   * followed thread, in as few frames as the protocol allows.
   *
   * The welcome says where the user stream stood at admission; every later event of it arrives
   * live. So a client without a cursor starts there (unless asked for the stream's start), and
   * one whose cursor is there has nothing to resume.
   */
  admitted(welcome: WelcomeFrame): void {
    const userStream = welcome.user_stream;
    this.userStream = userStream;
    this.book.retainUser(userStream);
    const cursors: StreamCursor[] = [];
    const at = typeof welcome.user_stream_last_seq === 'number'
      ? { epoch: welcome.user_stream_epoch, seq: welcome.user_stream_last_seq }
      : undefined;
    const known = this.book.cursor(userStream) !== undefined;
    if (known ? !(at && this.book.isAt(userStream, at.epoch, at.seq)) : this.userStreamFrom === 'start') {
      // Live since admission: its replay may arrive below live events.
      cursors.push(this.book.beginResume(userStream, true));
    } else if (!known && at) {
      this.book.startAt(userStream, at.epoch, at.seq);
    }
    for (const [threadId, from] of this.threads) {
      const stream = userStream + threadId;
      if (this.book.cursor(stream) || from === 'start') {
        cursors.push(this.book.beginResume(stream, false));
      } else {
        this.ports.transmit({ type: 'subscribe', thread_id: threadId });
      }
    }
    for (let i = 0; i < cursors.length; i += MAX_CURSORS_PER_RESUME) {
      this.ports.transmit({ type: 'resume', streams: cursors.slice(i, i + MAX_CURSORS_PER_RESUME) });
    }
  }

  /** The connection ended: its unanswered resumes and busy retries go with it. */
  connectionLost(): void {
    for (const handle of this.busyRetries.values()) {
      this.ports.cancel(handle);
    }
    this.busyRetries.clear();
    this.resyncing.clear();
    this.book.connectionLost();
  }

  /** A thread subscription was confirmed; a thread subscribed anew takes frames again. */
  subscribed(frame: SubscribedFrame): void {
    const stream = this.threadStream(frame.thread_id);
    if (stream !== undefined) {
      this.resyncing.delete(stream);
    }
    this.ports.emitter.emit('subscribed', frame);
  }

  /** Delivers an event to the application unless it is a duplicate. */
  event(event: ServerEvent): void {
    const { emitter, counters } = this.ports;
    const { stream, seq } = event;
    if (stream !== undefined && typeof seq === 'number') {
      if (this.resyncing.has(stream)) {
        counters.discardedForResync++;
        return;
      }
      const from = typeof event.seq_from === 'number' ? event.seq_from : seq;
      const verdict = this.book.accept(stream, event.epoch, from, seq);
      if (verdict === 'duplicate') {
        counters.duplicatesDropped++;
        emitter.emit('duplicate', { stream, seq, seqFrom: event.seq_from, type: event.type });
        return;
      }
      if (from !== seq) {
        counters.mergedFrames++;
      }
      if (verdict === 'epoch_changed') {
        counters.recoveryFailures++;
        emitter.emit('recoveryFailed', {
          stream, threadId: threadOf(stream), reason: 'epoch_changed', detectedBy: 'client',
          next: 'catching_up', epoch: event.epoch,
        });
        if (threadOf(stream) !== undefined) {
          // The new subscription's replay brings this frame again, with the epoch's start.
          counters.discardedForResync++;
          this.catchUp(stream);
          return;
        }
        this.resumeUserStream(stream);
      }
      if (this.keepAcks) {
        this.unacked.set(stream, Math.max(seq, this.unacked.get(stream) ?? 0));
      }
    }
    counters.events++;
    emitter.emit('event', event);
    if (isKnownEvent(event)) {
      this.assembler.apply(event).forEach((update) => this.emitUpdate(update));
    }
  }

  /** A resume was served in full. */
  recovered(frame: RecoveredFrame): void {
    this.book.recovered(frame.stream, frame.epoch, frame.last_seq);
    this.ports.counters.recoveries++;
    this.ports.emitter.emit('recovered', {
      stream: frame.stream, threadId: threadOf(frame.stream), replayed: frame.replayed,
      epoch: frame.epoch, lastSeq: frame.last_seq, lastLifecycle: frame.last_lifecycle,
    });
  }

  /** A resume could not be served: surfaces it, then catches up or retries where that helps. */
  recoveryFailed(frame: RecoveryFailedFrame): void {
    const { stream, reason } = frame;
    const catchUp = this.book.failed(stream, reason, frame.epoch, frame.last_seq);
    this.ports.counters.recoveryFailures++;
    const next: RecoveryFailure['next'] =
      reason === 'busy' ? 'retrying'
        : reason === 'epoch_changed' ? 'catching_up'
          : this.book.cursor(stream) ? 'continuing' : 'forgotten';
    const openMessages = Array.isArray(frame.open_messages) ? frame.open_messages : undefined;
    this.ports.emitter.emit('recoveryFailed', {
      stream, threadId: threadOf(stream), reason, detectedBy: 'server', next,
      epoch: frame.epoch, lastSeq: frame.last_seq, lastLifecycle: frame.last_lifecycle, openMessages, frame,
    });
    for (const open of openMessages ?? []) {
      const update = this.assembler.truncate(stream, open.message_id, open.lost_chars);
      if (update) {
        this.emitUpdate(update);
      }
    }
    if (catchUp) {
      this.catchUp(stream);
    }
    if (reason === 'busy') {
      this.retryBusy(stream);
    }
  }

  /** The newest seq of each stream received since the last call, for `ack` frames. */
  takeAcks(): Array<[string, number]> {
    const acks = [...this.unacked];
    this.unacked.clear();
    return acks;
  }

  // Follows a stream's new epoch from its start.
  private catchUp(stream: string): void {
    if (threadOf(stream) === undefined) {
      this.resumeUserStream(stream);
      return;
    }
    this.book.restart(stream);
    this.resubscribe(stream);
  }

  private resumeUserStream(stream: string): void {
    this.ports.transmit({ type: 'resume', streams: [this.book.beginResume(stream, true)] });
  }

  // Subscribes a thread anew from its cursor; its frames until then come again in the replay.
  private resubscribe(stream: string): void {
    const threadId = threadOf(stream)!;
    if (!this.threads.has(threadId)) {
      return;
    }
    this.resyncing.add(stream);
    this.ports.transmit({ type: 'unsubscribe', thread_id: threadId });
    this.ports.transmit(this.subscribeFrame(threadId));
  }

  private subscribeFrame(threadId: string): SubscribeFrame {
    const stream = this.threadStream(threadId)!;
    if (!this.book.cursor(stream) && this.threads.get(threadId) === 'now') {
      return { type: 'subscribe', thread_id: threadId };
    }
    const cursor = this.book.beginResume(stream, false);
    return cursor.epoch === undefined
      ? { type: 'subscribe', thread_id: threadId, seq: cursor.seq }
      : { type: 'subscribe', thread_id: threadId, epoch: cursor.epoch, seq: cursor.seq };
  }

  // The server was too busy to replay: ask again after a jittered pause, on this connection. A
  // thread stays subscribed meanwhile, so its live frames are discarded until it is subscribed anew.
  private retryBusy(stream: string): void {
    if (this.busyRetries.has(stream)) {
      return;
    }
    const thread = threadOf(stream) !== undefined;
    if (thread) {
      this.resyncing.add(stream);
    }
    this.busyRetries.set(stream, this.ports.later(this.ports.busyRetryDelayMs(), () => {
      this.busyRetries.delete(stream);
      if (thread) {
        this.resyncing.delete(stream);
        this.resubscribe(stream);
      } else {
        this.resumeUserStream(stream);
      }
    }));
  }

  private emitUpdate(update: AssemblyUpdate): void {
    const { emitter } = this.ports;
    switch (update.kind) {
      case 'message':
        emitter.emit('message', update.message);
        break;
      case 'toolCall':
        emitter.emit('toolCall', update.toolCall);
        break;
      case 'approval':
        emitter.emit('approval', update.approval);
        break;
      case 'run':
        emitter.emit('run', update.run);
        break;
    }
  }
}

// `<user>#<thread>` names a thread; `<user>#` is the user stream.
function threadOf(stream: string): string | undefined {
  return stream.slice(stream.indexOf('#') + 1) || undefined;
}
