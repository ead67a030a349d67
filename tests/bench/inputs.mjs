// Deterministic matrices for benchmarks and build-comparison tests: entries in [-1, 1) from a
// linear congruential generator (the same one tests/bench/engine_bench.cpp uses), so runs and
// builds see the same numbers without a seeded-random dependency.
export function filled(rows, cols, seed) {
  let s = seed >>> 0;
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return ((s >>> 8) / (1 << 24)) * 2 - 1;
    }),
  );
}
