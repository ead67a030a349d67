// Progress (web/src/state/progress.js) across tabs that save at the same moment, over a model of
// how Chromium shares localStorage: each tab reads and writes its own copy; a write reaches the
// shared store and the other tabs later, in the order the writes were made, each other tab then
// hearing a `storage` event. A tab whose own write is still on its way keeps its value until that
// write has landed (Chromium's pending-mutation rule), so two writes that cross leave the later
// one stored and the earlier tab's lessons nowhere but in that tab's memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress, mergeProgress, covers, KEY } from '../../web/src/state/progress.js';

function sharedStorage() {
  const store = new Map();
  const inFlight = []; // { from, key, value }, oldest first
  const tabs = [];
  function open() {
    const tab = { copy: new Map(store), pending: new Map(), progress: null };
    tab.storage = {
      getItem: (k) => tab.copy.get(k) ?? null,
      setItem(k, v) {
        tab.copy.set(k, String(v));
        tab.pending.set(k, (tab.pending.get(k) ?? 0) + 1);
        inFlight.push({ from: tab, key: k, value: String(v) });
      },
    };
    tab.progress = createProgress(tab.storage);
    tabs.push(tab);
    return tab.progress;
  }
  /** Every write in flight lands, with the writes the storage events cause, until none is left. */
  function settle() {
    for (let n = 0; inFlight.length; n++) {
      assert.ok(n < 1000, 'the tabs keep writing to each other');
      const { from, key, value } = inFlight.shift();
      store.set(key, value);
      from.pending.set(key, from.pending.get(key) - 1);
      for (const tab of tabs) {
        if (tab === from) continue;
        if (!tab.pending.get(key)) tab.copy.set(key, value);
        tab.progress.storageChanged(key);
      }
    }
  }
  return { open, settle, stored: () => JSON.parse(store.get(KEY)) };
}

const LESSONS = Array.from({ length: 10 }, (_, i) => `lesson-${i}`);
const visitedOf = (p) => LESSONS.filter((s) => p.visited(s));

test('two tabs changing lesson at the same moment, four rounds: every lesson is kept', () => {
  const browser = sharedStorage();
  const a = browser.open();
  const b = browser.open();
  a.markVisited(LESSONS[0]);
  b.markVisited(LESSONS[1]);
  browser.settle();
  for (let round = 1; round <= 4; round++) {
    a.markVisited(LESSONS[2 * round]);
    b.markVisited(LESSONS[2 * round + 1]); // before a's write has reached b
    browser.settle();
  }
  assert.deepEqual(visitedOf(a), LESSONS, 'tab a');
  assert.deepEqual(visitedOf(b), LESSONS, 'tab b');
  assert.deepEqual(Object.keys(browser.stored().visited).sort(), LESSONS, 'what is stored');
  assert.deepEqual(visitedOf(browser.open()), LESSONS, 'a tab opened afterwards');
});

test('exercises solved in two tabs at once are both kept', () => {
  const browser = sharedStorage();
  const a = browser.open();
  const b = browser.open();
  a.markSolved('softmax', 0);
  b.markSolved('softmax', 1);
  browser.settle();
  const c = browser.open();
  assert.ok([a, b, c].every((p) => p.solved('softmax', 0) && p.solved('softmax', 1)));
});

test('a Reset in one tab clears every tab, even when another tab saves at that moment', () => {
  const browser = sharedStorage();
  const a = browser.open();
  const b = browser.open();
  for (const s of LESSONS.slice(0, 6)) b.markVisited(s);
  b.markSolved('softmax', 0);
  browser.settle();
  assert.deepEqual(visitedOf(a), LESSONS.slice(0, 6));

  a.reset();
  b.markVisited(LESSONS[6]); // b has not heard of the Reset: its write carries its six lessons
  browser.settle();
  for (const [name, p] of Object.entries({ a, b, later: browser.open() })) {
    assert.deepEqual(visitedOf(p), [], `${name}: nothing from before the Reset comes back`);
    assert.equal(p.solved('softmax', 0), false, name);
  }
  assert.equal(browser.stored().resets, 1);

  // After the Reset both tabs count again, and merge as before.
  a.markVisited(LESSONS[7]);
  b.markVisited(LESSONS[8]);
  browser.settle();
  assert.deepEqual(visitedOf(browser.open()), [LESSONS[7], LESSONS[8]]);

  // Two Resets crossing are one Reset: no tab is left behind on an older count.
  a.reset();
  b.reset();
  browser.settle();
  assert.deepEqual([a, b].map(visitedOf), [[], []]);
  assert.equal(browser.stored().resets, 2);
});

test('a lesson visited just after another tab reset counts', () => {
  const browser = sharedStorage();
  const a = browser.open();
  const b = browser.open();
  b.markVisited(LESSONS[0]);
  browser.settle();
  a.reset();
  browser.settle(); // b has heard of the Reset
  b.markVisited(LESSONS[1]);
  browser.settle();
  assert.deepEqual(visitedOf(a), [LESSONS[1]]);
});

test('merge: a union within one Reset, the later Reset alone across them', () => {
  const p = (resets, visited, solved = []) => ({
    resets,
    visited: Object.fromEntries(visited.map((k) => [k, true])),
    solved: Object.fromEntries(solved.map((k) => [k, true])),
    check: { before: null, after: null },
    review: {},
  });
  assert.deepEqual(mergeProgress(p(0, ['a'], ['a#0']), p(0, ['b'])), p(0, ['a', 'b'], ['a#0']));
  assert.deepEqual(mergeProgress(p(1, ['a']), p(0, ['b', 'c'])), p(1, ['a']));
  assert.deepEqual(mergeProgress(p(0, ['b', 'c']), p(2, [])), p(2, []));
  assert.ok(covers(p(0, ['a', 'b']), p(0, ['a'])));
  assert.ok(!covers(p(0, ['a']), p(0, ['a', 'b'])));
  assert.ok(covers(p(1, []), p(0, ['a'])), 'a later Reset covers everything before it');
  assert.ok(!covers(p(0, ['a']), p(1, [])));
  // The result is a copy: changing it leaves both inputs as they were.
  const x = p(1, ['a']);
  mergeProgress(x, p(0, [])).visited.z = true;
  assert.deepEqual(x, p(1, ['a']));
});

test('a storage event that brings nothing new writes nothing and tells no one', () => {
  const browser = sharedStorage();
  const a = browser.open();
  const b = browser.open();
  a.markVisited(LESSONS[0]);
  browser.settle();
  let heard = 0;
  b.subscribe(() => heard++);
  const before = browser.stored();
  b.storageChanged(KEY);
  browser.settle();
  assert.equal(heard, 0);
  assert.deepEqual(browser.stored(), before);
});

test('review answers and concept-check attempts made in two tabs at the same moment are all kept', () => {
  const browser = sharedStorage();
  const a = browser.open();
  const b = browser.open();
  a.answered('softmax', 'e', 0, true);
  b.answered('softmax', 'p', 1, false); // before a's write has reached b
  a.saveAttempt('before', { q1: { choice: 0, right: true } });
  b.saveAttempt('after', { q1: { choice: 1, right: false } });
  browser.settle();
  for (const [name, p] of Object.entries({ a, b, later: browser.open() })) {
    assert.deepEqual(Object.keys(p.reviewItems()).sort(), ['softmax#e0', 'softmax#p1'], name);
    assert.ok(p.attempt('before') && p.attempt('after'), name);
  }
  // The same item answered in both: each tab ends with the later answer.
  a.answered('softmax', 'p', 1, true);
  browser.settle();
  assert.deepEqual(a.reviewItems(), b.reviewItems());
  a.reset();
  browser.settle();
  assert.deepEqual([a.reviewItems(), b.reviewItems(), b.attempt('before')], [{}, {}, null]);
});
