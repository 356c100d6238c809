// A client wired to a fake network and virtual time, with every event it emits recorded.
import { SwitchboardClient, type ClientEvents, type ClientOptions } from '../../src/index.js';
import { FakeNetwork } from './fake-socket.js';
import { FakeTimers } from './fake-timers.js';

export type Recorded = { [K in keyof ClientEvents]: ClientEvents[K][] };

const NAMES: Array<keyof ClientEvents> = [
  'status', 'welcome', 'disconnected', 'closed', 'frame', 'event', 'message', 'toolCall', 'approval',
  'run', 'recovered', 'recoveryFailed', 'serverError', 'subscribed', 'unsubscribed', 'duplicate', 'warning',
];

export interface Harness {
  client: SwitchboardClient;
  network: FakeNetwork;
  timers: FakeTimers;
  events: Recorded;
}

export function harness(options: Partial<ClientOptions> = {}): Harness {
  const network = new FakeNetwork();
  const timers = new FakeTimers();
  const client = new SwitchboardClient({
    url: 'ws://127.0.0.1:9/ws',
    createSocket: network.factory,
    timers,
    random: () => 0.5,
    pingIntervalMs: 0,
    // Most tests follow threads only; the user stream's default is tested on its own.
    userStream: 'now',
    ...options,
  });
  const events = Object.fromEntries(NAMES.map((name) => [name, []])) as unknown as Recorded;
  for (const name of NAMES) {
    client.on(name, (value) => (events[name] as unknown[]).push(value));
  }
  return { client, network, timers, events };
}

/** Lets pending promise callbacks (the url and token providers) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Starts the client and admits its first connection. */
export async function connected(options: Partial<ClientOptions> = {}): Promise<Harness> {
  const h = harness(options);
  const welcomed = h.client.connect();
  await settle();
  h.network.last.admit();
  await welcomed;
  return h;
}

/**
 * After the server closed the connection: waits out the retry delay and admits the next socket,
 * with a welcome naming `userStreamAt` as the user stream's position if given.
 */
export async function readmitted(h: Harness, userStreamAt?: { epoch?: string; seq: number }): Promise<void> {
  const last = h.events.disconnected[h.events.disconnected.length - 1];
  if (!last) {
    throw new Error('the client did not schedule a reconnect');
  }
  h.timers.advance(last.retryInMs);
  await settle();
  h.network.last.admit('alice', `c-${h.network.sockets.length}`, userStreamAt);
}
