/**
 * The frames the server sends, as `docs/protocol.md` (protocol version 1) defines them: agent
 * events in one envelope, and control frames. Field names are the wire's own (snake_case), so a
 * frame is typed exactly as it arrives; absent fields mean "not applicable".
 */

/** Kinds of a streamed message. */
export type MessageKind = 'text' | 'reasoning';

/** How a run ended, as `agent_completed` says. */
export type RunOutcome = 'succeeded' | 'failed' | 'cancelled';

/** A human's decision on an approval request. */
export type ApprovalDecision = 'approved' | 'rejected';

/** Payloads of the typed agent events, by event type. */
export interface EventPayloads {
  agent_started: { agent_name: string };
  /** Droppable under backpressure: a newer step supersedes an older one. */
  agent_thinking: { thought: string; step: number };
  tool_executing: { tool_call_id: string; tool_name: string; arguments: Record<string, unknown> };
  tool_completed: {
    tool_call_id: string;
    tool_name: string;
    succeeded: boolean;
    /** Any JSON; absent when the tool returned nothing. */
    result?: unknown;
    duration_millis: number;
  };
  agent_completed: { status: RunOutcome; answer?: string; error?: string };
  message_started: { message_id: string; kind: MessageKind };
  /** A non-empty string; a merged frame (`seq_from` present) carries the concatenation of the deltas it covers. */
  message_delta: { message_id: string; delta: string };
  message_completed: { message_id: string };
  /** The next characters of the call's arguments, before `tool_executing` carries them whole; may be merged too. */
  tool_call_delta: { tool_call_id: string; tool_name: string; arguments_delta: string };
  approval_requested: { request_id: string; tool_call_id?: string; title: string; details?: unknown };
  approval_decided: { request_id: string; decision: ApprovalDecision; comment?: string };
  /**
   * Numbered in the run's thread stream; a connection not subscribed to that thread, or one that
   * asked again, gets an unnumbered copy (no `stream`/`seq`). `approval_decided` likewise.
   */
  cancel_requested: { run_id: string };
}

/** The type names of the typed agent events. */
export type KnownEventType = keyof EventPayloads;

/** Every typed event type, for run-time checks. */
export const KNOWN_EVENT_TYPES: readonly KnownEventType[] = Object.freeze([
  'agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed',
  'message_started', 'message_delta', 'message_completed', 'tool_call_delta',
  'approval_requested', 'approval_decided', 'cancel_requested',
]);

/** The envelope every event shares. */
export interface EventEnvelope<T extends string, P> {
  type: T;
  /** `<user>#<thread>` or `<user>#`; absent for rooms, broadcasts and single-connection sends. */
  stream?: string;
  /** Position in the stream; for a merged frame, the last position it covers. */
  seq?: number;
  /** Only on a merged `message_delta` or `tool_call_delta`: the first position it covers. */
  seq_from?: number;
  /** The stream's epoch; changes when the stream's log loses history. */
  epoch?: string;
  run_id?: string;
  thread_id?: string;
  /** ISO-8601 UTC time the server sent the event. */
  ts: string;
  payload: P;
}

/** One typed agent event; narrow it with a `switch` on `type`. */
export type KnownEvent = { [T in KnownEventType]: EventEnvelope<T, EventPayloads[T]> }[KnownEventType];

/** An event of a type the application defined; its payload is whatever the application sent. */
export type ApplicationEvent = EventEnvelope<string, unknown>;

/** Any event frame. */
export type ServerEvent = KnownEvent | ApplicationEvent;

/** Tells a typed agent event from an application event. */
export function isKnownEvent(event: ServerEvent): event is KnownEvent {
  return (KNOWN_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** The newest lifecycle event of a stream, as recovery frames report it. */
export interface LifecycleMark {
  type: string;
  run_id?: string;
  seq: number;
}

/** First frame of every admitted connection. */
export interface WelcomeFrame {
  type: 'welcome';
  connection_id: string;
  /** The user's own stream, `<user>#`; thread streams are `<user>#<thread>`. */
  user_stream: string;
  /**
   * The user stream's epoch at admission; absent while the stream has no history, or when the
   * server could not read its log (then `user_stream_last_seq` is absent too).
   */
  user_stream_epoch?: string;
  /**
   * The user stream's last seq at admission: every later event of it reaches this connection
   * live, so the client starts there when it holds no cursor.
   */
  user_stream_last_seq?: number;
  protocol: number;
  ts: string;
}

/** Answers `subscribe`. */
export interface SubscribedFrame {
  type: 'subscribed';
  thread_id: string;
}

/** Answers `unsubscribe`. */
export interface UnsubscribedFrame {
  type: 'unsubscribed';
  thread_id: string;
}

/** A resume was served: the `replayed` missed events came just before it; live events follow. */
export interface RecoveredFrame {
  type: 'recovered';
  stream: string;
  replayed: number;
  epoch?: string;
  last_seq: number;
  last_lifecycle?: LifecycleMark;
}

/** Why a resume could not be served. */
export type RecoveryFailureReason = 'too_old' | 'epoch_changed' | 'cursor_ahead' | 'unknown_stream' | 'busy';

/** A message that was still streaming when a resume failed, and how much of it is lost. */
export interface OpenMessage {
  message_id: string;
  run_id?: string;
  /** Characters (UTF-16 code units) emitted after the client's cursor that will not reach it. */
  lost_chars: number;
}

/** A resume could not be served; live events follow. */
export interface RecoveryFailedFrame {
  type: 'recovery_failed';
  stream: string;
  reason: RecoveryFailureReason;
  /** Absent when the reason is `unknown_stream`. */
  epoch?: string;
  last_seq?: number;
  last_lifecycle?: LifecycleMark;
  /** The stream's messages that were started and not completed; absent when there are none. */
  open_messages?: OpenMessage[];
}

/** Answers `ping`. */
export interface PongFrame {
  type: 'pong';
}

/**
 * The error codes of the protocol; an application's inbound handler may add its own (for example
 * `forbidden`), hence the open string.
 */
export type ErrorCode =
  | 'malformed_json'
  | 'invalid_frame'
  | 'unknown_type'
  | 'too_large'
  | 'unsupported'
  | 'handler_failed'
  /** `cancel` of a run that is unknown or not the user's. */
  | 'unknown_run'
  /** `approval` of a request that is unknown or not the user's. */
  | 'unknown_request'
  /** `approval` of a request that already has its decision (from any tab). */
  | 'already_decided'
  /** `cancel` or `approval` for a run that has already ended. */
  | 'run_ended'
  | (string & {});

/** A client frame was refused; the connection stays open and nothing else changed. */
export interface ErrorFrame {
  type: 'error';
  code: ErrorCode;
  message: string;
}

/** Every control frame. */
export type ControlFrame =
  | WelcomeFrame
  | SubscribedFrame
  | UnsubscribedFrame
  | RecoveredFrame
  | RecoveryFailedFrame
  | PongFrame
  | ErrorFrame;

/** Every frame the server sends. */
export type ServerFrame = ControlFrame | ServerEvent;

/** The control frame types, for run-time checks. */
export const CONTROL_FRAME_TYPES: readonly ControlFrame['type'][] = Object.freeze([
  'welcome', 'subscribed', 'unsubscribed', 'recovered', 'recovery_failed', 'pong', 'error',
]);
