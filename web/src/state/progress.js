// Learner progress (lessons visited, exercises solved) in localStorage. Storage can be missing
// or full (private mode, disabled cookies): progress then lives for this visit only.
//
// What is stored is input like any text box: another version of the site, an extension or a
// hand edit can leave anything under the key. It is read through a schema that keeps every
// well-formed entry and drops the rest, so no stored value can stop the page from rendering.
// Two tabs share the key: a save merges with what the other tab stored (progress only grows,
// except through Reset), and the `storage` event brings the other tab's saves into this one.
export const KEY = 'attention-tutorial:progress:v1';

// A lesson slug ("softmax") or an exercise key ("softmax#2"); anything longer or stranger is
// not something this site wrote.
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const EXERCISE = /^[a-z0-9][a-z0-9-]{0,63}#\d{1,3}$/;

const empty = () => ({ visited: {}, solved: {} });

function cleanSet(value, pattern) {
  const out = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, flag] of Object.entries(value)) {
    if (flag === true && pattern.test(key)) out[key] = true;
  }
  return out;
}

/** The well-formed part of a stored string: { visited, solved }, never throws. */
export function parseProgress(text) {
  let raw;
  try {
    raw = JSON.parse(text ?? '{}');
  } catch {
    return empty();
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return empty();
  return { visited: cleanSet(raw.visited, SLUG), solved: cleanSet(raw.solved, EXERCISE) };
}

/** The union of two progress records (what either tab has seen or solved). */
export function mergeProgress(a, b) {
  return { visited: { ...a.visited, ...b.visited }, solved: { ...a.solved, ...b.solved } };
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
  let data = read();
  const listeners = new Set();
  const notify = () => {
    for (const fn of listeners) fn(data);
  };

  // `replace` is for Reset only: every other save keeps what another tab stored meanwhile.
  function save(replace = false) {
    if (!replace) data = mergeProgress(read(), data);
    try {
      storage?.setItem(KEY, JSON.stringify(data));
    } catch {
      /* storage unavailable or full: keep the in-memory copy */
    }
    notify();
  }

  return {
    visited: (slug) => data.visited[slug] === true,
    solved: (slug, index) => data.solved[`${slug}#${index}`] === true,
    markVisited(slug) {
      if (data.visited[slug] !== true) {
        data.visited[slug] = true;
        save();
      }
    },
    markSolved(slug, index) {
      if (data.solved[`${slug}#${index}`] !== true) {
        data.solved[`${slug}#${index}`] = true;
        save();
      }
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
      data = empty();
      save(true);
    },
    /** Another tab wrote the key: take its value as it is (a Reset there is a Reset here). */
    storageChanged(key) {
      if (key !== KEY && key !== null) return;
      data = read();
      notify();
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
