// What a reload would lose. The URL keeps every widget's settings and localStorage the progress,
// but a model trained in the page (web/src/live/) lives only in its worker: a reload starts it
// again from step 0, and the run it replaced (the grey curves) is gone. A new version of the site
// (web/src/offline/register.js) therefore reloads a tab holding such work only when the learner
// says so or leaves the lesson.
const holders = new Set();
const listeners = new Set();

export const unsavedWork = {
  /** `holder` (any object: one per widget) now has work a reload would lose, or has none. */
  mark(holder, on) {
    const had = holders.size > 0;
    if (on) holders.add(holder);
    else holders.delete(holder);
    if (had !== holders.size > 0) for (const fn of listeners) fn(holders.size > 0);
  },
  /** Whether any part of the page holds such work. */
  get any() {
    return holders.size > 0;
  },
  /** fn(any) each time the page goes from holding none to some, or back; -> unsubscribe. */
  subscribe(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
};
