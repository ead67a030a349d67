// Learner progress (lessons visited, exercises solved) in localStorage. Storage can be missing
// or full (private mode, disabled cookies): progress then lives for this visit only.
const KEY = 'attention-tutorial:progress:v1';

function load() {
  try {
    const data = JSON.parse(localStorage.getItem(KEY) || '{}');
    return {
      visited: data && typeof data.visited === 'object' ? data.visited : {},
      solved: data && typeof data.solved === 'object' ? data.solved : {},
    };
  } catch {
    return { visited: {}, solved: {} };
  }
}

let data = load();
const listeners = new Set();

function save() {
  try {
    localStorage.setItem(KEY, JSON.stringify(data));
  } catch {
    /* storage unavailable: keep the in-memory copy */
  }
  for (const fn of listeners) fn(data);
}

export const progress = {
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
    data = { visited: {}, solved: {} };
    save();
  },
  subscribe(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
};
