// A scripted WebSocket for unit tests: the test plays the server on each socket the client opens.
import type { SocketCredentials, SocketFactory, WebSocketLike } from '../../src/index.js';

type Handler<E> = ((event: E) => void) | null;

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  closedByClient?: { code?: number; reason?: string };
  /** Called with each frame the client sends, for a test that plays the server as it goes. */
  onSend?: (data: string) => void;
  onopen: Handler<unknown> = null;
  onmessage: Handler<{ data: unknown }> = null;
  onclose: Handler<{ code: number; reason: string }> = null;
  onerror: Handler<unknown> = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
    readonly credentials: SocketCredentials,
  ) {}

  send(data: string): void {
    if (this.readyState !== 1) {
      throw new Error('send on a socket that is not open');
    }
    this.sent.push(data);
    this.onSend?.(data);
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
    this.readyState = 3;
  }

  // ---- the server's side ----

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** Delivers a frame (an object is sent as its JSON). */
  receive(frame: object | string): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /**
   * Opens the socket and admits the connection; `userStreamAt` is the user stream's position the
   * welcome names (none by default, as a server whose log could not be read sends).
   */
  admit(user = 'alice', connectionId = 'c-1', userStreamAt?: { epoch?: string; seq: number }): void {
    this.open();
    this.receive({
      type: 'welcome', connection_id: connectionId, user_stream: `${user}#`,
      ...(userStreamAt ? { user_stream_epoch: userStreamAt.epoch, user_stream_last_seq: userStreamAt.seq } : {}),
      protocol: 1, ts: '2026-01-01T00:00:00Z',
    });
  }

  /** The server closes the connection. */
  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** Frames the client sent, parsed. */
  frames(): Array<Record<string, unknown>> {
    return this.sent.map((text) => JSON.parse(text) as Record<string, unknown>);
  }

  framesOfType(type: string): Array<Record<string, unknown>> {
    return this.frames().filter((frame) => frame.type === type);
  }
}

/** Records every socket a client opens. */
export class FakeNetwork {
  readonly sockets: FakeSocket[] = [];

  readonly factory: SocketFactory = (url, protocols, credentials) => {
    const socket = new FakeSocket(url, protocols, credentials);
    this.sockets.push(socket);
    return socket;
  };

  get last(): FakeSocket {
    const socket = this.sockets[this.sockets.length - 1];
    if (!socket) {
      throw new Error('the client opened no socket');
    }
    return socket;
  }
}
