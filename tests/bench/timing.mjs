// Median time per call of a JS function, the way tests/bench/engine_bench.cpp
// times C++: a warm-up (100 ms), repeats sized so one sample takes ~1/9 of the budget,
// 9 samples, the median. Medians, because the machine is shared: a disturbed
// sample is slow, never fast.
const SAMPLES = 9;

// Long enough for V8 to move hot JS and wasm from its baseline compilers to the optimising
// ones (one call is not: the first 8 x 16 attention samples then read 3-7x slower).
function warmUp(fn, ms = 100) {
  const end = performance.now() + ms;
  while (performance.now() < end) fn();
}

/** Median microseconds per call of fn (sync) within about budgetMs. */
export function medianMicros(fn, budgetMs = 300) {
  warmUp(fn); // JIT tiers, first allocations, kernel compilation in TF.js
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

/**
 * Median over 9 samples of (time per call of a) / (time per call of b), the two timed in
 * turn within each sample, so that a change in the machine's load moves both alike: for a
 * ratio on a shared machine, steadier than two medians taken at different times.
 */
export function medianRatio(a, b, budgetMs = 300) {
  warmUp(a);
  warmUp(b);
  let reps = 1;
  for (;;) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) a();
    const t = performance.now() - start;
    if (t >= budgetMs / SAMPLES / 8 || reps > 1 << 24) {
      reps = Math.max(1, Math.round((reps * (budgetMs / SAMPLES / 2)) / Math.max(t, 1e-6)));
      break;
    }
    reps *= 4;
  }
  const ratios = [];
  for (let s = 0; s < SAMPLES; s++) {
    let start = performance.now();
    for (let r = 0; r < reps; r++) a();
    const ta = performance.now() - start;
    start = performance.now();
    for (let r = 0; r < reps; r++) b();
    ratios.push(ta / (performance.now() - start));
  }
  ratios.sort((x, y) => x - y);
  return ratios[SAMPLES >> 1];
}
