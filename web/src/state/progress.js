// The learner's record in localStorage: lessons visited, exercises solved, the concept check's
// answers before and after the lessons, and when each answered exercise and prediction comes back
// for review (record-parts.js reads and merges those two; review/schedule.js says when). Storage
// can be missing or full (private mode, disabled cookies): the record then lives for this visit only.
//
// What is stored is input like any text box: another version of the site, an extension or a
// hand edit can leave anything under the key. It is read through a schema that keeps every
// well-formed entry and drops the rest, so no stored value can stop the page from rendering.
//
// Several tabs share the key, and none may lose another's progress. Chromium hands each tab its
// own copy of localStorage and tells the others of a write later (the `storage` event), so two
// tabs saving at the same moment each write what they knew, and the later write wins. Progress
// is therefore kept as a value any two copies of which merge into one that holds both: the union
// of what was visited and solved, each review item and check attempt as its latest answer left it,
// within the same count of Resets. A Reset starts a higher
// count, whose (empty) progress outranks every copy from before it, so it spreads to every tab
// however the writes cross. A tab merges on every save (read, merge, write) and on every
// `storage` event, and writes back whatever the other tab's write left out.
import {
  EXERCISE,
  ITEM,
  SLUG,
  canonical,
  isObject,
  mergeCheck,
  mergeReview,
  readCheck,
  readFlags,
  readReview,
} from './record-parts.js';
import { answerItem } from '../review/schedule.js';

export const KEY = 'attention-tutorial:progress:v1';

// A count of Resets beyond any a learner could press; a larger stored one is not ours.
const MAX_RESETS = 1e9;

const empty = (resets = 0) => ({ resets, visited: {}, solved: {}, check: { before: null, after: null }, review: {} });

const cleanResets = (n) => (Number.isInteger(n) && n >= 0 && n <= MAX_RESETS ? n : 0);

/**
 * The record's contents (everything but the count of Resets) read from a parsed value; what is
 * malformed is dropped, and named in `problems` when a list is given (an imported file).
 */
export function readContents(raw, problems) {
  return {
    visited: readFlags(raw.visited, SLUG, 'visited', problems),
    solved: readFlags(raw.solved, EXERCISE, 'solved', problems),
    check: readCheck(raw.check, problems),
    review: readReview(raw.review, problems),
  };
}

/** The well-formed part of a stored string: { resets, visited, solved, check, review }; never throws. */
export function parseProgress(text) {
  let raw;
  try {
    raw = JSON.parse(text ?? '{}');
  } catch {
    return empty();
  }
  if (!isObject(raw)) return empty();
  return { resets: cleanResets(raw.resets), ...readContents(raw) };
}

/** The contents of two records as one: the union, each item and attempt at its latest. */
export function mergeContents(a, b) {
  const none = empty();
  return {
    visited: { ...a.visited, ...b.visited },
    solved: { ...a.solved, ...b.solved },
    check: mergeCheck(a.check ?? none.check, b.check ?? none.check),
    review: mergeReview(a.review ?? none.review, b.review ?? none.review),
  };
}

/**
 * Two copies of the progress as one: the later Reset's alone (what came before a Reset is
 * gone), or, within the same Reset, the union (what either tab has seen, solved or answered).
 */
export function mergeProgress(a, b) {
  if (a.resets !== b.resets) return copy(a.resets > b.resets ? a : b);
  return { resets: a.resets, ...mergeContents(a, b) };
}

const copy = (p) => ({ resets: p.resets, ...mergeContents(p, empty()) });

/** Whether `a` holds everything `b` does (then merging b into a changes nothing). */
export function covers(a, b) {
  return canonical(mergeProgress(a, b)) === canonical(mergeProgress(a, a));
}

/**
 * A progress store over a Storage-like object ({ getItem, setItem }) or none. `onChange`
 * subscribers hear about every change, local or from another tab. `now` is the clock the review
 * schedule reads (a test's fake one).
 */
export function createProgress(storage, { now = () => Date.now() } = {}) {
  const read = () => {
    try {
      return parseProgress(storage?.getItem(KEY));
    } catch {
      return empty();
    }
  };
  const write = () => {
    try {
      storage?.setItem(KEY, JSON.stringify(data));
    } catch {
      /* storage unavailable or full: keep the in-memory copy */
    }
  };
  let data = read();
  const listeners = new Set();
  const notify = () => {
    for (const fn of listeners) fn(data);
  };

  // What is stored now (another tab may have written since this one last looked), merged, then
  // this tab's change on top: a lesson visited now counts even if another tab's Reset has just
  // landed, while this tab's copy from before that Reset does not come back.
  function update(change) {
    data = mergeProgress(read(), data);
    change(data);
    write();
    notify();
  }

  return {
    now,
    visited: (slug) => data.visited[slug] === true,
    solved: (slug, index) => data.solved[`${slug}#${index}`] === true,
    markVisited(slug) {
      if (data.visited[slug] !== true) update((d) => (d.visited[slug] = true));
    },
    markSolved(slug, index) {
      if (data.solved[`${slug}#${index}`] !== true) update((d) => (d.solved[`${slug}#${index}`] = true));
    },
    /** { visited, lessons, solved, exercises } over the given lesson index. */
    summary(lessons) {
      let visited = 0;
      let solved = 0;
      let exercises = 0;
      for (const l of lessons) {
        if (this.visited(l.slug)) visited++;
        for (let i = 0; i < l.exercises; i++) if (this.solved(l.slug, i)) solved++;
        exercises += l.exercises;
      }
      return { visited, lessons: lessons.length, solved, exercises };
    },
    /** An exercise ("e") or prediction ("p") answered, right or not: its next review moves. */
    answered(slug, kind, index, right) {
      const id = `${slug}#${kind}${index}`;
      if (!ITEM.test(id)) return;
      update((d) => (d.review[id] = answerItem(d.review[id], right, now())));
    },
    /** { itemId: { streak, due, last, right, wrong } } (a copy). */
    reviewItems: () => structuredClone(data.review),
    /** The concept check's attempt in a slot ('before' or 'after'), or null. */
    attempt: (slot) => structuredClone(data.check[slot] ?? null),
    /** Keep an attempt ({ questionId: { choice, right } }) in a slot, timed now. */
    saveAttempt(slot, answers) {
      const attempt = readCheck({ [slot]: { at: now(), answers } })[slot];
      if (attempt) update((d) => (d.check[slot] = attempt));
    },
    /** Everything but the count of Resets, as a file would carry it (record-file.js). */
    contents: () => structuredClone(mergeContents(data, empty())),
    /**
     * An imported record's contents: merged into what this browser holds, or replacing it. A
     * replacement is a Reset with the import as its contents, so other tabs take it as it is
     * rather than merging their copies back in.
     */
    importContents(contents, mode) {
      if (mode === 'replace')
        update((d) =>
          Object.assign(d, { resets: Math.min(d.resets + 1, MAX_RESETS) }, mergeContents(contents, empty())),
        );
      else update((d) => Object.assign(d, mergeContents(d, contents)));
    },
    reset() {
      update((d) => Object.assign(d, empty(Math.min(d.resets + 1, MAX_RESETS))));
    },
    /**
     * Another tab wrote the key (or cleared the storage: key null). Its value is merged into this
     * tab's, and if its write left out something this tab holds (the two saved at once), the
     * merged value is written back, so a tab opened later finds everything.
     */
    storageChanged(key) {
      if (key !== KEY && key !== null) return;
      const stored = read();
      const merged = mergeProgress(stored, data);
      const changed = !covers(data, merged);
      data = merged;
      if (!covers(stored, data)) write();
      if (changed) notify();
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

function browserStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // reading localStorage itself throws where storage is disabled
  }
}

export const progress = createProgress(browserStorage());

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => progress.storageChanged(event.key));
}
