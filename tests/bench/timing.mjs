// Median time per call of a JS function, the way tests/bench/engine_bench.cpp
// times C++: a warm-up, repeats sized so one sample takes ~1/9 of the budget,
// 9 samples, the median. Medians, because the machine is shared: a disturbed
// sample is slow, never fast.
const SAMPLES = 9;

/** Median microseconds per call of fn (sync) within about budgetMs. */
export function medianMicros(fn, budgetMs = 300) {
  fn(); // warm-up: JIT, first allocations, kernel compilation in TF.js
  let reps = 1;
  for (;;) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) fn();
    const t = performance.now() - start;
    if (t >= budgetMs / SAMPLES / 4 || reps > 1 << 24) {
      reps = Math.max(1, Math.round((reps * (budgetMs / SAMPLES)) / Math.max(t, 1e-6)));
      break;
    }
    reps *= 4;
  }
  const perCall = [];
  for (let s = 0; s < SAMPLES; s++) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) fn();
    perCall.push(((performance.now() - start) * 1000) / reps);
  }
  perCall.sort((a, b) => a - b);
  return perCall[SAMPLES >> 1];
}
