/**
 * The Switchboard client: one WebSocket to a Switchboard server, kept open across drops, with
 * every stream resumed after each reconnect so that the application sees each event exactly once.
 */
import { Assembler } from './assembly.js';
import { ReconnectSchedule } from './backoff.js';
import {
  MAX_APPROVAL_COMMENT_CHARS,
  type ApprovalFrame,
  type ClientFrame,
  type MessageFrame,
  type StreamCursor,
} from './client-frames.js';
import { CloseCode, closeAction } from './close-codes.js';
import { CursorBook } from './cursors.js';
import { Emitter, type Listener, type Unsubscribe } from './emitter.js';
import type { ClientEvents, ClientStats, ClosedCause, ConnectionStatus } from './events.js';
import type {
  RecoveredFrame,
  RecoveryFailedFrame,
  ServerEvent,
  ServerFrame,
  SubscribedFrame,
  UnsubscribedFrame,
  WelcomeFrame,
} from './frames.js';
import { requireId } from './ids.js';
import { resolveOptions, type ClientOptions, type ResolvedOptions } from './options.js';
import { OPEN, type WebSocketLike } from './socket.js';
import { StreamFollower, type Counters, type SubscriptionStart } from './streams.js';

/** Where a new thread subscription starts when the client holds no cursor for it. */
export interface SubscribeOptions {
  /**
   * `start` (the default): the thread's events still in the server's window, then live ones, so
   * the client never misses one. `now`: live events only; until the first one arrives the client
   * has no cursor, so events sent while it is disconnected before then are not replayed.
   */
  from?: SubscriptionStart;
}

/** Options of an application message. */
export interface SendOptions {
  /** The thread the message is about, handed to the server's application with it. */
  threadId?: string;
}

/**
 * A client of one Switchboard server (or cluster, behind one URL).
 *
 * Lifecycle: `idle` until {@link connect}; then it keeps a connection open, reconnecting with
 * backoff and full jitter as each close code asks, until {@link close}, a 4001 eviction, a 1000
 * close from the server, or `reconnect.maxRetries` failures; then `closed`, after which no event
 * follows and the client cannot be reopened (create another).
 *
 * Threading: everything runs on the event loop that created the client; listeners are called
 * synchronously, in order, from the socket's callbacks. A listener may call any method.
 */
export class SwitchboardClient {
  private readonly options: ResolvedOptions;
  private readonly emitter = new Emitter<ClientEvents>();
  private readonly schedule: ReconnectSchedule;
  private readonly book: CursorBook;
  private readonly streams: StreamFollower;
  private readonly counters: Counters = {
    connects: 0, admissions: 0, framesReceived: 0, events: 0, mergedFrames: 0,
    duplicatesDropped: 0, discardedForResync: 0, recoveries: 0, recoveryFailures: 0, unreadableFrames: 0,
  };

  private state: ConnectionStatus = 'idle';
  private socket?: WebSocketLike;
  /** Increases with every connection attempt, so a late answer of an abandoned one is ignored. */
  private attempt = 0;
  private welcomeFrame?: WelcomeFrame;
  private waiters: { resolve: (welcome: WelcomeFrame) => void; reject: (error: Error) => void }[] = [];
  private lastReceivedAt = 0;
  private readonly timers = new Set<unknown>();
  private reconnectTimer?: unknown;

  /**
   * Creates a client; nothing connects until {@link connect}.
   *
   * @throws TypeError or RangeError for an invalid option, naming it and its value
   */
  constructor(options: ClientOptions) {
    this.options = resolveOptions(options);
    this.schedule = new ReconnectSchedule(this.options.reconnect, this.options.random);
    this.book = new CursorBook(this.options.storage, this.options.storageKey);
    this.streams = new StreamFollower(this.book, new Assembler(this.options.maxOpenItems), {
      emitter: this.emitter,
      counters: this.counters,
      transmit: (frame) => this.transmit(frame),
      later: (delayMs, task) => this.after(delayMs, task),
      cancel: (handle) => this.clearTimer(handle),
      busyRetryDelayMs: () => this.options.reconnect.initialDelayMs * (1 + this.options.random()),
    }, this.options.ackIntervalMs > 0, this.options.userStreamFrom);
  }

  /** The connection status. */
  get status(): ConnectionStatus {
    return this.state;
  }

  /** The current connection's welcome, while the status is `open`. */
  get welcome(): WelcomeFrame | undefined {
    return this.state === 'open' ? this.welcomeFrame : undefined;
  }

  /**
   * Adds a listener.
   *
   * @returns a function that removes it
   */
  on<K extends keyof ClientEvents>(name: K, listener: Listener<ClientEvents[K]>): Unsubscribe {
    return this.emitter.on(name, listener);
  }

  /**
   * Starts connecting (if idle) and resolves with the next welcome. It stays pending while the
   * client retries, and rejects if the client closes for good first.
   */
  connect(): Promise<WelcomeFrame> {
    if (this.state === 'closed') {
      return Promise.reject(new Error('this client is closed; create a new one'));
    }
    if (this.state === 'open' && this.welcomeFrame) {
      return Promise.resolve(this.welcomeFrame);
    }
    const welcomed = new Promise<WelcomeFrame>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.state === 'idle') {
      void this.open();
    }
    return welcomed;
  }

  /** Closes the connection with 1000 and stops for good; a `closed` event with cause `client` follows. */
  close(): void {
    this.finish('client', 'Closed by the application.', CloseCode.NORMAL, 'client closed');
  }

  /**
   * Drops the current connection and reconnects at once, resuming every stream (for example
   * after the device changed networks). Does nothing once closed.
   */
  reconnect(): void {
    if (this.state === 'closed') {
      return;
    }
    this.abandon(CloseCode.CLIENT_RECONNECTING, 'client reconnecting');
    this.endConnection();
    this.clearTimer(this.reconnectTimer);
    this.reconnectTimer = undefined;
    void this.open();
  }

  /**
   * Follows a thread of the signed-in user: now if connected, and after every reconnect, resumed
   * from the last event received. Subscribing to a thread already followed does nothing.
   *
   * @throws TypeError if `threadId` is not a valid id
   */
  subscribe(threadId: string, options: SubscribeOptions = {}): void {
    requireId('threadId', threadId);
    const from: SubscriptionStart = options.from ?? 'start';
    if (from !== 'start' && from !== 'now') {
      throw new TypeError(`from must be 'start' or 'now', got ${JSON.stringify(from)}`);
    }
    this.streams.follow(threadId, from, this.state === 'open');
  }

  /** Stops following a thread. Its cursor is kept, so a later subscribe continues from it. */
  unsubscribe(threadId: string): void {
    this.streams.unfollow(requireId('threadId', threadId), this.state === 'open');
  }

  /** The threads followed. */
  subscriptions(): string[] {
    return this.streams.subscriptions();
  }

  /**
   * Sends an application message (for example the user's question) to the server's handler.
   *
   * @returns true if it was written to an open connection; false while disconnected (nothing is
   *     queued: the application decides whether to send again)
   */
  send(payload: unknown, options: SendOptions = {}): boolean {
    const frame: MessageFrame = { type: 'message', payload };
    if (options.threadId !== undefined) {
      frame.thread_id = requireId('threadId', options.threadId);
    }
    return this.transmit(frame);
  }

  /**
   * Asks the server to cancel a run of the signed-in user. The server answers with a
   * `cancel_requested` event (the run's status becomes `cancelling`), or an `unknown_run` error.
   *
   * @returns true if the request was written to an open connection
   */
  cancel(runId: string): boolean {
    return this.transmit({ type: 'cancel', run_id: requireId('runId', runId) });
  }

  /**
   * Approves a human-in-the-loop request. Every tab of the user sees the `approval_decided` event.
   *
   * @returns true if the decision was written to an open connection
   */
  approve(requestId: string, comment?: string): boolean {
    return this.decide(requestId, 'approved', comment);
  }

  /**
   * Rejects a human-in-the-loop request.
   *
   * @returns true if the decision was written to an open connection
   */
  reject(requestId: string, comment?: string): boolean {
    return this.decide(requestId, 'rejected', comment);
  }

  /** The stream of a thread of the signed-in user (`<user>#<thread>`), once a welcome named the user. */
  threadStream(threadId: string): string | undefined {
    return this.streams.threadStream(threadId);
  }

  /** The cursor of a stream: where the client would resume it from. */
  cursor(stream: string): StreamCursor | undefined {
    return this.book.cursor(stream);
  }

  /** The cursors of every stream the client has received events of. */
  cursors(): StreamCursor[] {
    return this.book.streams().map((stream) => this.book.cursor(stream)!);
  }

  /** Counters since creation. */
  stats(): ClientStats {
    return { ...this.counters };
  }

  // ---- connection lifecycle ----

  private async open(): Promise<void> {
    const attempt = ++this.attempt;
    this.setStatus('connecting');
    let url: string;
    let token: string | undefined;
    try {
      url = await this.options.url();
      token = (await this.options.token?.()) ?? undefined;
    } catch (error) {
      if (attempt === this.attempt && this.state === 'connecting') {
        this.emitter.emit('warning', { message: 'the url or token provider failed', error });
        this.closed(CloseCode.ABNORMAL, 'credentials unavailable');
      }
      return;
    }
    if (attempt !== this.attempt || this.state !== 'connecting') {
      return; // closed, or another attempt started, while the providers ran
    }
    const parameter = this.options.tokenQueryParameter;
    const target = token !== undefined && parameter !== null
      ? `${url}${url.includes('?') ? '&' : '?'}${encodeURIComponent(parameter)}=${encodeURIComponent(token)}`
      : url;
    let socket: WebSocketLike;
    try {
      socket = this.options.createSocket(target, this.options.protocols, token === undefined ? {} : { token });
    } catch (error) {
      this.emitter.emit('warning', { message: 'the WebSocket could not be created', error });
      this.closed(CloseCode.ABNORMAL, 'socket not created');
      return;
    }
    this.counters.connects++;
    this.socket = socket;
    socket.onopen = null;
    socket.onerror = () => {
      // A close event always follows; it carries what is known.
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) {
        this.received(event.data);
      }
    };
    socket.onclose = (event) => {
      if (this.socket === socket) {
        this.closed(event.code, event.reason);
      }
    };
    this.after(this.options.connectTimeoutMs, () => {
      if (this.socket === socket && this.state === 'connecting') {
        this.abandon(CloseCode.CLIENT_RECONNECTING, 'no welcome in time');
        this.closed(CloseCode.ABNORMAL, 'no welcome in time');
      }
    });
  }

  // The socket ended (or was abandoned): stay closed or schedule the next attempt.
  private closed(code: number, reason: string): void {
    this.endConnection();
    if (this.state === 'closed') {
      return;
    }
    const action = closeAction(code);
    if (action === 'evicted') {
      this.finish('evicted', 'Another tab or device of this account took this connection\'s place; this one stays disconnected.', code, reason);
      return;
    }
    if (action === 'stop') {
      this.finish('server', 'The server closed the connection.', code, reason);
      return;
    }
    if (this.schedule.exhausted) {
      this.finish('gave_up', 'The server could not be reached.', code, reason);
      return;
    }
    const retryInMs = this.schedule.delayAfter(action);
    this.setStatus('reconnecting');
    this.emitter.emit('disconnected', { code, reason, action, retryInMs, attempt: this.schedule.attempts });
    this.reconnectTimer = this.after(retryInMs, () => {
      this.reconnectTimer = undefined;
      void this.open();
    });
  }

  // Stops for good.
  private finish(cause: ClosedCause, message: string, code?: number, reason?: string): void {
    if (this.state === 'closed') {
      return;
    }
    if (cause === 'client') {
      this.abandon(CloseCode.NORMAL, 'client closed');
    }
    this.endConnection();
    for (const timer of this.timers) {
      this.options.timers.clearTimeout(timer);
    }
    this.timers.clear();
    this.setStatus('closed');
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((waiter) => waiter.reject(new Error(message)));
    this.emitter.emit('closed', { cause, message, code, reason });
  }

  // Lets go of the current socket without waiting for its close handshake.
  private abandon(code: number, reason: string): void {
    const socket = this.socket;
    if (!socket) {
      return;
    }
    this.socket = undefined;
    socket.onmessage = null;
    socket.onclose = null;
    try {
      socket.close(code, reason);
    } catch {
      // Already closing; nothing more to do.
    }
  }

  // What ends with a connection: its socket, its timers, its unanswered resumes.
  private endConnection(): void {
    this.socket = undefined;
    this.streams.connectionLost();
  }

  // ---- frames in ----

  private received(data: unknown): void {
    this.lastReceivedAt = this.options.timers.now();
    this.counters.framesReceived++;
    const frame = parse(data);
    if (!frame) {
      this.counters.unreadableFrames++;
      this.emitter.emit('warning', { message: 'a frame that is not a JSON object with a type was ignored' });
      return;
    }
    this.emitter.emit('frame', frame);
    switch (frame.type) {
      case 'welcome':
        this.welcomed(frame as WelcomeFrame);
        return;
      case 'subscribed':
        this.streams.subscribed(frame as SubscribedFrame);
        return;
      case 'unsubscribed':
        this.emitter.emit('unsubscribed', frame as UnsubscribedFrame);
        return;
      case 'recovered':
        this.streams.recovered(frame as RecoveredFrame);
        return;
      case 'recovery_failed':
        this.streams.recoveryFailed(frame as RecoveryFailedFrame);
        return;
      case 'error':
        this.emitter.emit('serverError', frame as never);
        return;
      case 'pong':
        return;
      default:
        if ('payload' in frame) {
          this.streams.event(frame as ServerEvent);
        }
    }
  }

  private welcomed(welcome: WelcomeFrame): void {
    this.counters.admissions++;
    this.welcomeFrame = welcome;
    this.schedule.reset();
    this.streams.admitted(welcome);
    this.startLiveness();
    this.setStatus('open');
    this.emitter.emit('welcome', welcome);
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((waiter) => waiter.resolve(welcome));
  }

  private decide(requestId: string, decision: 'approved' | 'rejected', comment?: string): boolean {
    const frame: ApprovalFrame = { type: 'approval', request_id: requireId('requestId', requestId), decision };
    if (comment !== undefined) {
      if (typeof comment !== 'string' || comment.length > MAX_APPROVAL_COMMENT_CHARS) {
        throw new RangeError(`comment must be a string of at most ${MAX_APPROVAL_COMMENT_CHARS} characters, got ${typeof comment === 'string' ? comment.length + ' characters' : typeof comment}`);
      }
      frame.comment = comment;
    }
    return this.transmit(frame);
  }

  private transmit(frame: ClientFrame): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || (this.state !== 'open' && frame.type !== 'resume' && frame.type !== 'subscribe')) {
      return false;
    }
    try {
      socket.send(JSON.stringify(frame));
      return true;
    } catch (error) {
      this.emitter.emit('warning', { message: 'a frame could not be sent', error });
      return false;
    }
  }

  // ---- liveness and acks ----

  // Pings on a fixed interval; a connection that then stays silent past the pong timeout is dead.
  private startLiveness(): void {
    const socket = this.socket;
    const { pingIntervalMs, pongTimeoutMs, ackIntervalMs } = this.options;
    if (pingIntervalMs > 0) {
      const ping = () => {
        if (this.socket !== socket) {
          return;
        }
        const sentAt = this.options.timers.now();
        this.transmit({ type: 'ping' });
        this.after(pongTimeoutMs, () => {
          if (this.socket === socket && this.lastReceivedAt < sentAt) {
            this.abandon(CloseCode.CLIENT_RECONNECTING, 'no pong');
            this.closed(CloseCode.ABNORMAL, 'no answer to ping');
          }
        });
        this.after(pingIntervalMs, ping);
      };
      this.after(pingIntervalMs, ping);
    }
    if (ackIntervalMs > 0) {
      const ack = () => {
        if (this.socket !== socket) {
          return;
        }
        for (const [stream, seq] of this.streams.takeAcks()) {
          this.transmit({ type: 'ack', stream, seq });
        }
        this.after(ackIntervalMs, ack);
      };
      this.after(ackIntervalMs, ack);
    }
  }

  // ---- helpers ----

  private after(delayMs: number, task: () => void): unknown {
    const handle: unknown = this.options.timers.setTimeout(() => {
      this.timers.delete(handle);
      task();
    }, delayMs);
    this.timers.add(handle);
    return handle;
  }

  private clearTimer(handle: unknown): void {
    if (handle !== undefined) {
      this.options.timers.clearTimeout(handle);
      this.timers.delete(handle);
    }
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.state !== status) {
      this.state = status;
      this.emitter.emit('status', status);
    }
  }
}

function parse(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') {
    return undefined; // binary frames are not part of the protocol
  }
  try {
    const frame: unknown = JSON.parse(data);
    return typeof frame === 'object' && frame !== null && typeof (frame as { type?: unknown }).type === 'string'
      ? (frame as ServerFrame)
      : undefined;
  } catch {
    return undefined;
  }
}
