// The attention engine (C++ compiled to wasm), loaded once, on the first lesson that needs it,
// so the table of contents and prose appear without waiting for it.
let enginePromise = null;

export function getEngine() {
  enginePromise ??= import('../../wasm/js/browser.js').then((m) => m.loadAttention());
  // A failed load (offline first visit, broken build) may be retried on the next lesson.
  enginePromise.catch(() => {
    enginePromise = null;
  });
  return enginePromise;
}
