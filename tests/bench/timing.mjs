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

/** Milliseconds for reps calls of fn: wall-clock, or this process's CPU time. */
function timeCalls(fn, reps, clock = performance.now.bind(performance)) {
  const start = clock();
  for (let r = 0; r < reps; r++) fn();
  return clock() - start;
}

// CPU time is what a ratio is taken in: on a loaded machine the wall clock also counts the
// time other processes held the core, and in turns, not evenly.
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** How many calls of fn take about sampleMs. */
function repsFor(fn, sampleMs) {
  for (let reps = 1; ; reps *= 4) {
    const t = timeCalls(fn, reps);
    if (t >= sampleMs / 4 || reps > 1 << 24) return Math.max(1, Math.round((reps * sampleMs) / Math.max(t, 1e-6)));
  }
}

/** The median of SAMPLES values of sample(). */
function median(sample) {
  const values = Array.from({ length: SAMPLES }, sample).sort((x, y) => x - y);
  return values[SAMPLES >> 1];
}

/** Median microseconds per call of fn (sync) within about budgetMs. */
export function medianMicros(fn, budgetMs = 300) {
  warmUp(fn); // JIT tiers, first allocations, kernel compilation in TF.js
  const reps = repsFor(fn, budgetMs / SAMPLES);
  return median(() => (timeCalls(fn, reps) * 1000) / reps);
}

/**
 * Median over 9 samples of (CPU time per call of a) / (CPU time per call of b), the two
 * timed in turn within each sample: on a shared machine, steadier than two medians taken
 * at different times.
 */
export function medianRatio(a, b, budgetMs = 300) {
  warmUp(a);
  warmUp(b);
  const reps = repsFor(a, budgetMs / SAMPLES / 2);
  return median(() => timeCalls(a, reps, cpuMs) / timeCalls(b, reps, cpuMs));
}
