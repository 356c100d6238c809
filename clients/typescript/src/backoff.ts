/**
 * When to reconnect: exponential backoff with full jitter, shaped per close action. Full jitter
 * (a delay drawn uniformly between 0 and the exponential ceiling) spreads a crowd of clients that
 * lost the same server over the whole window instead of bringing them back in waves.
 */
import type { CloseAction } from './close-codes.js';

/** Reconnection settings; every field has a default (see {@link DEFAULT_RECONNECT}). */
export interface ReconnectOptions {
  /** Ceiling of the first delay, doubled per failed attempt. Default 500 ms. */
  initialDelayMs: number;
  /** Largest ceiling. Default 30,000 ms. */
  maxDelayMs: number;
  /** After 1012 (server restarting) the client reconnects within [0, this). Default 2,000 ms. */
  restartJitterMs: number;
  /** After 1013, 1008 or 1001 the client waits at least this long, plus the backoff. Default 2,000 ms. */
  overloadDelayMs: number;
  /** Reconnection attempts in a row that may fail (no welcome) before the client gives up. Default unlimited. */
  maxRetries: number;
}

/** The defaults of {@link ReconnectOptions}. */
export const DEFAULT_RECONNECT: Readonly<ReconnectOptions> = Object.freeze({
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  restartJitterMs: 2_000,
  overloadDelayMs: 2_000,
  maxRetries: Number.POSITIVE_INFINITY,
});

/** A source of uniform random numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

/**
 * The ceiling of the full-jitter window for a given attempt: `min(max, initial * 2^attempt)`.
 *
 * @param attempt failed attempts so far (0 for the first retry)
 */
export function backoffCeiling(attempt: number, options: Pick<ReconnectOptions, 'initialDelayMs' | 'maxDelayMs'>): number {
  // 2^attempt overflows to Infinity long after the ceiling is reached; min() keeps it finite.
  return Math.min(options.maxDelayMs, options.initialDelayMs * Math.pow(2, attempt));
}

/**
 * Counts consecutive failed attempts and turns a close action into a delay. Not thread-safe (a
 * browser or Node event loop has one thread).
 */
export class ReconnectSchedule {
  private failures = 0;

  constructor(
    private readonly options: Readonly<ReconnectOptions>,
    private readonly random: Random,
  ) {}

  /** Attempts since the last welcome. */
  get attempts(): number {
    return this.failures;
  }

  /** True when {@link ReconnectOptions.maxRetries} retries failed in a row: give up. */
  get exhausted(): boolean {
    return this.failures >= this.options.maxRetries;
  }

  /** A connection was admitted: the next failure starts from the first ceiling again. */
  reset(): void {
    this.failures = 0;
  }

  /**
   * The delay before reconnecting after a close with this action, counting the attempt.
   *
   * @param action `restart`, `back_off` or `reconnect`
   * @returns the delay in milliseconds
   */
  delayAfter(action: Extract<CloseAction, 'restart' | 'back_off' | 'reconnect'>): number {
    if (action === 'restart') {
      // The server asked every client to come back now; only jitter keeps them from one instant.
      return this.random() * this.options.restartJitterMs;
    }
    const jitter = this.random() * backoffCeiling(this.failures, this.options);
    this.failures++;
    return action === 'back_off' ? this.options.overloadDelayMs + jitter : jitter;
  }
}
