/**
 * The client's settings: what the application passes, every default, and the check that turns a
 * wrong value into an error at construction, naming the setting and the value.
 */
import { DEFAULT_RECONNECT, type Random, type ReconnectOptions } from './backoff.js';
import { platformWebSocket, systemRandom, systemTimers, type Timers } from './platform.js';
import type { SocketFactory, WebSocketConstructor } from './socket.js';
import type { CursorStorage } from './storage.js';

/** What a token provider may answer; `null` or `undefined` means "connect without a token". */
export type TokenAnswer = string | null | undefined;

/** Settings of a {@link SwitchboardClient}. Only `url` is required. */
export interface ClientOptions {
  /**
   * The server's WebSocket URL (`wss://chat.example.com/ws`), or a function returning it, called
   * before each connect (for example to pick an instance).
   */
  url: string | (() => string | Promise<string>);
  /**
   * Called before each connect, so a token that expired while the connection was up is refreshed
   * on reconnect. In a browser the token goes into the URL's query (see
   * {@link tokenQueryParameter}); a cookie needs no provider at all, the browser sends it.
   */
  token?: () => TokenAnswer | Promise<TokenAnswer>;
  /** Query parameter that carries the token; `null` to leave it to {@link createSocket}. Default `access_token`. */
  tokenQueryParameter?: string | null;
  /** WebSocket subprotocols to offer. Default none. (`ag-ui` changes the frames; this client speaks Switchboard's own.) */
  protocols?: string[];
  /** The WebSocket class; default the platform's. Node 18 to 21 pass the `ws` package's. */
  WebSocket?: WebSocketConstructor;
  /** Opens a socket, for full control (headers in Node, a proxy agent); overrides {@link WebSocket}. */
  createSocket?: SocketFactory;
  /** Backoff and jitter; see {@link DEFAULT_RECONNECT} for each default. */
  reconnect?: Partial<ReconnectOptions>;
  /** Interval of application pings (browsers cannot send ping frames); 0 turns them off. Default 25,000 ms. */
  pingIntervalMs?: number;
  /** A connection that received nothing for this long after a ping is dropped and reconnected. Default 10,000 ms. */
  pongTimeoutMs?: number;
  /** Time from opening a socket to the server's welcome before the attempt counts as failed. Default 15,000 ms. */
  connectTimeoutMs?: number;
  /**
   * Where cursors survive a page reload, for example `sessionStorage`; default memory only. Keep
   * cursors across reloads only if the application keeps what it rendered as well: a resumed
   * stream continues after the cursor, it does not repeat what came before it.
   */
  storage?: CursorStorage;
  /** The storage key. Default `switchboard.cursors`. */
  storageKey?: string;
  /**
   * Where the user stream (`<user>#`, events sent to the user rather than a thread) starts when
   * the client holds no cursor for it: `now` (the default) at the position the server's welcome
   * names, so it gets every event sent after admission (also across a drop before the first one
   * arrives) and none from before; `start` replays the server's window of it first.
   */
  userStream?: 'start' | 'now';
  /** Sends the newest `seq` of each stream as an `ack` this often; 0 (the default) sends none. */
  ackIntervalMs?: number;
  /** Unfinished messages, tool calls, approvals and runs kept, of each kind. Default 1,000. */
  maxOpenItems?: number;
  /** Timers and clock; tests pass their own. Default the platform's. */
  timers?: Timers;
  /** Random numbers in [0, 1) for jitter; tests pass their own. Default `Math.random`. */
  random?: Random;
}

/** The settings with every default applied. */
export interface ResolvedOptions {
  readonly url: () => string | Promise<string>;
  readonly token?: () => TokenAnswer | Promise<TokenAnswer>;
  readonly tokenQueryParameter: string | null;
  readonly protocols: string[];
  readonly createSocket: SocketFactory;
  readonly reconnect: Readonly<ReconnectOptions>;
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly storage?: CursorStorage;
  readonly storageKey: string;
  readonly userStreamFrom: 'start' | 'now';
  readonly ackIntervalMs: number;
  readonly maxOpenItems: number;
  readonly timers: Timers;
  readonly random: Random;
}

/**
 * Applies defaults and checks every value.
 *
 * @throws TypeError or RangeError naming the setting and the value
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('options must be an object with at least a url');
  }
  const { url } = options;
  if (!(typeof url === 'function' || (typeof url === 'string' && /^wss?:\/\/./i.test(url)))) {
    throw new TypeError(`url must be a ws:// or wss:// URL or a function returning one, got ${JSON.stringify(url)}`);
  }
  if (options.token !== undefined && typeof options.token !== 'function') {
    throw new TypeError('token must be a function returning the token (or a promise of it)');
  }
  const protocols = options.protocols ?? [];
  if (!Array.isArray(protocols) || protocols.some((p) => typeof p !== 'string' || p === '')) {
    throw new TypeError(`protocols must be an array of non-empty strings, got ${JSON.stringify(protocols)}`);
  }
  if (protocols.includes('ag-ui')) {
    throw new RangeError("protocols must not include 'ag-ui': that profile sends AG-UI events, and this client reads Switchboard's frames");
  }
  const reconnect: ReconnectOptions = { ...DEFAULT_RECONNECT, ...options.reconnect };
  for (const name of ['initialDelayMs', 'maxDelayMs', 'restartJitterMs', 'overloadDelayMs'] as const) {
    requireMillis(`reconnect.${name}`, reconnect[name]);
  }
  if (reconnect.initialDelayMs === 0 || reconnect.maxDelayMs < reconnect.initialDelayMs) {
    throw new RangeError(`reconnect.initialDelayMs must be > 0 and at most reconnect.maxDelayMs, got ${reconnect.initialDelayMs} and ${reconnect.maxDelayMs}`);
  }
  if (!(reconnect.maxRetries >= 0) || !(Number.isInteger(reconnect.maxRetries) || reconnect.maxRetries === Infinity)) {
    throw new RangeError(`reconnect.maxRetries must be an integer >= 0 or Infinity, got ${reconnect.maxRetries}`);
  }
  const pingIntervalMs = requireMillis('pingIntervalMs', options.pingIntervalMs ?? 25_000);
  const pongTimeoutMs = requireMillis('pongTimeoutMs', options.pongTimeoutMs ?? 10_000);
  if (pingIntervalMs > 0 && pongTimeoutMs === 0) {
    throw new RangeError('pongTimeoutMs must be > 0 while pings are on');
  }
  const connectTimeoutMs = requireMillis('connectTimeoutMs', options.connectTimeoutMs ?? 15_000);
  if (connectTimeoutMs === 0) {
    throw new RangeError('connectTimeoutMs must be > 0');
  }
  const maxOpenItems = options.maxOpenItems ?? 1_000;
  if (!Number.isInteger(maxOpenItems) || maxOpenItems < 1) {
    throw new RangeError(`maxOpenItems must be an integer >= 1, got ${maxOpenItems}`);
  }
  const storageKey = options.storageKey ?? 'switchboard.cursors';
  if (typeof storageKey !== 'string' || storageKey === '') {
    throw new TypeError(`storageKey must be a non-empty string, got ${JSON.stringify(storageKey)}`);
  }
  const tokenQueryParameter = options.tokenQueryParameter === undefined ? 'access_token' : options.tokenQueryParameter;
  if (tokenQueryParameter !== null && (typeof tokenQueryParameter !== 'string' || tokenQueryParameter === '')) {
    throw new TypeError(`tokenQueryParameter must be a non-empty string or null, got ${JSON.stringify(tokenQueryParameter)}`);
  }
  const userStreamFrom = options.userStream ?? 'now';
  if (userStreamFrom !== 'start' && userStreamFrom !== 'now') {
    throw new TypeError(`userStream must be 'start' or 'now', got ${JSON.stringify(userStreamFrom)}`);
  }
  return Object.freeze({
    url: typeof url === 'function' ? url : () => url,
    token: options.token,
    tokenQueryParameter,
    protocols: [...protocols],
    createSocket: options.createSocket ?? socketFactory(options.WebSocket),
    reconnect: Object.freeze(reconnect),
    pingIntervalMs,
    pongTimeoutMs,
    connectTimeoutMs,
    storage: options.storage,
    storageKey,
    userStreamFrom,
    ackIntervalMs: requireMillis('ackIntervalMs', options.ackIntervalMs ?? 0),
    maxOpenItems,
    timers: options.timers ?? systemTimers,
    random: options.random ?? systemRandom,
  });
}

function socketFactory(constructor: WebSocketConstructor | undefined): SocketFactory {
  const WebSocketClass = constructor ?? platformWebSocket();
  if (typeof WebSocketClass !== 'function') {
    throw new TypeError('this platform has no WebSocket: pass one as options.WebSocket (in Node 18 to 21, the ws package\'s)');
  }
  return (url, protocols) => new WebSocketClass(url, protocols);
}

function requireMillis(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number of milliseconds >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}
