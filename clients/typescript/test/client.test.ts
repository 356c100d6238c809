import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryStorage, SwitchboardClient, type ClientOptions } from '../src/index.js';
import { FakeNetwork } from './support/fake-socket.js';
import { event, threadEvent } from './support/frames.js';
import { connected, harness, readmitted, settle } from './support/harness.js';

const recovered = (stream: string, lastSeq: number, replayed = 0, epoch = 'e-1') =>
  ({ type: 'recovered', stream, replayed, epoch, last_seq: lastSeq });

describe('subscriptions and resume', () => {
  it('resumes every followed thread and the user stream after each welcome, in one resume frame', async () => {
    const h = harness();
    const { client, network } = h;
    client.subscribe('t-1');
    client.subscribe('t-2');
    void client.connect();
    await settle();
    network.last.admit();
    assert.deepEqual(network.last.frames(), [
      { type: 'resume', streams: [{ stream: 'alice#t-1', seq: 0 }, { stream: 'alice#t-2', seq: 0 }] },
    ]);
    network.last.receive(threadEvent('agent_started', 1, { agent_name: 'a' }));
    network.last.receive(recovered('alice#t-1', 1, 1));
    network.last.receive(recovered('alice#t-2', 0, 0, 'e-2'));
    network.last.receive(event('x.note', { stream: 'alice#', seq: 3, epoch: 'u' }, {}));
    network.last.serverClose(1006);
    await readmitted(h);
    assert.deepEqual(network.last.frames(), [{
      type: 'resume',
      streams: [
        { stream: 'alice#', epoch: 'u', seq: 3 },
        { stream: 'alice#t-1', epoch: 'e-1', seq: 1 },
        { stream: 'alice#t-2', seq: 0 },
      ],
    }]);
  });

  it('by default starts the user stream at the welcome\'s position: no replay, and a drop before the first event loses nothing', async () => {
    const h = harness({ userStream: undefined });
    h.client.subscribe('t-1');
    void h.client.connect();
    await settle();
    h.network.last.admit('alice', 'c-1', { epoch: 'u', seq: 7 });
    assert.deepEqual(h.network.last.frames(), [{ type: 'resume', streams: [{ stream: 'alice#t-1', seq: 0 }] }]);
    assert.deepEqual(h.client.cursor('alice#'), { stream: 'alice#', epoch: 'u', seq: 7 });
    h.network.last.serverClose(1006);
    await readmitted(h);
    // No event arrived: the cursor is still the first welcome's, so what came meanwhile is replayed.
    assert.deepEqual(h.network.last.frames()[0], {
      type: 'resume', streams: [{ stream: 'alice#', epoch: 'u', seq: 7 }, { stream: 'alice#t-1', seq: 0 }],
    });
  });

  it('resumes nothing of the user stream when its cursor is where the welcome says the stream stands', async () => {
    const h = harness({ userStream: undefined });
    void h.client.connect();
    await settle();
    h.network.last.admit('alice', 'c-1', { epoch: 'u', seq: 2 });
    h.network.last.receive(event('x.note', { stream: 'alice#', seq: 3, epoch: 'u' }));
    h.network.last.serverClose(1006);
    await readmitted(h, { epoch: 'u', seq: 3 });
    assert.deepEqual(h.network.last.frames(), []);
    h.network.last.receive(event('x.note', { stream: 'alice#', seq: 4, epoch: 'u' }));
    assert.deepEqual(h.events.event.map((e) => e.seq), [3, 4]);
    assert.deepEqual(h.client.cursor('alice#'), { stream: 'alice#', epoch: 'u', seq: 4 });
  });

  it('resumes the user stream when the welcome shows events it missed, or another epoch', async () => {
    const h = harness({ userStream: undefined });
    void h.client.connect();
    await settle();
    h.network.last.admit('alice', 'c-1', { epoch: 'u', seq: 2 });
    h.network.last.receive(event('x.note', { stream: 'alice#', seq: 3, epoch: 'u' }));
    h.network.last.serverClose(1006);
    await readmitted(h, { epoch: 'u', seq: 5 });
    assert.deepEqual(h.network.last.frames(), [{ type: 'resume', streams: [{ stream: 'alice#', epoch: 'u', seq: 3 }] }]);
    h.network.last.serverClose(1006);
    await readmitted(h, { epoch: 'v', seq: 3 });
    assert.deepEqual(h.network.last.frames(), [{ type: 'resume', streams: [{ stream: 'alice#', epoch: 'u', seq: 3 }] }]);
  });

  it('with a welcome that names no position, takes live user events only by default', async () => {
    const h = harness({ userStream: undefined });
    void h.client.connect();
    await settle();
    h.network.last.admit();
    assert.deepEqual(h.network.last.frames(), []);
    assert.equal(h.client.cursor('alice#'), undefined);
  });

  it('resumes the user stream from its start on the first welcome with userStream: start, so nothing after admission is lost', async () => {
    const h = harness({ userStream: 'start' });
    h.client.subscribe('t-1');
    void h.client.connect();
    await settle();
    h.network.last.admit();
    assert.deepEqual(h.network.last.frames(), [
      { type: 'resume', streams: [{ stream: 'alice#', seq: 0 }, { stream: 'alice#t-1', seq: 0 }] },
    ]);
    // Live user events may come before the replay of older ones; each is delivered once.
    h.network.last.receive(event('x.note', { stream: 'alice#', seq: 3, epoch: 'u' }));
    h.network.last.receive(event('x.note', { stream: 'alice#', seq: 1, epoch: 'u' }));
    h.network.last.receive(event('x.note', { stream: 'alice#', seq: 2, epoch: 'u' }));
    h.network.last.receive(recovered('alice#', 3, 2, 'u'));
    h.network.last.receive(event('x.note', { stream: 'alice#', seq: 3, epoch: 'u' }));
    assert.deepEqual(h.events.event.map((e) => e.seq), [3, 1, 2]);
    assert.deepEqual(h.client.cursor('alice#'), { stream: 'alice#', epoch: 'u', seq: 3 });
  });

  it('splits a resume of more than 64 streams into several frames', async () => {
    const { client, network } = harness();
    for (let i = 0; i < 70; i++) {
      client.subscribe(`t-${i}`);
    }
    void client.connect();
    await settle();
    network.last.admit();
    const resumes = network.last.framesOfType('resume') as Array<{ streams: unknown[] }>;
    assert.deepEqual(resumes.map((frame) => frame.streams.length), [64, 6]);
  });

  it('subscribes at once when open: from the start by default, from now on request', async () => {
    const { client, network } = await connected();
    client.subscribe('t-1');
    client.subscribe('t-2', { from: 'now' });
    client.subscribe('t-1');
    client.unsubscribe('t-2');
    assert.deepEqual(network.last.frames(), [
      { type: 'subscribe', thread_id: 't-1', seq: 0 },
      { type: 'subscribe', thread_id: 't-2' },
      { type: 'unsubscribe', thread_id: 't-2' },
    ]);
    assert.deepEqual(client.subscriptions(), ['t-1']);
  });

  it('refuses a thread id the server would refuse, naming it', async () => {
    const { client } = await connected();
    assert.throws(() => client.subscribe('has space'), /threadId .*"has space"/);
    assert.throws(() => client.subscribe(''), TypeError);
    assert.throws(() => client.subscribe('x'.repeat(129)), TypeError);
  });

  it('keeps cursors in the storage given, so a new page resumes where the last one stopped', async () => {
    const storage = memoryStorage();
    const first = await connected({ storage });
    first.client.subscribe('t-1');
    first.network.last.receive(threadEvent('agent_started', 4, { agent_name: 'a' }));
    first.network.last.receive(recovered('alice#t-1', 4, 1));
    first.client.close();
    const second = harness({ storage });
    second.client.subscribe('t-1');
    void second.client.connect();
    await settle();
    second.network.last.admit();
    assert.deepEqual(second.network.last.frames(), [{ type: 'resume', streams: [{ stream: 'alice#t-1', epoch: 'e-1', seq: 4 }] }]);
  });

  it("does not resume another user's streams after the tab signed in as someone else", async () => {
    const storage = memoryStorage();
    const first = await connected({ storage });
    first.network.last.receive(event('x.note', { stream: 'alice#', seq: 3, epoch: 'u' }));
    first.client.close();
    const second = harness({ storage });
    void second.client.connect();
    await settle();
    second.network.last.admit('bob');
    assert.deepEqual(second.network.last.frames(), []);
    assert.deepEqual(second.client.cursors(), []);
  });
});

describe('exactly once', () => {
  it('drops events received twice and delivers each one once, in order', async () => {
    const h = await connected();
    const { client, network, events } = h;
    client.subscribe('t-1');
    network.last.receive(threadEvent('agent_started', 1, { agent_name: 'a' }));
    network.last.receive(recovered('alice#t-1', 1, 1));
    network.last.receive(threadEvent('agent_thinking', 2, { thought: 'a', step: 1 }));
    network.last.serverClose(1006);
    await readmitted(h);
    // A server replaying more than asked: the client still delivers each event once.
    network.last.receive(threadEvent('agent_started', 1, { agent_name: 'a' }));
    network.last.receive(threadEvent('agent_thinking', 2, { thought: 'a', step: 1 }));
    network.last.receive(threadEvent('agent_thinking', 3, { thought: 'b', step: 2 }));
    network.last.receive(recovered('alice#t-1', 3, 1));
    network.last.receive(threadEvent('agent_thinking', 3, { thought: 'b', step: 2 }));
    assert.deepEqual(events.event.map((e) => e.seq), [1, 2, 3]);
    assert.deepEqual(events.duplicate.map((d) => d.seq), [1, 2, 3]);
    assert.equal(client.stats().duplicatesDropped, 3);
    assert.equal(client.stats().events, 3);
  });

  it('renders a streamed answer with one callback across a drop, from merged frames, with no character twice', async () => {
    const h = await connected();
    const { client, network, events } = h;
    client.subscribe('t-1');
    network.last.receive(recovered('alice#t-1', 0, 0));
    network.last.receive(threadEvent('message_started', 1, { message_id: 'm', kind: 'text' }));
    network.last.receive(threadEvent('message_delta', 2, { message_id: 'm', delta: 'The ' }));
    network.last.receive(threadEvent('message_delta', 4, { message_id: 'm', delta: 'answer ' }, { seq_from: 3 }));
    network.last.serverClose(4003);
    await readmitted(h);
    assert.deepEqual(network.last.framesOfType('resume')[0], { type: 'resume', streams: [{ stream: 'alice#t-1', epoch: 'e-1', seq: 4 }] });
    network.last.receive(threadEvent('message_delta', 9, { message_id: 'm', delta: 'is 42' }, { seq_from: 5 }));
    network.last.receive(recovered('alice#t-1', 9, 1));
    network.last.receive(threadEvent('message_delta', 9, { message_id: 'm', delta: 'is 42' }, { seq_from: 5 }));
    network.last.receive(threadEvent('message_completed', 10, { message_id: 'm' }));
    const texts = events.message.map((m) => m.text);
    assert.deepEqual(texts, ['', 'The ', 'The answer ', 'The answer is 42', 'The answer is 42']);
    assert.equal(events.message[events.message.length - 1]!.status, 'completed');
    assert.equal(client.stats().mergedFrames, 2);
    assert.deepEqual(client.cursor('alice#t-1'), { stream: 'alice#t-1', epoch: 'e-1', seq: 10 });
  });

  it('does not deduplicate events outside any stream (rooms, broadcasts)', async () => {
    const { network, events } = await connected();
    network.last.receive(event('x.room', {}, { n: 1 }));
    network.last.receive(event('x.room', {}, { n: 1 }));
    assert.equal(events.event.length, 2);
  });
});

describe('recovery_failed', () => {
  it('surfaces the reason and the stream\'s last lifecycle, then continues from the stream\'s position', async () => {
    const { client, network, events } = await connected();
    client.subscribe('t-1');
    network.last.receive({
      type: 'recovery_failed', stream: 'alice#t-1', reason: 'too_old', epoch: 'e-1', last_seq: 1200,
      last_lifecycle: { type: 'agent_completed', run_id: 'r-1', seq: 1190 },
    });
    assert.equal(events.recoveryFailed.length, 1);
    const failure = events.recoveryFailed[0]!;
    assert.deepEqual(
      [failure.stream, failure.threadId, failure.reason, failure.detectedBy, failure.next, failure.lastSeq],
      ['alice#t-1', 't-1', 'too_old', 'server', 'continuing', 1200],
    );
    assert.deepEqual(failure.lastLifecycle, { type: 'agent_completed', run_id: 'r-1', seq: 1190 });
    assert.deepEqual(client.cursor('alice#t-1'), { stream: 'alice#t-1', epoch: 'e-1', seq: 1200 });
    network.last.receive(threadEvent('agent_started', 1201, { agent_name: 'a' }));
    assert.equal(events.event.length, 1);
    assert.equal(client.stats().recoveryFailures, 1);
  });

  it('names the open messages whose text is lost and marks the ones it was assembling as truncated', async () => {
    const h = await connected();
    const { client, network, events } = h;
    client.subscribe('t-1');
    network.last.receive(recovered('alice#t-1', 0));
    network.last.receive(threadEvent('message_started', 1, { message_id: 'm-1', kind: 'text' }));
    network.last.receive(threadEvent('message_delta', 2, { message_id: 'm-1', delta: 'The beginning' }));
    network.last.serverClose(1006);
    await readmitted(h);
    network.last.receive({
      type: 'recovery_failed', stream: 'alice#t-1', reason: 'too_old', epoch: 'e-1', last_seq: 3000,
      open_messages: [{ message_id: 'm-1', run_id: 'r-1', lost_chars: 8000 }],
    });
    assert.deepEqual(events.recoveryFailed[0]!.openMessages, [{ message_id: 'm-1', run_id: 'r-1', lost_chars: 8000 }]);
    const marked = events.message[events.message.length - 1]!;
    assert.deepEqual([marked.id, marked.text, marked.truncated, marked.lostChars, marked.status], ['m-1', 'The beginning', true, 8000, 'streaming']);
    network.last.receive(threadEvent('message_delta', 3001, { message_id: 'm-1', delta: ' and the end' }));
    assert.equal(events.message[events.message.length - 1]!.truncated, true);
  });

  it('after epoch_changed subscribes the thread anew from the new epoch\'s start, discarding what comes before', async () => {
    const { client, network, events } = await connected();
    client.subscribe('t-1');
    network.last.receive({ type: 'subscribed', thread_id: 't-1' });
    network.last.receive({ type: 'recovery_failed', stream: 'alice#t-1', reason: 'epoch_changed', epoch: 'e-2', last_seq: 2 });
    assert.equal(events.recoveryFailed[0]!.next, 'catching_up');
    assert.deepEqual(network.last.frames().slice(-2), [
      { type: 'unsubscribe', thread_id: 't-1' },
      { type: 'subscribe', thread_id: 't-1', seq: 0 },
    ]);
    network.last.receive(threadEvent('agent_thinking', 3, { thought: 'live', step: 2 }, { epoch: 'e-2' }));
    network.last.receive({ type: 'unsubscribed', thread_id: 't-1' });
    network.last.receive({ type: 'subscribed', thread_id: 't-1' });
    network.last.receive(threadEvent('agent_started', 1, {}, { epoch: 'e-2' }));
    network.last.receive(threadEvent('agent_thinking', 2, { thought: 'x', step: 1 }, { epoch: 'e-2' }));
    network.last.receive(threadEvent('agent_thinking', 3, { thought: 'live', step: 2 }, { epoch: 'e-2' }));
    network.last.receive(recovered('alice#t-1', 3, 3, 'e-2'));
    assert.deepEqual(events.event.map((e) => e.seq), [1, 2, 3]);
    assert.equal(client.stats().discardedForResync, 1);
    assert.deepEqual(client.cursor('alice#t-1'), { stream: 'alice#t-1', epoch: 'e-2', seq: 3 });
  });

  it('notices a live thread event of an epoch it did not follow and subscribes the thread anew', async () => {
    const { client, network, events } = await connected();
    client.subscribe('t-1');
    network.last.receive({ type: 'subscribed', thread_id: 't-1' });
    network.last.receive(threadEvent('agent_started', 1));
    network.last.receive(recovered('alice#t-1', 1, 1));
    network.last.receive(threadEvent('agent_thinking', 4, { thought: 'x', step: 1 }, { epoch: 'e-2' }));
    assert.deepEqual([events.recoveryFailed[0]!.detectedBy, events.recoveryFailed[0]!.reason], ['client', 'epoch_changed']);
    assert.deepEqual(network.last.frames().slice(-2), [
      { type: 'unsubscribe', thread_id: 't-1' },
      { type: 'subscribe', thread_id: 't-1', seq: 0 },
    ]);
    assert.deepEqual(events.event.map((e) => `${e.epoch}:${e.seq}`), ['e-1:1'], 'the new epoch comes whole with the new subscription');
  });

  it('notices a live event of an epoch it did not follow, says so, and catches up', async () => {
    const { client, network, events } = await connected();
    network.last.receive(event('x.note', { stream: 'alice#', seq: 40, epoch: 'old' }));
    network.last.receive(event('x.note', { stream: 'alice#', seq: 3, epoch: 'new' }));
    assert.deepEqual(events.event.map((e) => e.seq), [40, 3]);
    const failure = events.recoveryFailed[0]!;
    assert.deepEqual([failure.reason, failure.detectedBy, failure.next, failure.epoch], ['epoch_changed', 'client', 'catching_up', 'new']);
    assert.deepEqual(network.last.frames().slice(-1), [{ type: 'resume', streams: [{ stream: 'alice#', seq: 0 }] }]);
    network.last.receive(event('x.note', { stream: 'alice#', seq: 1, epoch: 'new' }));
    network.last.receive(event('x.note', { stream: 'alice#', seq: 2, epoch: 'new' }));
    network.last.receive(recovered('alice#', 3, 2, 'new'));
    assert.deepEqual(events.event.map((e) => e.seq), [40, 3, 1, 2]);
    assert.ok(client.stats().duplicatesDropped === 0);
  });

  it('after busy subscribes the thread anew shortly, discarding its live frames until then', async () => {
    const { client, network, timers, events } = await connected();
    client.subscribe('t-1');
    network.last.receive({ type: 'subscribed', thread_id: 't-1' });
    network.last.receive({ type: 'recovery_failed', stream: 'alice#t-1', reason: 'busy', epoch: 'e-1', last_seq: 5 });
    assert.equal(events.recoveryFailed[0]!.next, 'retrying');
    network.last.receive(threadEvent('agent_thinking', 6, { thought: 'live', step: 1 }));
    const before = network.last.sent.length;
    timers.advance(1_000);
    assert.deepEqual(network.last.frames().slice(before), [
      { type: 'unsubscribe', thread_id: 't-1' },
      { type: 'subscribe', thread_id: 't-1', seq: 0 },
    ]);
    network.last.receive({ type: 'unsubscribed', thread_id: 't-1' });
    network.last.receive({ type: 'subscribed', thread_id: 't-1' });
    for (let seq = 1; seq <= 6; seq++) {
      network.last.receive(threadEvent('agent_thinking', seq, { thought: String(seq), step: seq }));
    }
    network.last.receive(recovered('alice#t-1', 6, 6));
    assert.deepEqual(events.event.map((e) => e.seq), [1, 2, 3, 4, 5, 6]);
    assert.equal(client.stats().discardedForResync, 1);
  });

  it('after busy resumes the user stream again shortly', async () => {
    const { network, timers, events } = await connected();
    network.last.receive(event('x.note', { stream: 'alice#', seq: 3, epoch: 'u' }));
    network.last.receive({ type: 'recovery_failed', stream: 'alice#', reason: 'busy', epoch: 'u', last_seq: 9 });
    assert.equal(events.recoveryFailed[0]!.next, 'retrying');
    const before = network.last.sent.length;
    timers.advance(1_000);
    assert.deepEqual(network.last.frames().slice(before), [{ type: 'resume', streams: [{ stream: 'alice#', epoch: 'u', seq: 3 }] }]);
  });

  it('after unknown_stream forgets the cursor', async () => {
    const { client, network, events } = await connected();
    network.last.receive(event('x.note', { stream: 'alice#', seq: 3, epoch: 'u' }));
    network.last.receive({ type: 'recovery_failed', stream: 'alice#', reason: 'unknown_stream' });
    assert.equal(events.recoveryFailed[0]!.next, 'forgotten');
    assert.equal(client.cursor('alice#'), undefined);
  });
});

describe('client control and application frames', () => {
  it('sends cancel, approval decisions and application messages, and says whether they went out', async () => {
    const h = harness();
    assert.equal(h.client.cancel('r-1'), false, 'nothing is written while not connected');
    void h.client.connect();
    await settle();
    h.network.last.admit();
    assert.equal(h.client.cancel('r-1'), true);
    assert.equal(h.client.approve('a-1'), true);
    assert.equal(h.client.reject('a-2', 'not now'), true);
    assert.equal(h.client.send({ text: 'hi' }, { threadId: 't-1' }), true);
    assert.equal(h.client.send('plain'), true);
    assert.deepEqual(h.network.last.frames(), [
      { type: 'cancel', run_id: 'r-1' },
      { type: 'approval', request_id: 'a-1', decision: 'approved' },
      { type: 'approval', request_id: 'a-2', decision: 'rejected', comment: 'not now' },
      { type: 'message', payload: { text: 'hi' }, thread_id: 't-1' },
      { type: 'message', payload: 'plain' },
    ]);
    assert.throws(() => h.client.cancel('r 1'), /runId/);
    assert.throws(() => h.client.approve(''), /requestId/);
    assert.throws(() => h.client.reject('a-3', 'x'.repeat(4_097)), /at most 4096 characters, got 4097/);
    assert.equal(h.client.reject('a-3', 'x'.repeat(4_096)), true);
  });

  it('tells the application about error frames and keeps the connection', async () => {
    const { client, network, events } = await connected();
    network.last.receive({ type: 'error', code: 'unknown_run', message: 'no such run' });
    assert.deepEqual(events.serverError, [{ type: 'error', code: 'unknown_run', message: 'no such run' }]);
    assert.equal(client.status, 'open');
  });

  it('ignores frames it cannot read, with a warning, and keeps the connection', async () => {
    const { client, network, events } = await connected();
    network.last.receive('not json');
    network.last.receive('[1,2]');
    network.last.onmessage?.({ data: new Uint8Array([1]) });
    assert.equal(events.warning.length, 3);
    assert.equal(client.stats().unreadableFrames, 3);
    assert.equal(client.status, 'open');
  });

  it('acknowledges the newest seq of each stream on the ack interval, when asked to', async () => {
    const { client, network, timers } = await connected({ ackIntervalMs: 1_000 });
    client.subscribe('t-1');
    network.last.receive(recovered('alice#t-1', 0));
    network.last.receive(threadEvent('agent_started', 1));
    network.last.receive(threadEvent('agent_thinking', 2, { thought: 'x', step: 1 }));
    timers.advance(1_000);
    timers.advance(1_000);
    assert.deepEqual(network.last.framesOfType('ack'), [{ type: 'ack', stream: 'alice#t-1', seq: 2 }]);
  });
});

describe('credentials', () => {
  it('asks the token provider before each connect and puts the fresh token in the URL', async () => {
    let issued = 0;
    const { network, timers, events } = await connected({ token: async () => `tok-${++issued}`, url: 'ws://h/ws?v=1' });
    network.last.serverClose(1006);
    timers.advance(events.disconnected[0]!.retryInMs);
    await settle();
    assert.deepEqual(network.sockets.map((s) => s.url), ['ws://h/ws?v=1&access_token=tok-1', 'ws://h/ws?v=1&access_token=tok-2']);
    assert.deepEqual(network.sockets.map((s) => s.credentials.token), ['tok-1', 'tok-2']);
  });

  it('leaves the URL alone without a token or with the query parameter turned off', async () => {
    const plain = await connected({ url: () => 'ws://h/a' });
    assert.equal(plain.network.last.url, 'ws://h/a');
    const header = await connected({ url: 'ws://h/b', token: () => 's3cr=t', tokenQueryParameter: null });
    assert.equal(header.network.last.url, 'ws://h/b');
    assert.equal(header.network.last.credentials.token, 's3cr=t');
  });

  it('treats a failing token provider as a failed attempt and tries again', async () => {
    let calls = 0;
    const h = harness({ token: () => { if (++calls === 1) throw new Error('offline'); return 't'; } });
    void h.client.connect();
    await settle();
    assert.equal(h.network.sockets.length, 0);
    assert.equal(h.events.warning.length, 1);
    assert.equal(h.events.disconnected[0]!.action, 'reconnect');
    h.timers.advance(h.events.disconnected[0]!.retryInMs);
    await settle();
    assert.equal(h.network.sockets.length, 1);
  });
});

describe('liveness and lifecycle', () => {
  it('pings on the interval and drops a connection that stays silent past the pong timeout', async () => {
    const { client, network, timers, events } = await connected({ pingIntervalMs: 20_000, pongTimeoutMs: 5_000 });
    timers.advance(20_000);
    assert.deepEqual(network.last.framesOfType('ping'), [{ type: 'ping' }]);
    network.last.receive({ type: 'pong' });
    timers.advance(20_000);
    assert.equal(network.last.framesOfType('ping').length, 2);
    assert.equal(client.status, 'open');
    timers.advance(5_000);
    assert.equal(network.sockets[0]!.closedByClient?.code, 4000);
    assert.equal(events.disconnected[0]!.action, 'reconnect');
    assert.equal(client.status, 'reconnecting');
  });

  it('gives up on a socket that brings no welcome in time and tries again', async () => {
    const h = harness({ connectTimeoutMs: 3_000 });
    void h.client.connect();
    await settle();
    h.network.last.open();
    h.timers.advance(3_000);
    assert.equal(h.network.sockets[0]!.closedByClient?.code, 4000);
    assert.equal(h.events.disconnected.length, 1);
    h.timers.advance(h.events.disconnected[0]!.retryInMs);
    await settle();
    assert.equal(h.network.sockets.length, 2);
  });

  it('reconnect() drops the connection and opens a new one at once', async () => {
    const { client, network } = await connected();
    client.reconnect();
    await settle();
    assert.equal(network.sockets[0]!.closedByClient?.code, 4000);
    assert.equal(network.sockets.length, 2);
    assert.equal(client.status, 'connecting');
  });

  it('close() closes with 1000, emits closed once and stops for good', async () => {
    const { client, network, timers, events } = await connected({ pingIntervalMs: 1_000 });
    client.close();
    client.close();
    assert.equal(network.last.closedByClient?.code, 1000);
    assert.deepEqual(events.closed.map((c) => c.cause), ['client']);
    assert.deepEqual(events.status, ['connecting', 'open', 'closed']);
    assert.equal(timers.size, 0);
    await assert.rejects(client.connect(), /closed/);
    network.last.serverClose(1006);
    assert.equal(events.disconnected.length, 0);
  });

  it('rejects a pending connect() when the client closes for good before a welcome', async () => {
    const h = harness();
    const welcomed = h.client.connect();
    await settle();
    h.network.last.open();
    h.network.last.serverClose(4001);
    await assert.rejects(welcomed, /another tab/i);
  });
});

describe('options', () => {
  const base: ClientOptions = { url: 'ws://h/ws', createSocket: new FakeNetwork().factory };
  const cases: Array<[string, Partial<ClientOptions>, RegExp]> = [
    ['an http URL', { url: 'http://h/ws' }, /url must be a ws:\/\/ or wss:\/\/ URL.*"http:\/\/h\/ws"/],
    ['the ag-ui subprotocol', { protocols: ['ag-ui'] }, /ag-ui/],
    ['a negative delay', { reconnect: { maxDelayMs: -1 } }, /reconnect.maxDelayMs.*-1/],
    ['a ceiling below the first delay', { reconnect: { initialDelayMs: 10, maxDelayMs: 5 } }, /initialDelayMs/],
    ['a fractional retry count', { reconnect: { maxRetries: 1.5 } }, /maxRetries.*1.5/],
    ['pings without a pong timeout', { pingIntervalMs: 10, pongTimeoutMs: 0 }, /pongTimeoutMs/],
    ['a NaN interval', { ackIntervalMs: Number.NaN }, /ackIntervalMs/],
    ['no open items', { maxOpenItems: 0 }, /maxOpenItems/],
    ['an empty token parameter', { tokenQueryParameter: '' }, /tokenQueryParameter/],
  ];
  for (const [what, options, message] of cases) {
    it(`refuses ${what}, naming the setting and the value`, () => {
      assert.throws(() => new SwitchboardClient({ ...base, ...options }), message);
    });
  }

  it('needs a WebSocket class where the platform has none', () => {
    const global = globalThis as { WebSocket?: unknown };
    const saved = global.WebSocket;
    delete global.WebSocket;
    try {
      assert.throws(() => new SwitchboardClient({ url: 'ws://h/ws' }), /options.WebSocket/);
    } finally {
      if (saved !== undefined) {
        global.WebSocket = saved;
      }
    }
  });
});
