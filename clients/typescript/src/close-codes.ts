/**
 * WebSocket close codes the server uses (`docs/protocol.md`, "Close codes") and what the client
 * does after each one.
 */

/** The close codes with a meaning in the protocol. */
export const CloseCode = Object.freeze({
  /** The application closed the connection (for example sign-out). */
  NORMAL: 1000,
  /** Graceful shutdown, or refused during shutdown. */
  GOING_AWAY: 1001,
  /** The socket ended without a close frame (network loss, refused handshake). */
  ABNORMAL: 1006,
  /** Policy violation, for example the inbound rate limit. */
  POLICY_VIOLATION: 1008,
  /** A frame exceeded the transport's size limit. */
  MESSAGE_TOO_BIG: 1009,
  /** The server failed to write to the connection. */
  SEND_FAILED: 1011,
  /** Shutdown for migration: reconnect (to another instance) and resume. */
  SERVICE_RESTART: 1012,
  /** The server holds its maximum number of connections. */
  TRY_AGAIN_LATER: 1013,
  /** A newer connection of the same user took the slot (per-user limit). */
  EVICTED: 4001,
  /** Nothing was received for too long. */
  STALE: 4002,
  /** The outbound queue overflowed; every stream is resumable from the last `seq` received. */
  QUEUE_OVERFLOW: 4003,
  /** The server's heartbeat found the connection dead. */
  HEARTBEAT_TIMEOUT: 4004,
  /** Sent by this client when it drops a connection itself (liveness, `reconnect()`). */
  CLIENT_RECONNECTING: 4000,
} as const);

/**
 * What the client does after a close:
 * - `stop`: stay closed (1000);
 * - `evicted`: stay closed and tell the application that a newer tab took the slot (4001);
 * - `restart`: reconnect soon, at a random moment within the restart jitter (1012);
 * - `back_off`: reconnect after at least the overload delay plus the backoff (1013, 1008, 1001);
 * - `reconnect`: reconnect with exponential backoff and full jitter, then resume (every other code,
 *   4003 included).
 */
export type CloseAction = 'stop' | 'evicted' | 'restart' | 'back_off' | 'reconnect';

/**
 * The action for a close code the server (or the network) gave.
 *
 * @param code the close event's code
 */
export function closeAction(code: number): CloseAction {
  switch (code) {
    case CloseCode.NORMAL:
      return 'stop';
    case CloseCode.EVICTED:
      return 'evicted';
    case CloseCode.SERVICE_RESTART:
      return 'restart';
    case CloseCode.TRY_AGAIN_LATER:
    case CloseCode.POLICY_VIOLATION:
    case CloseCode.GOING_AWAY:
      return 'back_off';
    default:
      return 'reconnect';
  }
}
