// The learner's record beyond lessons and exercises, without a browser: the review schedule on a
// fake clock (web/src/review/schedule.js), the normalised gain (web/src/concept-check/gain.js),
// the stored record's schema and merge (web/src/state/record-parts.js, progress.js) and the
// record file's checks (web/src/state/record-file.js). Two tabs at once: progress-tabs.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCHEDULE, answerItem, dueIds, upcoming, describeWait, DAY, MINUTE } from '../../web/src/review/schedule.js';
import { normalisedGain, compareAttempts, scoreAttempt, formatGain } from '../../web/src/concept-check/gain.js';
import { parseProgress, mergeProgress, covers, createProgress, KEY } from '../../web/src/state/progress.js';
import { canonical } from '../../web/src/state/record-parts.js';
import { recordToJson, parseRecord, describeContents, RECORD_FORMAT } from '../../web/src/state/record-file.js';
import { liveItems, dueCount, parseItemId } from '../../web/src/review/items.js';

const T0 = Date.UTC(2026, 11, 8, 9);

test('schedule: right answers wait 1, 3, 7, 21, then 60 days; a wrong one comes back in 10 minutes', () => {
  assert.deepEqual(SCHEDULE.rightDays, [1, 3, 7, 21, 60]);
  let now = T0;
  let item = answerItem(undefined, true, now);
  assert.deepEqual(item, { streak: 1, due: now + DAY, last: now, right: 1, wrong: 0 });
  for (const days of [3, 7, 21, 60, 60]) {
    now = item.due; // answered right on the day it falls due
    item = answerItem(item, true, now);
    assert.equal(item.due - now, days * DAY);
  }
  assert.equal(item.streak, 6);
  now += 5 * DAY;
  item = answerItem(item, false, now);
  assert.deepEqual(item, { streak: 0, due: now + 10 * MINUTE, last: now, right: 6, wrong: 1 });
  // After the wrong answer the ladder starts again from 1 day.
  now = item.due;
  item = answerItem(item, true, now);
  assert.equal(item.due - now, DAY);
  // A first answer that is wrong also comes back in minutes.
  assert.equal(answerItem(undefined, false, T0).due, T0 + SCHEDULE.wrongMinutes * MINUTE);
});

test('schedule: a right answer before the item is due changes nothing but the count', () => {
  const item = answerItem(undefined, true, T0);
  const early = answerItem(item, true, T0 + 60 * MINUTE); // the same exercise checked again in the lesson
  assert.equal(early.due, item.due);
  assert.equal(early.streak, 1);
  assert.equal(early.right, 2);
  assert.equal(early.last, T0 + 60 * MINUTE);
  // A wrong one always counts: it shows what is not known now.
  assert.equal(answerItem(item, false, T0 + 1).due, T0 + 1 + 10 * MINUTE);
});

test('schedule: which items are due at a time, longest overdue first, and the wait in words', () => {
  const items = {
    'softmax#e0': { streak: 1, due: T0 + DAY, last: T0, right: 1, wrong: 0 },
    'context#p0': { streak: 0, due: T0 + 10 * MINUTE, last: T0, right: 0, wrong: 1 },
    'dot-product#e2': { streak: 2, due: T0 + 3 * DAY, last: T0, right: 2, wrong: 0 },
  };
  assert.deepEqual(dueIds(items, T0), []);
  assert.deepEqual(dueIds(items, T0 + 10 * MINUTE), ['context#p0']);
  assert.deepEqual(dueIds(items, T0 + 3 * DAY), ['context#p0', 'softmax#e0', 'dot-product#e2']);
  assert.deepEqual(
    upcoming(items, T0 + DAY).map((u) => u.id),
    ['dot-product#e2'],
  );
  assert.equal(describeWait(T0 + 10 * MINUTE, T0), 'in 10 minutes');
  assert.equal(describeWait(T0 + MINUTE, T0), 'in 1 minute');
  assert.equal(describeWait(T0 + 5 * 60 * MINUTE, T0), 'in 5 hours');
  assert.equal(describeWait(T0 + DAY, T0), 'tomorrow');
  assert.equal(describeWait(T0 + 21 * DAY, T0), 'in 21 days');
  assert.equal(describeWait(T0, T0), 'now');
});

test('review items name an exercise or prediction the lessons still have', () => {
  assert.deepEqual(parseItemId('softmax#e2'), { slug: 'softmax', kind: 'e', index: 2 });
  assert.equal(parseItemId('softmax#2'), null);
  const lessons = [{ slug: 'softmax', exercises: 2, predictions: 1 }];
  const item = { streak: 0, due: T0, last: T0, right: 0, wrong: 1 };
  const items = { 'softmax#e1': item, 'softmax#e2': item, 'softmax#p0': item, 'softmax#p1': item, 'gone#e0': item };
  assert.deepEqual(Object.keys(liveItems(items, lessons)), ['softmax#e1', 'softmax#p0']);
  assert.equal(dueCount(items, lessons, T0), 2);
  assert.equal(dueCount(items, lessons, T0 - 1), 0);
});

// A concept check of three concepts, five questions.
const CHECK = {
  concepts: [
    { id: 'a', name: 'A' },
    { id: 'b', name: 'B' },
    { id: 'c', name: 'C' },
  ],
  questions: [
    { id: 'q1', concept: 'a' },
    { id: 'q2', concept: 'a' },
    { id: 'q3', concept: 'b' },
    { id: 'q4', concept: 'b' },
    { id: 'q5', concept: 'c' },
  ],
};
const attempt = (rights) => ({
  at: T0,
  answers: Object.fromEntries(CHECK.questions.map((q, i) => [q.id, { choice: rights[i] ? 0 : 1, right: rights[i] }])),
});

test('gain: every answer wrong before and right after is a gain of 1.0, per concept and in all', () => {
  const cmp = compareAttempts(attempt([0, 0, 0, 0, 0]), attempt([1, 1, 1, 1, 1]), CHECK);
  assert.equal(cmp.total.gain.value, 1);
  assert.equal(formatGain(cmp.total.gain), '1.00');
  assert.deepEqual(
    cmp.concepts.map((c) => [c.id, c.before, c.after, c.gain.value]),
    [
      ['a', 0, 1, 1],
      ['b', 0, 1, 1],
      ['c', 0, 1, 1],
    ],
  );
});

test('gain: the same score before and after is a gain of 0; a fall is negative', () => {
  const same = compareAttempts(attempt([1, 0, 1, 0, 0]), attempt([0, 1, 0, 1, 0]), CHECK);
  assert.equal(same.total.before, 0.4);
  assert.equal(same.total.after, 0.4);
  assert.equal(same.total.gain.value, 0);
  assert.equal(formatGain(same.total.gain), '0.00');
  // Half right before (0.5) and all right after: (1 - 0.5) / (1 - 0.5) = 1; from 0.5 to 0: -1.
  assert.equal(normalisedGain(0.5, 1).value, 1);
  assert.equal(normalisedGain(0.5, 0).value, -1);
  assert.equal(formatGain(normalisedGain(0.5, 0)), '−1.00');
  // Hake's example: 40% to 70% is (0.7 - 0.4) / 0.6 = 0.5.
  assert.ok(Math.abs(normalisedGain(0.4, 0.7).value - 0.5) < 1e-12);
});

test('gain: 100% before leaves nothing to gain: no number and a reason, never NaN', () => {
  for (const after of [1, 0.5]) {
    const g = normalisedGain(1, after);
    assert.equal(g.value, null);
    assert.match(g.reason, /100%/);
    assert.equal(formatGain(g), '—');
  }
  const cmp = compareAttempts(attempt([1, 1, 1, 1, 1]), attempt([1, 1, 1, 1, 0]), CHECK);
  assert.equal(cmp.total.gain.value, null);
  assert.ok(!JSON.stringify(cmp).includes('NaN'));
});

test('gain: only questions both attempts answered count; one attempt is scored on its own', () => {
  const before = attempt([0, 0, 0, 0, 0]);
  delete before.answers.q5; // a question added to the check after the first attempt
  const cmp = compareAttempts(before, attempt([1, 1, 1, 1, 1]), CHECK);
  assert.equal(cmp.asked, 4);
  assert.deepEqual(
    cmp.concepts.map((c) => c.id),
    ['a', 'b'],
  );
  assert.deepEqual(scoreAttempt(attempt([1, 0, 1, 1, 0]), CHECK), {
    right: 3,
    asked: 5,
    concepts: [
      { id: 'a', name: 'A', right: 1, asked: 2 },
      { id: 'b', name: 'B', right: 2, asked: 2 },
      { id: 'c', name: 'C', right: 0, asked: 1 },
    ],
  });
});

const item = (due, last = T0) => ({ streak: 1, due, last, right: 1, wrong: 0 });

test('stored record: a malformed item or attempt is dropped and the well-formed ones kept', () => {
  const stored = {
    visited: { softmax: true },
    review: {
      'softmax#e0': item(T0 + DAY),
      'softmax#e1': { ...item(T0), due: 'tomorrow' },
      'softmax#e2': { ...item(T0), streak: -1 },
      'softmax#e3': { ...item(T0), extra: 1 },
      'softmax#x9': item(T0),
      '<img src=x>': item(T0),
      'softmax#p0': item(T0 + 2 * DAY),
      'softmax#p1': { ...item(T0), due: 1e20 },
    },
    check: {
      before: { at: T0, answers: { 'q-1': { choice: 2, right: false }, 'q-2': { choice: -1, right: false } } },
      after: { at: T0, answers: { 'q-1': { choice: -1, right: true } } }, // "not sure" and right: not ours
      during: { at: T0, answers: {} },
    },
  };
  const p = parseProgress(JSON.stringify(stored));
  assert.deepEqual(Object.keys(p.review).sort(), ['softmax#e0', 'softmax#p0']);
  assert.deepEqual(Object.keys(p.check.before.answers), ['q-1', 'q-2']);
  assert.equal(p.check.after, null);
  assert.deepEqual(p.visited, { softmax: true });
  for (const bad of [
    '{"review":null}',
    '{"review":[]}',
    '{"check":7}',
    '{"check":{"before":[1]}}',
    '{"review":{"a#e0":null}}',
  ]) {
    const q = parseProgress(bad);
    assert.deepEqual([q.review, q.check], [{}, { before: null, after: null }], bad);
  }
});

// Records drawn at random: the merge is a union any two tabs reach in any order.
function randomRecord(random, resets = 0) {
  const pick = (n) => Math.floor(random() * n);
  const review = {};
  for (let i = 0; i < 6; i++) {
    if (random() < 0.6)
      review[`lesson-${pick(3)}#${random() < 0.5 ? 'e' : 'p'}${pick(3)}`] = item(T0 + pick(5) * DAY, T0 + pick(4));
  }
  const answers = () => ({ q1: { choice: pick(3), right: random() < 0.5 } });
  return {
    resets,
    visited: random() < 0.5 ? { 'lesson-0': true } : {},
    solved: random() < 0.5 ? { 'lesson-1#0': true } : {},
    check: {
      before: random() < 0.5 ? { at: T0 + pick(3), answers: answers() } : null,
      after: random() < 0.5 ? { at: T0 + pick(3), answers: answers() } : null,
    },
    review,
  };
}

test('stored record: the merge is commutative, associative and idempotent, and keeps each latest answer', () => {
  let s = 7;
  const random = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const same = (x, y, what) => assert.equal(canonical(x), canonical(y), what);
  for (let n = 0; n < 300; n++) {
    const [a, b, c] = [randomRecord(random), randomRecord(random), randomRecord(random)];
    same(mergeProgress(a, b), mergeProgress(b, a), 'a + b = b + a');
    same(mergeProgress(mergeProgress(a, b), c), mergeProgress(a, mergeProgress(b, c)), '(a + b) + c = a + (b + c)');
    same(mergeProgress(a, a), mergeProgress(a, mergeProgress(a, a)), 'a + a = a');
    const m = mergeProgress(a, b);
    assert.ok(covers(m, a) && covers(m, b), 'the merge holds both');
    for (const [id, it] of Object.entries(m.review)) {
      const lasts = [a.review[id]?.last, b.review[id]?.last].filter((x) => x !== undefined);
      assert.equal(it.last, Math.max(...lasts), `${id}: the later answer wins`);
    }
  }
  // A later Reset outranks everything from before it, items and attempts included.
  const old = randomRecord(random, 0);
  same(
    mergeProgress(
      old,
      randomRecord(() => 0.99, 1),
    ).review,
    {},
  );
});

test('the store: answers schedule items on its clock; attempts are kept per slot', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)) };
  let now = T0;
  const p = createProgress(storage, { now: () => now });
  p.answered('softmax', 'e', 0, true);
  p.answered('softmax', 'p', 1, false);
  p.answered('../etc', 'e', 0, true); // not a lesson's name: ignored
  assert.deepEqual(Object.keys(p.reviewItems()).sort(), ['softmax#e0', 'softmax#p1']);
  now += DAY;
  p.answered('softmax', 'e', 0, true);
  assert.equal(p.reviewItems()['softmax#e0'].due, now + 3 * DAY);
  p.saveAttempt('before', { q1: { choice: 1, right: false } });
  p.saveAttempt('after', { q1: { choice: 0, right: true } });
  p.saveAttempt('during', { q1: { choice: 0, right: true } });
  assert.equal(p.attempt('before').at, now);
  assert.equal(p.attempt('after').answers.q1.right, true);
  // A reload reads back what was saved.
  const reloaded = createProgress(storage, { now: () => now });
  assert.deepEqual(reloaded.reviewItems(), p.reviewItems());
  assert.deepEqual(reloaded.attempt('after'), p.attempt('after'));
  // A corrupt stored value: the page still gets a record, an empty one.
  store.set(KEY, '{"review":{"softmax#e0":{"due":"soon"}},"check":"yes"}');
  const corrupt = createProgress(storage, { now: () => now });
  assert.deepEqual(corrupt.reviewItems(), {});
  assert.equal(corrupt.attempt('before'), null);
});

test('record file: what is exported imports back as it was', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)) };
  const p = createProgress(storage, { now: () => T0 });
  p.markVisited('softmax');
  p.markSolved('softmax', 1);
  p.answered('softmax', 'e', 1, true);
  p.saveAttempt('before', { q1: { choice: -1, right: false } });
  const text = recordToJson(p.contents(), T0);
  const file = JSON.parse(text);
  assert.equal(file.format, RECORD_FORMAT);
  assert.equal(file.exported, '2026-12-08T09:00:00.000Z');
  const back = parseRecord(text);
  assert.equal(back.ok, true);
  assert.deepEqual(back.contents, p.contents());
  assert.equal(
    describeContents(back.contents),
    '1 lesson visited, 1 exercise solved, the concept check before, 1 review item',
  );
});

test('record file: a bad file is refused, naming what is wrong', () => {
  const good = JSON.parse(
    recordToJson({ visited: {}, solved: {}, check: { before: null, after: null }, review: {} }, T0),
  );
  const refused = (data, pattern) => {
    const r = parseRecord(typeof data === 'string' ? data : JSON.stringify(data));
    assert.equal(r.ok, false, JSON.stringify(data).slice(0, 80));
    assert.match(r.message, pattern);
  };
  refused('', /empty/);
  refused('{"format":', /not JSON/);
  refused('x'.repeat(1024 * 1024 + 1), /larger than 1 MB/);
  refused({ ...good, format: 'training-run' }, /not a record of this tutorial/);
  refused([], /not a record/);
  refused({ ...good, version: 2 }, /newer version/);
  refused({ ...good, version: '1' }, /"version" must be 1/);
  refused({ ...good, extra: 1 }, /a part "extra"/);
  refused({ ...good, exported: 'yesterday' }, /"exported" must be a date/);
  refused({ ...good, visited: { softmax: 'yes' } }, /"visited" holds "softmax"/);
  refused({ ...good, solved: [] }, /"solved" must be an object/);
  refused(
    { ...good, review: { 'softmax#e0': { ...item(T0), due: -5 } } },
    /review\["softmax#e0"\]\.due must be a time/,
  );
  refused({ ...good, review: { 'softmax#q0': item(T0) } }, /not an exercise or prediction/);
  refused(
    { ...good, check: { before: { at: T0, answers: { q1: { choice: 99, right: true } } } } },
    /check\.before\.answers\["q1"\]/,
  );
  refused({ ...good, check: { later: null } }, /a part "later"/);
  assert.equal(parseRecord(JSON.stringify(good)).ok, true);
});

test('import: merge keeps both records; replace keeps the file alone and reaches other tabs as a Reset', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)) };
  const p = createProgress(storage, { now: () => T0 });
  p.markVisited('softmax');
  p.answered('softmax', 'e', 0, true);
  const other = createProgress(storage, { now: () => T0 });
  const file = {
    visited: { context: true },
    solved: {},
    check: { before: { at: T0 - DAY, answers: { q1: { choice: 0, right: true } } }, after: null },
    review: { 'softmax#e0': item(T0 + 9 * DAY, T0 + 1), 'context#p0': item(T0 + DAY) },
  };
  p.importContents(file, 'merge');
  assert.deepEqual(Object.keys(p.contents().visited).sort(), ['context', 'softmax']);
  assert.equal(p.reviewItems()['softmax#e0'].due, T0 + 9 * DAY, "the file's later answer wins");
  assert.equal(p.attempt('before').answers.q1.right, true);

  p.importContents({ ...file, visited: { 'dot-product': true } }, 'replace');
  assert.deepEqual(p.contents().visited, { 'dot-product': true });
  other.storageChanged(KEY); // the other tab hears of it, and keeps none of its own older copy
  assert.deepEqual(other.contents(), p.contents());
});
