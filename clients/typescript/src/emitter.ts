/**
 * A small typed event emitter. A listener that throws cannot break the client: by default the
 * error is rethrown on a fresh microtask, where the platform reports it as uncaught, and the other
 * listeners and the client's own bookkeeping go on.
 */
import { reportUncaught } from './platform.js';

/** A callback for one event. */
export type Listener<T> = (value: T) => void;

/** Stops a listener; calling it twice does nothing. */
export type Unsubscribe = () => void;

/** Emits named, typed events to listeners, in the order they were added. */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** @param report where a listener's error goes; default: rethrown as uncaught */
  constructor(private readonly report: (error: unknown) => void = reportUncaught) {}

  /** Adds a listener and returns the function that removes it. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): Unsubscribe {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<never>);
    return () => {
      set.delete(listener as Listener<never>);
    };
  }

  /** True when someone listens to `name`, so callers can skip building a value nobody reads. */
  has(name: keyof Events): boolean {
    return (this.listeners.get(name)?.size ?? 0) > 0;
  }

  /** Calls every listener of `name` with `value`. */
  emit<K extends keyof Events>(name: K, value: Events[K]): void {
    const set = this.listeners.get(name);
    if (!set) {
      return;
    }
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(value);
      } catch (error) {
        this.report(error);
      }
    }
  }
}
