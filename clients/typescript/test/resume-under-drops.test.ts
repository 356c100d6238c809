import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harness, settle, type Harness } from './support/harness.js';
import { seeded, SimulatedServer } from './support/simulated-server.js';

interface Mode {
  name: string;
  sloppy: boolean;
  busyRate: number;
  /** The welcome names the user stream's position and the client starts there (the default). */
  welcomePosition?: boolean;
}

interface Outcome {
  delivered: Map<string, number[]>;
  texts: Map<string, string>;
  emittedTexts: Map<string, string>;
  emitted: Map<string, number>;
  drops: number;
}

// Streams messages into one thread and notes into the user stream while the connection drops at
// random points; returns what the client delivered, counted the way an application sees it.
async function run(seed: number, mode: Mode): Promise<{ h: Harness; outcome: Outcome }> {
  const random = seeded(seed);
  const h = harness({ random, userStream: mode.welcomePosition ? 'now' : 'start' });
  const server = new SimulatedServer('alice', random, mode.sloppy, mode.busyRate, mode.welcomePosition);
  const delivered = new Map<string, number[]>();
  const texts = new Map<string, string>();
  h.client.on('event', (event) => {
    const list = delivered.get(event.stream!) ?? [];
    for (let seq = event.seq_from ?? event.seq!; seq <= event.seq!; seq++) {
      list.push(seq);
    }
    delivered.set(event.stream!, list);
  });
  h.client.on('message', (message) => texts.set(message.id, message.text));
  h.client.subscribe('t-1');
  void h.client.connect();
  await settle();
  server.attach(h.network.last);
  const emittedTexts = new Map<string, string>();
  const emitted = new Map<string, number>();
  const count = (stream: string) => emitted.set(stream, (emitted.get(stream) ?? 0) + 1);
  let drops = 0;
  for (let m = 0; m < 6; m++) {
    const id = `m-${m}`;
    server.emit('alice#t-1', 'message_started', { message_id: id, kind: m % 2 ? 'reasoning' : 'text' });
    count('alice#t-1');
    let text = '';
    for (let d = 0; d < 40; d++) {
      const delta = `${m}.${d} `;
      text += delta;
      server.emit('alice#t-1', 'message_delta', { message_id: id, delta });
      count('alice#t-1');
      if (random() < 0.1) {
        server.emit('alice#', 'x.note', { n: d });
        count('alice#');
      }
      if (random() < 0.3) {
        server.flush();
      }
      h.timers.advance(100);
      if (random() < 0.04 && h.client.status === 'open') {
        server.flush();
        server.drop([1006, 4003, 1012, 1011][Math.floor(random() * 4)]!);
        drops++;
        h.timers.advance(h.events.disconnected[h.events.disconnected.length - 1]!.retryInMs);
        await settle();
        server.attach(h.network.last);
      }
    }
    server.emit('alice#t-1', 'message_completed', { message_id: id });
    count('alice#t-1');
    emittedTexts.set(id, text);
  }
  // Let pending retries run (a busy server may refuse a few more) until everything is written.
  for (let i = 0; i < 30; i++) {
    server.flush(true);
    h.timers.advance(2_000);
  }
  server.flush(true);
  return { h, outcome: { delivered, texts, emittedTexts, emitted, drops } };
}

const MODES: Mode[] = [
  { name: 'from an exact server', sloppy: false, busyRate: 0 },
  { name: 'from a server that replays duplicates', sloppy: true, busyRate: 0 },
  { name: 'from a server that is often too busy to replay', sloppy: false, busyRate: 0.3 },
  { name: 'starting the user stream at the welcome\'s position', sloppy: false, busyRate: 0.1, welcomePosition: true },
];

describe('resume under random drops (simulated server)', () => {
  for (const mode of MODES) {
    it(`delivers every event exactly once and in order, and every text whole, ${mode.name}`, async () => {
      let drops = 0;
      let duplicates = 0;
      let merged = 0;
      let busy = 0;
      for (let seed = 1; seed <= 40; seed++) {
        const { h, outcome } = await run(seed, mode);
        const thread = outcome.delivered.get('alice#t-1') ?? [];
        assert.deepEqual(thread, Array.from({ length: outcome.emitted.get('alice#t-1')! }, (_, i) => i + 1), `seed ${seed}: thread stream`);
        const user = [...(outcome.delivered.get('alice#') ?? [])].sort((a, b) => a - b);
        assert.deepEqual(user, Array.from({ length: outcome.emitted.get('alice#') ?? 0 }, (_, i) => i + 1), `seed ${seed}: user stream`);
        assert.deepEqual(outcome.texts, outcome.emittedTexts, `seed ${seed}: texts`);
        assert.deepEqual(h.events.recoveryFailed.filter((f) => f.reason !== 'busy'), [], `seed ${seed}`);
        drops += outcome.drops;
        duplicates += h.client.stats().duplicatesDropped;
        merged += h.client.stats().mergedFrames;
        busy += h.events.recoveryFailed.length;
      }
      assert.ok(drops > 20, `only ${drops} drops: the test did not exercise resume`);
      assert.ok(merged > 100, `only ${merged} merged frames`);
      if (mode.sloppy) {
        assert.ok(duplicates > 0, 'the sloppy server sent no duplicate to drop');
      }
      assert.equal(busy > 0, mode.busyRate > 0, `${busy} busy answers`);
    });
  }
});
