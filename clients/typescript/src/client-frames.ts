/**
 * The frames a client sends, as `docs/protocol.md` defines them. The user is never part of a
 * frame: the server takes it from the authenticated handshake.
 */
import type { ApprovalDecision } from './frames.js';

/** Where to resume a stream from: the last `seq` received and its `epoch`. */
export interface StreamCursor {
  stream: string;
  /** Absent together with `seq: 0`, meaning "from the start". */
  epoch?: string;
  seq: number;
}

/** Receive a thread's events; with `seq`, the missed ones first. */
export interface SubscribeFrame {
  type: 'subscribe';
  thread_id: string;
  epoch?: string;
  seq?: number;
}

/** Stop receiving a thread's events. */
export interface UnsubscribeFrame {
  type: 'unsubscribe';
  thread_id: string;
}

/** Resume up to 64 streams (thread streams are subscribed too). `hello` is a synonym. */
export interface ResumeFrame {
  type: 'resume' | 'hello';
  streams: StreamCursor[];
}

/** Confirms receipt; feeds the server's stats only. */
export interface AckFrame {
  type: 'ack';
  stream: string;
  seq: number;
}

/** An application message, handed to the server application's handler. */
export interface MessageFrame {
  type: 'message';
  payload: unknown;
  thread_id?: string;
}

/** Application-level liveness; answered with `pong`. */
export interface PingFrame {
  type: 'ping';
}

/** Asks the server to cancel a run of the connection's user. */
export interface CancelFrame {
  type: 'cancel';
  run_id: string;
}

/** Decides an approval request of the connection's user; one decision per request. */
export interface ApprovalFrame {
  type: 'approval';
  request_id: string;
  decision: ApprovalDecision;
  /** At most {@link MAX_APPROVAL_COMMENT_CHARS} characters. */
  comment?: string;
}

/** Every frame a client sends. */
export type ClientFrame =
  | SubscribeFrame
  | UnsubscribeFrame
  | ResumeFrame
  | AckFrame
  | MessageFrame
  | PingFrame
  | CancelFrame
  | ApprovalFrame;

/** The most cursors one `resume` frame may carry. */
export const MAX_CURSORS_PER_RESUME = 64;

/** The longest `comment` of an `approval` frame, in characters. */
export const MAX_APPROVAL_COMMENT_CHARS = 4_096;
