// Builders of server frames as docs/protocol.md defines them.
import type { EventEnvelope } from '../../src/index.js';

export type Position = Partial<Pick<EventEnvelope<string, unknown>, 'stream' | 'seq' | 'seq_from' | 'epoch' | 'run_id' | 'thread_id'>>;

export function event(type: string, position: Position, payload: object = {}): Record<string, unknown> {
  return { type, ...position, ts: '2026-01-01T00:00:00Z', payload };
}

/** An event of run r-1 in thread t-1 of alice, at `seq` of epoch e-1. */
export function threadEvent(type: string, seq: number, payload: object = {}, extra: Position = {}): Record<string, unknown> {
  return event(type, { stream: 'alice#t-1', seq, epoch: 'e-1', run_id: 'r-1', thread_id: 't-1', ...extra }, payload);
}
