// Building and slicing the matrices widgets hand to the engine (data handling, not arithmetic).

/** The n x n identity, or `scale` times it (a diagonal matrix for the engine to multiply by). */
export function identity(n, scale = 1) {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? scale : 0)));
}

/** Column j of a matrix given as rows. */
export function column(M, j) {
  return M.map((row) => row[j]);
}
