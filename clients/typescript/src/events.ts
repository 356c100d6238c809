/**
 * What a {@link SwitchboardClient} tells the application: connection changes, every event once,
 * assembled messages and tool calls, and recovery results. Listen with `client.on(name, fn)`.
 */
import type {
  AssembledApproval,
  AssembledMessage,
  AssembledRun,
  AssembledToolCall,
} from './assembly.js';
import type { CloseAction } from './close-codes.js';
import type {
  ErrorFrame,
  LifecycleMark,
  OpenMessage,
  RecoveryFailureReason,
  ServerEvent,
  ServerFrame,
  SubscribedFrame,
  UnsubscribedFrame,
  WelcomeFrame,
} from './frames.js';

/**
 * Where the client is: `idle` before `connect()`, `connecting` while a socket opens (until the
 * welcome), `open`, `reconnecting` while it waits to try again, and `closed` for good.
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A connection ended and the client will try again. */
export interface Disconnection {
  /** The close code (1006 when the socket failed without one). */
  readonly code: number;
  readonly reason: string;
  readonly action: Exclude<CloseAction, 'stop' | 'evicted'>;
  /** The delay before the next attempt, in milliseconds. */
  readonly retryInMs: number;
  /** Failed attempts in a row so far, this one included (0 after 1012, which is not a failure). */
  readonly attempt: number;
}

/** Why the client stopped for good. */
export type ClosedCause =
  /** 4001: a newer tab or device of the same user took this connection's slot. */
  | 'evicted'
  /** 1000: the server's application closed the connection (for example sign-out). */
  | 'server'
  /** The application called `close()`. */
  | 'client'
  /** `reconnect.maxRetries` attempts in a row failed. */
  | 'gave_up';

/** The client stopped: no further event follows. */
export interface Closed {
  readonly cause: ClosedCause;
  readonly code?: number;
  readonly reason?: string;
  /** A sentence for the user. */
  readonly message: string;
}

/** A resume was served in full: no event of the stream was lost. */
export interface Recovery {
  readonly stream: string;
  /** The thread of a thread stream; absent for the user stream. */
  readonly threadId?: string;
  /** Events replayed (they were delivered before this). */
  readonly replayed: number;
  readonly epoch?: string;
  readonly lastSeq: number;
  readonly lastLifecycle?: LifecycleMark;
}

/**
 * Part of a stream could not be delivered, or a resume must be tried again (`busy`). What the
 * client does next is in `next`:
 * - `retrying`: the server was busy; the client resumes the stream again shortly, nothing is lost yet;
 * - `catching_up`: the stream's history changed (new epoch); the client follows the new epoch from
 *   its start, and events before the change that it had not received are lost;
 * - `continuing`: the missed events are gone (too old, or a cursor the server never issued); live
 *   events follow;
 * - `forgotten`: the stream is not this user's (any more); its cursor was dropped.
 */
export interface RecoveryFailure {
  readonly stream: string;
  readonly threadId?: string;
  readonly reason: RecoveryFailureReason;
  /** `server`: a `recovery_failed` frame; `client`: a live event showed an epoch the client had not followed. */
  readonly detectedBy: 'server' | 'client';
  readonly next: 'retrying' | 'catching_up' | 'continuing' | 'forgotten';
  /** The stream's state now, when the server told it. */
  readonly epoch?: string;
  readonly lastSeq?: number;
  /** The newest lifecycle event of the stream, for example `agent_completed` of its run. */
  readonly lastLifecycle?: LifecycleMark;
  /**
   * Messages of the stream that were still streaming, with the characters of each that will not
   * arrive: fetch them whole from the application rather than show a truncated answer. Each open
   * message the client was assembling is also re-emitted as `message` with `truncated: true`.
   */
  readonly openMessages?: readonly OpenMessage[];
  /** The frame as the server sent it (fields this version of the client does not name included). */
  readonly frame?: ServerFrame;
}

/** A frame whose events the client had already received, and dropped. */
export interface Duplicate {
  readonly stream: string;
  readonly seq: number;
  readonly seqFrom?: number;
  readonly type: string;
}

/** Something the server sent that the client could not use; the connection goes on. */
export interface Warning {
  readonly message: string;
  readonly error?: unknown;
}

/** Every event of a client, by name. */
export interface ClientEvents {
  /** The connection status changed. */
  status: ConnectionStatus;
  /** A connection was admitted; the client has sent its resumes. */
  welcome: WelcomeFrame;
  /** A connection ended and the client will reconnect. */
  disconnected: Disconnection;
  /** The client stopped for good. */
  closed: Closed;
  /** Every frame as received, before duplicates are dropped (for diagnostics and tests). */
  frame: ServerFrame;
  /** Every event exactly once, in stream order. */
  event: ServerEvent;
  /** A message changed: its text so far, or its end. */
  message: AssembledMessage;
  /** A tool call changed: arguments streamed, executing, completed. */
  toolCall: AssembledToolCall;
  /** An approval was requested or decided. */
  approval: AssembledApproval;
  /** A run changed: started, thinking, cancelling, ended. */
  run: AssembledRun;
  recovered: Recovery;
  recoveryFailed: RecoveryFailure;
  /** The server refused a frame this client sent; the connection stays open. */
  serverError: ErrorFrame;
  subscribed: SubscribedFrame;
  unsubscribed: UnsubscribedFrame;
  duplicate: Duplicate;
  warning: Warning;
}

/** Counters since the client was created, as a client counts: what reached its socket. */
export interface ClientStats {
  /** Sockets opened. */
  readonly connects: number;
  /** Welcomes received. */
  readonly admissions: number;
  readonly framesReceived: number;
  /** Events delivered to the application (duplicates excluded). */
  readonly events: number;
  /** Frames that covered several events (`seq_from` before `seq`). */
  readonly mergedFrames: number;
  readonly duplicatesDropped: number;
  /**
   * Frames of a thread discarded while it is subscribed anew (after `busy` or an epoch change):
   * the new subscription's replay brings them again, in order.
   */
  readonly discardedForResync: number;
  readonly recoveries: number;
  readonly recoveryFailures: number;
  /** Frames that were not JSON objects with a type. */
  readonly unreadableFrames: number;
}
