/**
 * The platform's timers and random numbers, behind an interface so tests can drive time. The
 * library is compiled without DOM or Node typings, so the globals it uses are named here once.
 */
import type { Random } from './backoff.js';
import type { WebSocketConstructor } from './socket.js';

/** Timers and a clock; the defaults are the platform's. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds on a clock that does not go backwards while the client runs. */
  now(): number;
}

interface PlatformGlobals {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
  WebSocket?: WebSocketConstructor;
  performance?: { now(): number };
  queueMicrotask?(callback: () => void): void;
}

const platform = globalThis as unknown as PlatformGlobals;

/** The platform's timers. */
export const systemTimers: Timers = Object.freeze({
  setTimeout: (callback: () => void, delayMs: number) => platform.setTimeout(callback, delayMs),
  clearTimeout: (handle: unknown) => platform.clearTimeout(handle),
  now: () => (platform.performance ? platform.performance.now() : Date.now()),
});

/** The platform's random numbers. */
export const systemRandom: Random = () => Math.random();

/** The platform's `WebSocket` class, if it has one (browsers, Node 22+). */
export function platformWebSocket(): WebSocketConstructor | undefined {
  return platform.WebSocket;
}

/**
 * Reports an error thrown by application code (a listener) as uncaught, on a fresh task, so the
 * platform shows it while the client's own state stays consistent.
 */
export function reportUncaught(error: unknown): void {
  const rethrow = () => {
    throw error;
  };
  if (platform.queueMicrotask) {
    platform.queueMicrotask(rethrow);
  } else {
    platform.setTimeout(rethrow, 0);
  }
}
