/**
 * The WebSocket the client drives: the part of the WHATWG `WebSocket` that browsers, Node 22+ and
 * the `ws` package all have. Nothing else of the platform is used.
 */

// A method-shaped function type is checked bivariantly, so the platform's handlers (typed with
// `MessageEvent`, `CloseEvent`, ...) fit these narrower event shapes.
type Handler<E> = { handle(event: E): void }['handle'];

/** What the client reads from a message event. */
export interface SocketMessage {
  readonly data: unknown;
}

/** What the client reads from a close event. */
export interface SocketClose {
  readonly code: number;
  readonly reason: string;
}

/** A WebSocket, as far as the client needs one. */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<SocketMessage> | null;
  onclose: Handler<SocketClose> | null;
  onerror: Handler<unknown> | null;
}

/** A WebSocket class: the platform's `WebSocket`, or `ws`'s in Node. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** What the client knows when it opens a socket. */
export interface SocketCredentials {
  /** The token provider's answer for this attempt, if there is a provider. */
  readonly token?: string;
}

/**
 * Opens a socket. Node applications use this to put credentials in headers, which browsers do not
 * allow: `(url, protocols, { token }) => new WebSocket(url, protocols, { headers: { authorization:
 * 'Bearer ' + token } })` with `ws`.
 */
export type SocketFactory = (url: string, protocols: string[], credentials: SocketCredentials) => WebSocketLike;

/** `readyState` of an open socket. */
export const OPEN = 1;
