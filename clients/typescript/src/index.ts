/**
 * `@switchboard/client`: a browser and Node client for Switchboard servers. It keeps the
 * delivery promise on the client's side: a cursor per stream, a resume of every stream after each
 * reconnect, duplicates dropped and merged frames accepted, every close code handled as the
 * protocol says, and the streamed answer assembled into messages and tool calls.
 *
 * @packageDocumentation
 */
export { SwitchboardClient, type SendOptions, type SubscribeOptions } from './client.js';
export type {
  ClientEvents,
  ClientStats,
  Closed,
  ClosedCause,
  ConnectionStatus,
  Disconnection,
  Duplicate,
  Recovery,
  RecoveryFailure,
  Warning,
} from './events.js';
export type {
  AssembledApproval,
  AssembledMessage,
  AssembledRun,
  AssembledToolCall,
  Origin,
} from './assembly.js';
export type { ClientOptions, TokenAnswer } from './options.js';
export {
  backoffCeiling,
  DEFAULT_RECONNECT,
  ReconnectSchedule,
  type Random,
  type ReconnectOptions,
} from './backoff.js';
export { CloseCode, closeAction, type CloseAction } from './close-codes.js';
export { memoryStorage, type CursorStorage } from './storage.js';
export { isValidId } from './ids.js';
export type { Timers } from './platform.js';
export type {
  SocketClose,
  SocketCredentials,
  SocketFactory,
  SocketMessage,
  WebSocketConstructor,
  WebSocketLike,
} from './socket.js';
export {
  CONTROL_FRAME_TYPES,
  isKnownEvent,
  KNOWN_EVENT_TYPES,
  type ApplicationEvent,
  type ApprovalDecision,
  type ControlFrame,
  type ErrorCode,
  type ErrorFrame,
  type EventEnvelope,
  type EventPayloads,
  type KnownEvent,
  type KnownEventType,
  type LifecycleMark,
  type MessageKind,
  type OpenMessage,
  type PongFrame,
  type RecoveredFrame,
  type RecoveryFailedFrame,
  type RecoveryFailureReason,
  type RunOutcome,
  type ServerEvent,
  type ServerFrame,
  type SubscribedFrame,
  type UnsubscribedFrame,
  type WelcomeFrame,
} from './frames.js';
export {
  MAX_APPROVAL_COMMENT_CHARS,
  MAX_CURSORS_PER_RESUME,
  type AckFrame,
  type ApprovalFrame,
  type CancelFrame,
  type ClientFrame,
  type MessageFrame,
  type PingFrame,
  type ResumeFrame,
  type StreamCursor,
  type SubscribeFrame,
  type UnsubscribeFrame,
} from './client-frames.js';
