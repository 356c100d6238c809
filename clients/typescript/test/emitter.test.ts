import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Emitter } from '../src/emitter.js';

describe('event emitter', () => {
  it('calls listeners in order, and a listener that throws stops neither the others nor the emit', () => {
    const reported: unknown[] = [];
    const emitter = new Emitter<{ tick: number }>((error) => reported.push(error));
    const seen: string[] = [];
    emitter.on('tick', (n) => seen.push(`a${n}`));
    emitter.on('tick', () => {
      throw new Error('listener bug');
    });
    const off = emitter.on('tick', (n) => seen.push(`c${n}`));
    emitter.emit('tick', 1);
    off();
    off();
    emitter.emit('tick', 2);
    assert.deepEqual(seen, ['a1', 'c1', 'a2']);
    assert.equal(reported.length, 2);
    assert.match(String(reported[0]), /listener bug/);
    assert.equal(emitter.has('tick'), true);
  });
});
