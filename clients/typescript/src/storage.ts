/**
 * Where cursors live between page loads, if anywhere. The interface is the part of the Web Storage
 * API the client needs, so `sessionStorage` fits as it is; a Node application can pass any object
 * with these two methods.
 */

/** A string key-value store, such as `window.sessionStorage`. */
export interface CursorStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** A store that keeps cursors in memory only, for tests and for code that wants one explicitly. */
export function memoryStorage(): CursorStorage & { readonly size: number } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    get size() {
      return items.size;
    },
  };
}
