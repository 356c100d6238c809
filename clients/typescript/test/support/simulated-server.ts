// A small model of a Switchboard server's delivery (docs/delivery.md), for randomized unit tests
// of the client: a log per stream, a queue per connection that merges consecutive deltas, the user
// stream live from admission, threads live from their subscription, and resumes answered from the
// log with what the connection has not had live. Not the real server: the real one is tested
// with real sockets elsewhere.
import type { FakeSocket } from './fake-socket.js';

type Frame = Record<string, unknown> & { type: string; seq?: number; seq_from?: number };

interface Connection {
  socket: FakeSocket;
  queue: Frame[];
  /** Per stream, the first seq this connection receives live. */
  firstLive: Map<string, number>;
}

export class SimulatedServer {
  private readonly logs = new Map<string, Frame[]>();
  private connection?: Connection;

  constructor(
    private readonly user: string,
    private readonly random: () => number,
    /** A sloppy server replays from the cursor even what the connection already had live. */
    private readonly sloppy = false,
    /** How often a replay is refused as `busy`. */
    private readonly busyRate = 0,
    /** Whether the welcome names the user stream's position, as a server whose log answers does. */
    private readonly welcomePosition = false,
  ) {}

  /** Admits a socket the client opened: the welcome, then the user stream is live. */
  attach(socket: FakeSocket): void {
    const connection: Connection = { socket, queue: [], firstLive: new Map() };
    this.connection = connection;
    const last = this.lastSeq(this.userStream);
    connection.firstLive.set(this.userStream, last + 1);
    socket.onSend = (data) => this.handle(connection, JSON.parse(data) as Record<string, unknown>);
    socket.admit(this.user, 'c-1', this.welcomePosition ? { epoch: last > 0 ? 'e-1' : undefined, seq: last } : undefined);
  }

  get userStream(): string {
    return `${this.user}#`;
  }

  /** Appends an event to a stream and queues it for the connection if it is live there. */
  emit(stream: string, type: string, payload: Record<string, unknown>): number {
    const log = this.logs.get(stream) ?? [];
    this.logs.set(stream, log);
    const seq = log.length + 1;
    const thread = stream.slice(stream.indexOf('#') + 1);
    const frame: Frame = {
      type, stream, seq, epoch: 'e-1', ...(thread ? { thread_id: thread, run_id: 'r-1' } : {}),
      ts: '2026-01-01T00:00:00Z', payload,
    };
    log.push(frame);
    const connection = this.connection;
    if (connection && connection.firstLive.has(stream)) {
      connection.queue.push(frame);
    }
    return seq;
  }

  /** Writes part of the connection's queue (all of it with `all`), merging adjacent deltas at random. */
  flush(all = false): void {
    const connection = this.connection;
    if (!connection) {
      return;
    }
    const count = all ? connection.queue.length : Math.floor(this.random() * (connection.queue.length + 1));
    const batch = merge(connection.queue.splice(0, count), this.random);
    for (const frame of batch) {
      connection.socket.receive(frame);
    }
  }

  /** The connection breaks: what was queued and not written is lost, as on a real socket. */
  drop(code: number): void {
    const connection = this.connection;
    this.connection = undefined;
    connection?.socket.serverClose(code);
  }

  private handle(connection: Connection, frame: Record<string, unknown>): void {
    if (frame.type === 'subscribe') {
      const stream = this.userStream + String(frame.thread_id);
      connection.queue.push({ type: 'subscribed', thread_id: frame.thread_id as string });
      if (!connection.firstLive.has(stream)) {
        connection.firstLive.set(stream, this.lastSeq(stream) + 1);
      }
      if (typeof frame.seq === 'number') {
        this.replay(connection, stream, frame.seq);
      }
    } else if (frame.type === 'unsubscribe') {
      const stream = this.userStream + String(frame.thread_id);
      connection.firstLive.delete(stream);
      connection.queue.push({ type: 'unsubscribed', thread_id: frame.thread_id as string });
    } else if (frame.type === 'resume') {
      for (const cursor of frame.streams as Array<{ stream: string; seq: number }>) {
        if (!connection.firstLive.has(cursor.stream)) {
          connection.firstLive.set(cursor.stream, this.lastSeq(cursor.stream) + 1);
        }
        this.replay(connection, cursor.stream, cursor.seq);
      }
    }
  }

  private replay(connection: Connection, stream: string, after: number): void {
    if (this.random() < this.busyRate) {
      // The stream stays live (a thread stays subscribed); only the replay is refused.
      connection.queue.push({ type: 'recovery_failed', stream, reason: 'busy', epoch: 'e-1', last_seq: this.lastSeq(stream) });
      return;
    }
    const firstLive = this.sloppy ? Number.POSITIVE_INFINITY : connection.firstLive.get(stream)!;
    const missed = (this.logs.get(stream) ?? []).filter((event) => event.seq! > after && event.seq! < firstLive);
    connection.queue.push(...missed, {
      type: 'recovered', stream, replayed: missed.length, epoch: 'e-1', last_seq: this.lastSeq(stream),
    });
  }

  private lastSeq(stream: string): number {
    return this.logs.get(stream)?.length ?? 0;
  }
}

// Consecutive deltas of one message with consecutive seqs may travel as one frame (seq_from..seq).
function merge(frames: Frame[], random: () => number): Frame[] {
  const out: Frame[] = [];
  for (const frame of frames) {
    const last = out[out.length - 1];
    const payload = frame.payload as { message_id?: string; delta?: string };
    const lastPayload = last?.payload as { message_id?: string; delta?: string } | undefined;
    if (last && frame.type === 'message_delta' && last.type === 'message_delta' &&
        last.stream === frame.stream && lastPayload?.message_id === payload.message_id &&
        last.seq! + 1 === frame.seq && random() < 0.6) {
      out[out.length - 1] = {
        ...last, seq_from: last.seq_from ?? last.seq, seq: frame.seq,
        payload: { ...lastPayload, delta: lastPayload!.delta! + payload.delta! },
      };
    } else {
      out.push(frame);
    }
  }
  return out;
}

/** A small seeded generator (mulberry32), so a failing case can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
