/**
 * The server's rule for ids (threads, runs, approval requests): 1 to 128 characters of
 * `[A-Za-z0-9._:@/-]`. Checking it here turns a frame the server would refuse into an error at the
 * call that made it.
 */

const ALLOWED = /^[A-Za-z0-9._:@/-]{1,128}$/;

/** True when `value` is an id the server accepts. */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ALLOWED.test(value);
}

/**
 * Returns `value` if it is a valid id.
 *
 * @param kind what the id names, for the message (for example `threadId`)
 * @throws TypeError naming the argument and the value
 */
export function requireId(kind: string, value: unknown): string {
  if (!isValidId(value)) {
    throw new TypeError(`${kind} must be 1 to 128 characters of [A-Za-z0-9._:@/-], got ${JSON.stringify(value)}`);
  }
  return value;
}
