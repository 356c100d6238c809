import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffCeiling, DEFAULT_RECONNECT, ReconnectSchedule } from '../src/index.js';
import { sequence } from './support/fake-timers.js';

const options = { ...DEFAULT_RECONNECT, initialDelayMs: 500, maxDelayMs: 30_000, restartJitterMs: 2_000, overloadDelayMs: 2_000 };

describe('backoff with full jitter', () => {
  it('doubles the ceiling per failed attempt up to the maximum', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 50, 2000].map((attempt) => backoffCeiling(attempt, options)),
      [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000],
    );
  });

  it('draws each delay uniformly from [0, ceiling): the extremes of the random source map to the ends', () => {
    const low = new ReconnectSchedule(options, () => 0);
    const high = new ReconnectSchedule(options, () => 0.999999);
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = backoffCeiling(attempt, options);
      assert.equal(low.delayAfter('reconnect'), 0);
      const top = high.delayAfter('reconnect');
      assert.ok(top < ceiling && top > ceiling * 0.999, `attempt ${attempt}: ${top} not just below ${ceiling}`);
    }
  });

  it('keeps every delay of the platform random source inside its window, and uses the whole window', () => {
    const schedule = new ReconnectSchedule(options, Math.random);
    const byAttempt = new Map<number, number[]>();
    for (let run = 0; run < 400; run++) {
      schedule.reset();
      for (let attempt = 0; attempt < 8; attempt++) {
        const delay = schedule.delayAfter('reconnect');
        const ceiling = backoffCeiling(attempt, options);
        assert.ok(delay >= 0 && delay < ceiling, `attempt ${attempt}: ${delay} outside [0, ${ceiling})`);
        byAttempt.set(attempt, [...(byAttempt.get(attempt) ?? []), delay]);
      }
    }
    for (const [attempt, delays] of byAttempt) {
      const ceiling = backoffCeiling(attempt, options);
      // 400 uniform draws: the chance that none falls in the lowest or highest tenth is 0.9^400.
      assert.ok(Math.min(...delays) < ceiling * 0.1, `attempt ${attempt}: nothing in the lowest tenth`);
      assert.ok(Math.max(...delays) > ceiling * 0.9, `attempt ${attempt}: nothing in the highest tenth`);
    }
  });

  it('backs off after an overload close: at least the overload delay, plus the growing jitter', () => {
    const low = new ReconnectSchedule(options, () => 0);
    const high = new ReconnectSchedule(options, () => 0.999999);
    for (let attempt = 0; attempt < 8; attempt++) {
      assert.equal(low.delayAfter('back_off'), 2_000);
      const top = high.delayAfter('back_off');
      assert.ok(top < 2_000 + backoffCeiling(attempt, options) && top > 2_000 + backoffCeiling(attempt, options) * 0.999);
    }
  });

  it('spreads reconnects after a restart over the restart jitter, without counting a failure', () => {
    const schedule = new ReconnectSchedule(options, Math.random);
    const delays = Array.from({ length: 500 }, () => schedule.delayAfter('restart'));
    assert.equal(schedule.attempts, 0);
    assert.ok(delays.every((delay) => delay >= 0 && delay < 2_000));
    assert.ok(Math.min(...delays) < 200 && Math.max(...delays) > 1_800, 'not spread over the window');
    assert.ok(new Set(delays).size > 450, 'clients would come back at the same instants');
  });

  it('starts again from the first ceiling after a reset', () => {
    const schedule = new ReconnectSchedule(options, sequence(0.5));
    assert.deepEqual([1, 2, 3].map(() => schedule.delayAfter('reconnect')), [250, 500, 1000]);
    assert.equal(schedule.attempts, 3);
    schedule.reset();
    assert.equal(schedule.attempts, 0);
    assert.equal(schedule.delayAfter('reconnect'), 250);
  });

  it('is exhausted after maxRetries failures in a row', () => {
    const schedule = new ReconnectSchedule({ ...options, maxRetries: 2 }, () => 0.5);
    assert.equal(schedule.exhausted, false);
    schedule.delayAfter('reconnect');
    assert.equal(schedule.exhausted, false);
    schedule.delayAfter('back_off');
    assert.equal(schedule.exhausted, true);
  });
});
