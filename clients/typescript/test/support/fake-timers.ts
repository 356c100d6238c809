// Virtual time for unit tests: timers fire only when a test advances the clock.
import type { Timers } from '../../src/index.js';

interface Pending {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeTimers implements Timers {
  private clock = 0;
  private nextId = 1;
  private pending: Pending[] = [];

  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.pending.push({ id, at: this.clock + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  }

  now(): number {
    return this.clock;
  }

  /** Runs, in time order, every timer due within `ms` (including ones they schedule). */
  advance(ms: number): void {
    const until = this.clock + ms;
    for (;;) {
      const due = this.pending
        .filter((timer) => timer.at <= until)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) {
        break;
      }
      this.pending = this.pending.filter((timer) => timer !== due);
      this.clock = due.at;
      due.callback();
    }
    this.clock = until;
  }

  /** Milliseconds until the earliest timer, or undefined when none is pending. */
  nextDelay(): number | undefined {
    if (this.pending.length === 0) {
      return undefined;
    }
    return Math.min(...this.pending.map((timer) => timer.at)) - this.clock;
  }

  get size(): number {
    return this.pending.length;
  }
}

/** Random numbers from a list, repeated. */
export function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}
