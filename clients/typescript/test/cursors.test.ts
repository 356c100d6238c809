import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CursorBook } from '../src/cursors.js';
import { memoryStorage } from '../src/index.js';

const S = 'alice#t-1';

describe('cursor keeping', () => {
  it('follows the last seq and epoch of each stream on its own', () => {
    const book = new CursorBook();
    assert.equal(book.cursor(S), undefined);
    assert.equal(book.accept(S, 'e-1', 1, 1), 'new');
    assert.equal(book.accept(S, 'e-1', 2, 2), 'new');
    assert.equal(book.accept('alice#', 'u-1', 7, 7), 'new');
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e-1', seq: 2 });
    assert.deepEqual(book.cursor('alice#'), { stream: 'alice#', epoch: 'u-1', seq: 7 });
    assert.deepEqual(book.streams().sort(), ['alice#', S]);
  });

  it('accepts the gaps the server leaves on purpose (droppable events skipped under pressure)', () => {
    const book = new CursorBook();
    book.accept(S, 'e-1', 1, 1);
    assert.equal(book.accept(S, 'e-1', 5, 5), 'new');
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e-1', seq: 5 });
  });

  it('resumes a stream never seen from its start, with no epoch', () => {
    const book = new CursorBook();
    assert.deepEqual(book.beginResume(S, false), { stream: S, seq: 0 });
    assert.equal(book.accept(S, 'e-1', 1, 1), 'new');
    book.recovered(S, 'e-1', 1);
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e-1', seq: 1 });
  });

  it('drops or keeps through storage, keyed by the storage key, and survives a corrupt entry', () => {
    const storage = memoryStorage();
    const first = new CursorBook(storage, 'k');
    first.accept(S, 'e-1', 1, 4);
    const second = new CursorBook(storage, 'k');
    assert.deepEqual(second.cursor(S), { stream: S, epoch: 'e-1', seq: 4 });
    assert.equal(second.accept(S, 'e-1', 4, 4), 'duplicate');
    assert.equal(new CursorBook(storage, 'other').cursor(S), undefined);
    storage.setItem('k', '{not json');
    assert.equal(new CursorBook(storage, 'k').cursor(S), undefined);
    storage.setItem('k', JSON.stringify({ v: 1, streams: { [S]: { confirmed: 'x', high: 1 } } }));
    assert.equal(new CursorBook(storage, 'k').cursor(S), undefined);
  });

  it('keeps working in memory when the storage refuses to store', () => {
    const book = new CursorBook({ getItem: () => null, setItem: () => { throw new Error('quota'); } });
    assert.equal(book.accept(S, 'e-1', 1, 1), 'new');
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e-1', seq: 1 });
  });

  it("drops another user's cursors when a welcome names a different user", () => {
    const book = new CursorBook();
    book.accept('bob#t-1', 'e-1', 1, 1);
    book.accept('bob#', 'e-2', 1, 1);
    book.accept('alice#t-1', 'e-3', 1, 1);
    book.retainUser('alice#');
    assert.deepEqual(book.streams(), ['alice#t-1']);
  });
});

describe('duplicate drop by seq', () => {
  it('drops a frame at or below the last seq received', () => {
    const book = new CursorBook();
    book.accept(S, 'e-1', 1, 3);
    assert.equal(book.accept(S, 'e-1', 3, 3), 'duplicate');
    assert.equal(book.accept(S, 'e-1', 2, 2), 'duplicate');
    assert.equal(book.accept(S, 'e-1', 1, 3), 'duplicate');
    assert.equal(book.accept(S, 'e-1', 4, 4), 'new');
  });

  it('during a resume accepts replayed events below live ones that came first, exactly once each', () => {
    // The user stream is live from admission: live 8 and 9 can arrive before the replay of 6 and 7.
    const book = new CursorBook();
    book.accept('alice#', 'u', 5, 5);
    assert.deepEqual(book.beginResume('alice#', true), { stream: 'alice#', epoch: 'u', seq: 5 });
    assert.equal(book.accept('alice#', 'u', 8, 8), 'new');
    assert.equal(book.accept('alice#', 'u', 9, 9), 'new');
    assert.equal(book.accept('alice#', 'u', 6, 6), 'new');
    assert.equal(book.accept('alice#', 'u', 6, 6), 'duplicate');
    assert.equal(book.accept('alice#', 'u', 8, 8), 'duplicate');
    assert.equal(book.accept('alice#', 'u', 5, 5), 'duplicate');
    // Until the server confirms, a reconnect would resume from the resume point again.
    assert.deepEqual(book.cursor('alice#'), { stream: 'alice#', epoch: 'u', seq: 5 });
    assert.equal(book.accept('alice#', 'u', 7, 7), 'new');
    book.recovered('alice#', 'u', 9);
    assert.deepEqual(book.cursor('alice#'), { stream: 'alice#', epoch: 'u', seq: 9 });
    assert.equal(book.accept('alice#', 'u', 7, 7), 'duplicate');
  });

  it('opens no window for a resume that comes before every live event: the cursor follows each frame', () => {
    const book = new CursorBook();
    book.accept(S, 'e', 1, 5);
    assert.deepEqual(book.beginResume(S, false), { stream: S, epoch: 'e', seq: 5 });
    assert.equal(book.accept(S, 'e', 6, 9), 'new');
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e', seq: 9 }, 'a drop now resumes after 9, so no replay can overlap 6..9');
    assert.equal(book.accept(S, 'e', 7, 7), 'duplicate');
    book.recovered(S, 'e', 9);
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e', seq: 9 });
  });

  it('starts a stream over from its start on request', () => {
    const book = new CursorBook();
    book.accept(S, 'old', 1, 50);
    book.restart(S);
    assert.deepEqual(book.cursor(S), { stream: S, seq: 0 });
    assert.equal(book.accept(S, 'new', 1, 1), 'new');
  });

  it('remembers what arrived in an unfinished resume across a reconnect, so the next replay adds nothing twice', () => {
    const book = new CursorBook();
    book.accept(S, 'e', 5, 5);
    book.beginResume(S, true);
    book.accept(S, 'e', 6, 6);
    book.accept(S, 'e', 7, 7);
    book.connectionLost();
    assert.deepEqual(book.beginResume(S, true), { stream: S, epoch: 'e', seq: 5 });
    assert.equal(book.accept(S, 'e', 6, 6), 'duplicate');
    assert.equal(book.accept(S, 'e', 7, 7), 'duplicate');
    assert.equal(book.accept(S, 'e', 8, 8), 'new');
    book.recovered(S, 'e', 8);
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e', seq: 8 });
  });

  it('takes a position the server vouched for as the cursor', () => {
    const book = new CursorBook();
    book.startAt(S, 'e', 7);
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e', seq: 7 });
    assert.equal(book.accept(S, 'e', 7, 7), 'duplicate');
    assert.equal(book.accept(S, 'e', 8, 8), 'new');
    book.startAt('alice#', undefined, 0);
    assert.deepEqual(book.cursor('alice#'), { stream: 'alice#', seq: 0 });
    assert.equal(book.accept('alice#', 'u', 1, 1), 'new');
  });

  it('is at a vouched position only with the same epoch and every seq up to it received', () => {
    const book = new CursorBook();
    book.accept(S, 'e', 5, 5);
    assert.equal(book.isAt(S, 'e', 6), false, 'behind');
    assert.equal(book.isAt(S, 'f', 5), false, 'another epoch');
    assert.equal(book.isAt(S, 'e', 5), true);
    book.beginResume(S, true);
    book.accept(S, 'e', 8, 8);
    book.accept(S, 'e', 6, 6);
    book.connectionLost();
    assert.equal(book.isAt(S, 'e', 8), false, '7 is still missing');
    book.accept(S, 'e', 7, 7);
    book.connectionLost();
    assert.equal(book.isAt(S, 'e', 8), true, 'the window filled up: it closes');
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e', seq: 8 });
    assert.equal(book.accept(S, 'e', 7, 7), 'duplicate');
  });

  it('closes the out-of-order window only when every resume sent is answered', () => {
    const book = new CursorBook();
    book.accept(S, 'e', 2, 2);
    book.beginResume(S, true);
    book.beginResume(S, true);
    book.accept(S, 'e', 5, 5);
    book.recovered(S, 'e', 5);
    assert.equal(book.accept(S, 'e', 3, 3), 'new', 'the second resume may still replay below 5');
    book.recovered(S, 'e', 5);
    assert.equal(book.accept(S, 'e', 4, 4), 'duplicate');
  });
});

describe('merged frames (seq_from..seq)', () => {
  it('accepts a merged frame that starts right after the cursor and moves the cursor to its end', () => {
    const book = new CursorBook();
    book.accept(S, 'e', 1, 1);
    assert.equal(book.accept(S, 'e', 2, 40), 'new');
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e', seq: 40 });
    assert.equal(book.accept(S, 'e', 41, 41), 'new');
  });

  it('drops a merged frame covering events already received', () => {
    const book = new CursorBook();
    book.accept(S, 'e', 1, 40);
    assert.equal(book.accept(S, 'e', 30, 40), 'duplicate');
    assert.equal(book.accept(S, 'e', 2, 10), 'duplicate');
  });

  it('during a resume tells an unseen merged range from an overlapping one', () => {
    const book = new CursorBook();
    book.accept(S, 'e', 1, 10);
    book.beginResume(S, true);
    assert.equal(book.accept(S, 'e', 21, 30), 'new');
    assert.equal(book.accept(S, 'e', 11, 20), 'new');
    assert.equal(book.accept(S, 'e', 15, 25), 'duplicate');
  });
});

describe('epochs and failed recoveries', () => {
  it('flags a live event of an epoch the client did not follow, and follows the new epoch from its start', () => {
    const book = new CursorBook();
    book.accept(S, 'old', 1, 50);
    assert.equal(book.accept(S, 'new', 3, 3), 'epoch_changed');
    assert.deepEqual(book.cursor(S), { stream: S, seq: 0 });
    book.beginResume(S, true);
    assert.equal(book.accept(S, 'new', 1, 1), 'new');
    assert.equal(book.accept(S, 'new', 2, 2), 'new');
    assert.equal(book.accept(S, 'new', 3, 3), 'duplicate');
    book.recovered(S, 'new', 3);
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'new', seq: 3 });
  });

  it('after too_old or cursor_ahead continues from the stream\'s current position', () => {
    for (const reason of ['too_old', 'cursor_ahead'] as const) {
      const book = new CursorBook();
      book.accept(S, 'e', 1, 4);
      book.beginResume(S, true);
      assert.equal(book.failed(S, reason, 'e', 90), false);
      assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e', seq: 90 });
      assert.equal(book.accept(S, 'e', 60, 60), 'duplicate', reason);
      assert.equal(book.accept(S, 'e', 91, 91), 'new', reason);
    }
  });

  it('after epoch_changed asks for a catch-up from the new epoch\'s start, once', () => {
    const book = new CursorBook();
    book.accept(S, 'old', 1, 4);
    book.beginResume(S, true);
    assert.equal(book.failed(S, 'epoch_changed', 'new', 7), true);
    assert.deepEqual(book.beginResume(S, true), { stream: S, seq: 0 });
    assert.equal(book.accept(S, 'new', 8, 8), 'new');
    assert.equal(book.accept(S, 'new', 1, 7), 'new');
    book.recovered(S, 'new', 8);
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'new', seq: 8 });
  });

  it('does not ask for a second catch-up when a live event of the new epoch already started one', () => {
    const book = new CursorBook();
    book.accept('alice#', 'old', 1, 4);
    book.beginResume('alice#', true);
    assert.equal(book.accept('alice#', 'new', 2, 2), 'epoch_changed');
    book.beginResume('alice#', true);
    assert.equal(book.failed('alice#', 'epoch_changed', 'new', 2), false);
    assert.equal(book.accept('alice#', 'new', 1, 1), 'new');
    assert.equal(book.accept('alice#', 'new', 2, 2), 'duplicate');
  });

  it('keeps the cursor after busy and forgets it after unknown_stream', () => {
    const book = new CursorBook();
    book.accept(S, 'e', 1, 4);
    book.beginResume(S, true);
    assert.equal(book.failed(S, 'busy', 'e', 9), false);
    assert.deepEqual(book.cursor(S), { stream: S, epoch: 'e', seq: 4 });
    assert.equal(book.failed(S, 'unknown_stream', undefined, undefined), false);
    assert.equal(book.cursor(S), undefined);
  });
});
