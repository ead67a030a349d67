// The parts of the learner's record beside visited lessons and solved exercises: the concept
// check's answers and the review schedule. Each part is read through a schema (a stored value is
// input like any other: another version of the site, an extension or a hand edit can leave
// anything under the key) and has a merge that any two tabs' copies can go through in either
// order and give the same result, as progress.js needs (it explains why).
//
// Every reader takes an optional `problems` list: reading stored data drops what is malformed and
// keeps the rest silently, while an imported file (record-file.js) is refused naming the first
// thing wrong.

// A lesson slug ("softmax") or an exercise key ("softmax#2"): anything longer or stranger is not
// something this site wrote.
export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const EXERCISE = /^[a-z0-9][a-z0-9-]{0,63}#\d{1,3}$/;
// A review item: lesson slug, then e (exercise) or p (prediction) and its index in the lesson.
export const ITEM = /^[a-z0-9][a-z0-9-]{0,63}#[ep]\d{1,3}$/;
export const QUESTION = SLUG;
export const SLOTS = ['before', 'after'];

// Bounds: far above what the tutorial can produce (about 90 exercises and predictions, 17
// questions), far below what would slow a merge. A time is a Date.now() before 2100.
export const LIMITS = Object.freeze({ items: 5000, answers: 200, choices: 16, count: 1e6, streak: 1000 });
export const LATEST_TIME = Date.UTC(2100, 0, 1);

export const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const isTime = (x) => Number.isInteger(x) && x >= 0 && x <= LATEST_TIME;
const isCount = (x, max) => Number.isInteger(x) && x >= 0 && x <= max;
const show = (x) => {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};

function note(problems, message) {
  problems?.push(message);
}

/** { key: true } for the keys matching `pattern` (visited lessons, solved exercises). */
export function readFlags(value, pattern, what, problems) {
  const out = {};
  if (value === undefined) return out;
  if (!isObject(value)) {
    note(problems, `"${what}" must be an object of names set to true`);
    return out;
  }
  for (const [key, flag] of Object.entries(value)) {
    if (flag === true && pattern.test(key)) out[key] = true;
    else note(problems, `"${what}" holds ${show(key)}: ${show(flag)}, which this site never writes`);
  }
  return out;
}

/** A review item, or null with a problem noted: { streak, due, last, right, wrong }. */
function readItem(raw, where, problems) {
  if (!isObject(raw)) return (note(problems, `${where} must be an object`), null);
  const fields = { due: isTime, last: isTime };
  for (const [key, ok] of Object.entries(fields))
    if (!ok(raw[key])) return (note(problems, `${where}.${key} must be a time (ms since 1970, before 2100)`), null);
  if (!isCount(raw.streak, LIMITS.streak))
    return (note(problems, `${where}.streak must be a whole number from 0 to ${LIMITS.streak}`), null);
  for (const key of ['right', 'wrong'])
    if (!isCount(raw[key], LIMITS.count)) return (note(problems, `${where}.${key} must be a count`), null);
  const extra = Object.keys(raw).find((k) => !['streak', 'due', 'last', 'right', 'wrong'].includes(k));
  if (extra !== undefined) return (note(problems, `${where} has a field "${extra}" this site never writes`), null);
  return { streak: raw.streak, due: raw.due, last: raw.last, right: raw.right, wrong: raw.wrong };
}

/** { itemId: item } of the well-formed items, at most LIMITS.items of them. */
export function readReview(value, problems) {
  const out = {};
  if (value === undefined) return out;
  if (!isObject(value)) return (note(problems, '"review" must be an object of items'), out);
  let n = 0;
  for (const [id, raw] of Object.entries(value)) {
    if (!ITEM.test(id)) {
      note(problems, `"review" holds ${show(id)}, not an exercise or prediction of a lesson`);
      continue;
    }
    if (++n > LIMITS.items) {
      note(problems, `"review" holds more than ${LIMITS.items} items`);
      break;
    }
    const item = readItem(raw, `review["${id}"]`, problems);
    if (item) out[id] = item;
  }
  return out;
}

/** One attempt at the concept check, or null: { at, answers: { questionId: { choice, right } } }. */
function readAttempt(raw, where, problems) {
  if (raw === null || raw === undefined) return null;
  if (!isObject(raw)) return (note(problems, `${where} must be an object or null`), null);
  if (!isTime(raw.at)) return (note(problems, `${where}.at must be a time (ms since 1970, before 2100)`), null);
  if (!isObject(raw.answers)) return (note(problems, `${where}.answers must be an object`), null);
  const ids = Object.keys(raw.answers);
  if (ids.length === 0) return (note(problems, `${where}.answers is empty`), null);
  if (ids.length > LIMITS.answers) return (note(problems, `${where} has more than ${LIMITS.answers} answers`), null);
  const answers = {};
  for (const id of ids) {
    const a = raw.answers[id];
    const at = `${where}.answers[${show(id)}]`;
    if (!QUESTION.test(id)) return (note(problems, `${at} is not a question's name`), null);
    // -1: "not sure yet", which counts as not right.
    const choiceOk = Number.isInteger(a?.choice) && a.choice >= -1 && a.choice < LIMITS.choices;
    if (!isObject(a) || !choiceOk || typeof a.right !== 'boolean' || Object.keys(a).length !== 2)
      return (note(problems, `${at} must be { "choice": a whole number from -1 to 15, "right": true or false }`), null);
    if (a.choice === -1 && a.right) return (note(problems, `${at} says "not sure" and right at once`), null);
    answers[id] = { choice: a.choice, right: a.right };
  }
  return { at: raw.at, answers };
}

/** { before, after }: the check taken before the lessons and the latest one after (or null). */
export function readCheck(value, problems) {
  const out = { before: null, after: null };
  if (value === undefined) return out;
  if (!isObject(value)) return (note(problems, '"check" must be an object'), out);
  const extra = Object.keys(value).find((k) => !SLOTS.includes(k));
  if (extra !== undefined) note(problems, `"check" has a part "${extra}"; it has only "before" and "after"`);
  for (const slot of SLOTS) out[slot] = readAttempt(value[slot], `check.${slot}`, problems);
  return out;
}

/** JSON with sorted keys: two equal values give the same text, so it orders and compares them. */
export function canonical(x) {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (isObject(x))
    return `{${Object.keys(x)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(x[k])}`)
      .join(',')}}`;
  return JSON.stringify(x);
}

// Of two versions of one thing, the later (by `time`), and on a tie the larger text: the same
// pick whichever tab merges, so every tab ends with the same value.
function later(a, b, time) {
  if (!a || !b) return a ?? b ?? null;
  if (time(a) !== time(b)) return time(a) > time(b) ? a : b;
  return canonical(a) >= canonical(b) ? a : b;
}

/** Each item as its latest answer left it. */
export function mergeReview(a, b) {
  const out = { ...a };
  for (const [id, item] of Object.entries(b)) out[id] = later(a[id], item, (x) => x.last);
  return out;
}

/** Each slot's latest attempt. */
export function mergeCheck(a, b) {
  return Object.fromEntries(SLOTS.map((s) => [s, later(a[s], b[s], (x) => x.at)]));
}
