// Data handling shared by widgets that feed the engine: identity matrices, transposes, and
// element-wise sums done BY the engine (a row a plus a row b is linear([a], I, b) = a I + b),
// so that even a residual addition on screen is the engine's arithmetic, not the page's.

/** The d x d identity matrix (a constant, not a computation). */
export function identity(d) {
  return Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, c) => (r === c ? 1 : 0)));
}

export function transpose(M) {
  return M[0].map((_, c) => M.map((row) => row[c]));
}

/** A + B for two n x d matrices, row by row through engine.linear. Throws the engine's Error. */
export function addMatrices(engine, A, B) {
  if (A.length !== B.length) throw new Error(`the two matrices have ${A.length} and ${B.length} rows`);
  const I = identity(A[0].length);
  return A.map((row, i) => engine.linear([row], I, B[i])[0]);
}
