import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Assembler, type AssemblyUpdate } from '../src/assembly.js';
import type { KnownEvent } from '../src/index.js';
import { threadEvent } from './support/frames.js';

function feed(assembler: Assembler, ...frames: Array<Record<string, unknown>>): AssemblyUpdate[] {
  return frames.flatMap((frame) => assembler.apply(frame as unknown as KnownEvent));
}

const of = <K extends AssemblyUpdate['kind']>(updates: AssemblyUpdate[], kind: K) =>
  updates.filter((update): update is Extract<AssemblyUpdate, { kind: K }> => update.kind === kind);

describe('message assembly', () => {
  it('builds text and reasoning messages from started, deltas (merged or not) and completed', () => {
    const assembler = new Assembler();
    const updates = feed(
      assembler,
      threadEvent('agent_started', 1, { agent_name: 'helper' }),
      threadEvent('message_started', 2, { message_id: 'm-r', kind: 'reasoning' }),
      threadEvent('message_delta', 3, { message_id: 'm-r', delta: 'Let me ' }),
      threadEvent('message_delta', 4, { message_id: 'm-r', delta: 'think.' }),
      threadEvent('message_completed', 5, { message_id: 'm-r' }),
      threadEvent('message_started', 6, { message_id: 'm-1', kind: 'text' }),
      threadEvent('message_delta', 9, { message_id: 'm-1', delta: 'Hello, wor' }, { seq_from: 7 }),
      threadEvent('message_delta', 10, { message_id: 'm-1', delta: 'ld' }),
      threadEvent('message_completed', 11, { message_id: 'm-1' }),
    );
    const messages = of(updates, 'message').map((update) => update.message);
    assert.deepEqual(
      messages.map((m) => [m.id, m.kind, m.text, m.status]),
      [
        ['m-r', 'reasoning', '', 'streaming'],
        ['m-r', 'reasoning', 'Let me ', 'streaming'],
        ['m-r', 'reasoning', 'Let me think.', 'streaming'],
        ['m-r', 'reasoning', 'Let me think.', 'completed'],
        ['m-1', 'text', '', 'streaming'],
        ['m-1', 'text', 'Hello, wor', 'streaming'],
        ['m-1', 'text', 'Hello, world', 'streaming'],
        ['m-1', 'text', 'Hello, world', 'completed'],
      ],
    );
    const last = messages[messages.length - 1]!;
    assert.equal(last.runId, 'r-1');
    assert.equal(last.threadId, 't-1');
    assert.equal(last.stream, 'alice#t-1');
    assert.equal(last.truncated, false);
  });

  it('hands out a new frozen object per update, so a UI can re-render on identity', () => {
    const assembler = new Assembler();
    const [first] = of(feed(assembler, threadEvent('message_started', 1, { message_id: 'm', kind: 'text' })), 'message');
    const [second] = of(feed(assembler, threadEvent('message_delta', 2, { message_id: 'm', delta: 'a' })), 'message');
    assert.notEqual(first!.message, second!.message);
    assert.equal(first!.message.text, '');
    assert.ok(Object.isFrozen(second!.message));
  });

  it('keeps the text of interleaved messages apart, also with the same id in two threads', () => {
    const assembler = new Assembler();
    const updates = feed(
      assembler,
      threadEvent('message_started', 1, { message_id: 'm', kind: 'text' }),
      threadEvent('message_started', 1, { message_id: 'm', kind: 'text' }, { stream: 'alice#t-2', thread_id: 't-2', run_id: 'r-2' }),
      threadEvent('message_delta', 2, { message_id: 'm', delta: 'one' }),
      threadEvent('message_delta', 2, { message_id: 'm', delta: 'two' }, { stream: 'alice#t-2', thread_id: 't-2', run_id: 'r-2' }),
      threadEvent('message_delta', 3, { message_id: 'm', delta: '!' }),
    );
    const texts = of(updates, 'message').map((u) => `${u.message.threadId}:${u.message.text}`);
    assert.deepEqual(texts.slice(-3), ['t-1:one', 't-2:two', 't-1:one!']);
  });

  it('marks a message whose start it never saw as truncated, and one the server cut off on request', () => {
    const assembler = new Assembler();
    const [joined] = of(feed(assembler, threadEvent('message_delta', 40, { message_id: 'm', delta: 'rest' })), 'message');
    assert.equal(joined!.message.truncated, true);
    assert.equal(joined!.message.text, 'rest');
    feed(assembler, threadEvent('message_started', 41, { message_id: 'n', kind: 'text' }));
    const cut = assembler.truncate('alice#t-1', 'n', 120);
    assert.equal(cut?.kind === 'message' && cut.message.truncated, true);
    assert.equal(cut?.kind === 'message' && cut.message.lostChars, 120);
    assert.equal(assembler.truncate('alice#t-1', 'unknown', 1), undefined);
  });

  it('interrupts the open messages, tool calls and approvals of a run that ends, then reports the run', () => {
    const assembler = new Assembler();
    feed(
      assembler,
      threadEvent('message_started', 1, { message_id: 'm', kind: 'text' }),
      threadEvent('message_delta', 2, { message_id: 'm', delta: 'partial' }),
      threadEvent('tool_call_delta', 3, { tool_call_id: 'c', tool_name: 'search', arguments_delta: '{"q":' }),
      threadEvent('approval_requested', 4, { request_id: 'a', title: 'Allow web search?' }),
      threadEvent('cancel_requested', 5, { run_id: 'r-1' }),
    );
    const updates = feed(assembler, threadEvent('agent_completed', 6, { status: 'cancelled' }));
    assert.deepEqual(updates.map((u) => u.kind), ['message', 'toolCall', 'approval', 'run']);
    assert.equal(of(updates, 'message')[0]!.message.status, 'interrupted');
    assert.equal(of(updates, 'message')[0]!.message.text, 'partial');
    assert.equal(of(updates, 'toolCall')[0]!.toolCall.status, 'interrupted');
    assert.equal(of(updates, 'approval')[0]!.approval.status, 'expired');
    assert.equal(of(updates, 'run')[0]!.run.status, 'cancelled');
    // A late event of the ended run does not bring the run back.
    assert.deepEqual(of(feed(assembler, threadEvent('agent_thinking', 7, { thought: 'x', step: 1 })), 'run'), []);
  });
});

describe('tool calls, approvals and runs', () => {
  it('streams tool-call arguments, then executing with the whole arguments, then the result', () => {
    const assembler = new Assembler();
    const updates = of(feed(
      assembler,
      threadEvent('tool_call_delta', 1, { tool_call_id: 'c', tool_name: 'search', arguments_delta: '{"q":"wea' }),
      threadEvent('tool_call_delta', 2, { tool_call_id: 'c', tool_name: 'search', arguments_delta: 'ther"}' }),
      threadEvent('tool_executing', 3, { tool_call_id: 'c', tool_name: 'search', arguments: { q: 'weather' } }),
      threadEvent('tool_completed', 4, { tool_call_id: 'c', tool_name: 'search', succeeded: true, result: { t: 21 }, duration_millis: 12 }),
    ), 'toolCall').map((u) => u.toolCall);
    assert.deepEqual(updates.map((c) => [c.status, c.argumentsText]), [
      ['streaming', '{"q":"wea'],
      ['streaming', '{"q":"weather"}'],
      ['executing', '{"q":"weather"}'],
      ['completed', '{"q":"weather"}'],
    ]);
    assert.deepEqual(updates[2]!.arguments, { q: 'weather' });
    assert.deepEqual([updates[3]!.succeeded, updates[3]!.result, updates[3]!.durationMillis], [true, { t: 21 }, 12]);
  });

  it('fills the arguments text of a tool call that was not streamed', () => {
    const assembler = new Assembler();
    const [call] = of(feed(assembler, threadEvent('tool_executing', 1, { tool_call_id: 'c', tool_name: 'f', arguments: { a: 1 } })), 'toolCall');
    assert.equal(call!.toolCall.argumentsText, '{"a":1}');
  });

  it('follows an approval from request to decision', () => {
    const assembler = new Assembler();
    const updates = of(feed(
      assembler,
      threadEvent('approval_requested', 1, { request_id: 'a-1', tool_call_id: 'c', title: 'Allow web search?', details: { q: 'x' } }),
      threadEvent('approval_decided', 2, { request_id: 'a-1', decision: 'approved', comment: 'ok' }),
    ), 'approval').map((u) => u.approval);
    assert.deepEqual(updates.map((a) => [a.requestId, a.status, a.title]), [['a-1', 'pending', 'Allow web search?'], ['a-1', 'approved', 'Allow web search?']]);
    assert.equal(updates[1]!.comment, 'ok');
    assert.equal(updates[0]!.toolCallId, 'c');
  });

  it('matches a decision that came unnumbered (the tab is not subscribed to the thread) with its request', () => {
    const assembler = new Assembler();
    feed(assembler, threadEvent('approval_requested', 1, { request_id: 'a-1', title: 'Allow?' }));
    const [decided] = of(feed(assembler, { type: 'approval_decided', run_id: 'r-1', ts: 't', payload: { request_id: 'a-1', decision: 'rejected' } }), 'approval');
    assert.deepEqual([decided!.approval.title, decided!.approval.status], ['Allow?', 'rejected']);
  });

  it('reports a run as it starts, thinks, is being cancelled and ends', () => {
    const assembler = new Assembler();
    const runs = of(feed(
      assembler,
      threadEvent('agent_started', 1, { agent_name: 'helper' }),
      threadEvent('agent_thinking', 2, { thought: 'hmm', step: 1 }),
      threadEvent('cancel_requested', 3, { run_id: 'r-1' }),
      threadEvent('agent_completed', 4, { status: 'cancelled' }),
    ), 'run').map((u) => u.run);
    assert.deepEqual(runs.map((r) => r.status), ['running', 'running', 'cancelling', 'cancelled']);
    assert.equal(runs[1]!.thought, 'hmm');
    assert.equal(runs[0]!.agentName, 'helper');
  });

  it('keeps at most maxOpen unfinished messages, dropping the oldest', () => {
    const assembler = new Assembler(2);
    feed(
      assembler,
      threadEvent('message_started', 1, { message_id: 'a', kind: 'text' }),
      threadEvent('message_started', 2, { message_id: 'b', kind: 'text' }),
      threadEvent('message_started', 3, { message_id: 'c', kind: 'text' }),
    );
    assert.equal(assembler.truncate('alice#t-1', 'a', 1), undefined);
    assert.notEqual(assembler.truncate('alice#t-1', 'c', 1), undefined);
  });
});
