// Learner progress (lessons visited, exercises solved) in localStorage. Storage can be missing
// or full (private mode, disabled cookies): progress then lives for this visit only.
//
// What is stored is input like any text box: another version of the site, an extension or a
// hand edit can leave anything under the key. It is read through a schema that keeps every
// well-formed entry and drops the rest, so no stored value can stop the page from rendering.
//
// Several tabs share the key, and none may lose another's progress. Chromium hands each tab its
// own copy of localStorage and tells the others of a write later (the `storage` event), so two
// tabs saving at the same moment each write what they knew, and the later write wins. Progress
// is therefore kept as a value any two copies of which merge into one that holds both: the union
// of what was visited and solved, within the same count of Resets. A Reset starts a higher
// count, whose (empty) progress outranks every copy from before it, so it spreads to every tab
// however the writes cross. A tab merges on every save (read, merge, write) and on every
// `storage` event, and writes back whatever the other tab's write left out.
export const KEY = 'attention-tutorial:progress:v1';

// A lesson slug ("softmax") or an exercise key ("softmax#2"); anything longer or stranger is
// not something this site wrote.
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const EXERCISE = /^[a-z0-9][a-z0-9-]{0,63}#\d{1,3}$/;
// A count of Resets beyond any a learner could press; a larger stored one is not ours.
const MAX_RESETS = 1e9;

const empty = (resets = 0) => ({ resets, visited: {}, solved: {} });

function cleanSet(value, pattern) {
  const out = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, flag] of Object.entries(value)) {
    if (flag === true && pattern.test(key)) out[key] = true;
  }
  return out;
}

const cleanResets = (n) => (Number.isInteger(n) && n >= 0 && n <= MAX_RESETS ? n : 0);

/** The well-formed part of a stored string: { resets, visited, solved }, never throws. */
export function parseProgress(text) {
  let raw;
  try {
    raw = JSON.parse(text ?? '{}');
  } catch {
    return empty();
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return empty();
  return {
    resets: cleanResets(raw.resets),
    visited: cleanSet(raw.visited, SLUG),
    solved: cleanSet(raw.solved, EXERCISE),
  };
}

/**
 * Two copies of the progress as one: the later Reset's alone (what came before a Reset is
 * gone), or, within the same Reset, the union (what either tab has seen or solved).
 */
export function mergeProgress(a, b) {
  if (a.resets !== b.resets) return copy(a.resets > b.resets ? a : b);
  return { resets: a.resets, visited: { ...a.visited, ...b.visited }, solved: { ...a.solved, ...b.solved } };
}

const copy = (p) => ({ resets: p.resets, visited: { ...p.visited }, solved: { ...p.solved } });

/** Whether `a` holds everything `b` does (then merging b into a changes nothing). */
export function covers(a, b) {
  if (a.resets !== b.resets) return a.resets > b.resets;
  return Object.keys(b.visited).every((k) => a.visited[k]) && Object.keys(b.solved).every((k) => a.solved[k]);
}

/**
 * A progress store over a Storage-like object ({ getItem, setItem }) or none. `onChange`
 * subscribers hear about every change, local or from another tab.
 */
export function createProgress(storage) {
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
