import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closeAction, SwitchboardClient } from '../src/index.js';
import { FakeNetwork } from './support/fake-socket.js';
import { FakeTimers } from './support/fake-timers.js';
import { threadEvent } from './support/frames.js';
import { connected, settle } from './support/harness.js';

const HOUR = 3_600_000;

describe('close codes', () => {
  it('maps every close code of the protocol to its action', () => {
    const table: Array<[number, string]> = [
      [1000, 'stop'], [4001, 'evicted'], [1012, 'restart'], [1013, 'back_off'], [1008, 'back_off'],
      [1001, 'back_off'], [4003, 'reconnect'], [4002, 'reconnect'], [4004, 'reconnect'], [1011, 'reconnect'],
      [1009, 'reconnect'], [1006, 'reconnect'], [1005, 'reconnect'], [4999, 'reconnect'],
    ];
    assert.deepEqual(table.map(([code]) => [code, closeAction(code)]), table);
  });

  it('4001: stays closed and says that a newer tab took the slot', async () => {
    const { network, timers, events, client } = await connected();
    network.last.serverClose(4001, 'evicted: per-user connection limit reached');
    assert.equal(client.status, 'closed');
    assert.equal(events.closed.length, 1);
    assert.equal(events.closed[0]!.cause, 'evicted');
    assert.equal(events.closed[0]!.code, 4001);
    assert.match(events.closed[0]!.message, /another tab/i);
    assert.deepEqual(events.disconnected, []);
    timers.advance(HOUR);
    await settle();
    assert.equal(network.sockets.length, 1, 'an evicted tab must not reconnect');
    assert.equal(timers.size, 0, 'a closed client leaves no timer behind');
  });

  it('1000: stays closed', async () => {
    const { network, timers, events, client } = await connected();
    network.last.serverClose(1000, 'closed by server');
    assert.equal(client.status, 'closed');
    assert.equal(events.closed[0]!.cause, 'server');
    timers.advance(HOUR);
    await settle();
    assert.equal(network.sockets.length, 1);
  });

  it('1012: reconnects soon, at the jittered moment, without counting a failure', async () => {
    const { network, timers, events } = await connected({ reconnect: { restartJitterMs: 2_000 }, random: () => 0.25 });
    network.last.serverClose(1012, 'server restarting, reconnect and resume');
    assert.deepEqual(events.disconnected.map((d) => [d.action, d.retryInMs, d.attempt]), [['restart', 500, 0]]);
    timers.advance(499);
    await settle();
    assert.equal(network.sockets.length, 1);
    timers.advance(1);
    await settle();
    assert.equal(network.sockets.length, 2);
  });

  it('1012: a crowd of clients comes back spread over the jitter window, not at one instant', async () => {
    const delays: number[] = [];
    for (let i = 0; i < 200; i++) {
      const network = new FakeNetwork();
      const client = new SwitchboardClient({ url: 'ws://h/ws', createSocket: network.factory, timers: new FakeTimers(), pingIntervalMs: 0 });
      client.on('disconnected', (d) => delays.push(d.retryInMs));
      void client.connect();
      await settle();
      network.last.admit();
      network.last.serverClose(1012);
      client.close();
    }
    assert.ok(delays.every((d) => d >= 0 && d < 2_000), 'a delay outside the restart jitter');
    assert.ok(Math.max(...delays) - Math.min(...delays) > 1_500, 'clients come back bunched together');
    assert.ok(new Set(delays).size > 190);
  });

  for (const code of [1013, 1008, 1001]) {
    it(`${code}: backs off, at least the overload delay, longer with each failure`, async () => {
      const { network, timers, events } = await connected({ reconnect: { overloadDelayMs: 2_000, initialDelayMs: 500 } });
      network.last.serverClose(code);
      timers.advance(events.disconnected[0]!.retryInMs);
      await settle();
      network.last.serverClose(code);
      timers.advance(events.disconnected[1]!.retryInMs);
      await settle();
      network.last.serverClose(code);
      assert.deepEqual(events.disconnected.map((d) => [d.action, d.retryInMs]), [
        ['back_off', 2_000 + 250], ['back_off', 2_000 + 500], ['back_off', 2_000 + 1_000],
      ]);
    });
  }

  it('4003: reconnects and resumes every stream from the last seq received', async () => {
    const { client, network, timers, events } = await connected();
    client.subscribe('t-1');
    network.last.receive({ type: 'subscribed', thread_id: 't-1' });
    network.last.receive(threadEvent('agent_started', 1, { agent_name: 'a' }));
    network.last.receive({ type: 'recovered', stream: 'alice#t-1', replayed: 1, epoch: 'e-1', last_seq: 1 });
    network.last.receive(threadEvent('agent_thinking', 2, { thought: 't', step: 1 }));
    network.last.receive({ ...threadEvent('x.note', 7, { n: 1 }), stream: 'alice#', thread_id: undefined, epoch: 'u-1' });
    network.last.serverClose(4003, 'outbound queue overflow, reconnect and resume');
    assert.equal(events.disconnected[0]!.action, 'reconnect');
    timers.advance(events.disconnected[0]!.retryInMs);
    await settle();
    assert.equal(network.sockets.length, 2);
    network.last.admit();
    assert.deepEqual(network.last.framesOfType('resume'), [{
      type: 'resume',
      streams: [{ stream: 'alice#', epoch: 'u-1', seq: 7 }, { stream: 'alice#t-1', epoch: 'e-1', seq: 2 }],
    }]);
  });

  for (const code of [1006, 1011, 4002, 4004, 1009]) {
    it(`${code}: reconnects with exponential backoff and full jitter`, async () => {
      const { network, timers, events } = await connected({ random: () => 0.5, reconnect: { initialDelayMs: 100 } });
      for (let i = 0; i < 4; i++) {
        network.last.serverClose(code);
        timers.advance(events.disconnected[i]!.retryInMs);
        await settle();
      }
      assert.deepEqual(events.disconnected.map((d) => [d.action, d.retryInMs, d.attempt]), [
        ['reconnect', 50, 1], ['reconnect', 100, 2], ['reconnect', 200, 3], ['reconnect', 400, 4],
      ]);
      assert.equal(network.sockets.length, 5);
    });
  }

  it('starts from the first ceiling again once a connection is admitted', async () => {
    const { network, timers, events } = await connected({ reconnect: { initialDelayMs: 100 } });
    network.last.serverClose(1006);
    timers.advance(events.disconnected[0]!.retryInMs);
    await settle();
    network.last.serverClose(1006);
    timers.advance(events.disconnected[1]!.retryInMs);
    await settle();
    network.last.admit();
    network.last.serverClose(1006);
    assert.deepEqual(events.disconnected.map((d) => d.retryInMs), [50, 100, 50]);
  });

  it('gives up after maxRetries failed attempts in a row', async () => {
    const { network, timers, events, client } = await connected({ reconnect: { maxRetries: 2 } });
    for (let i = 0; i < 3; i++) {
      network.last.serverClose(1006);
      timers.advance(HOUR);
      await settle();
    }
    assert.equal(client.status, 'closed');
    assert.equal(events.closed[0]!.cause, 'gave_up');
    assert.equal(network.sockets.length, 3);
  });
});
