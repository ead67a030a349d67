// Element-wise sums done BY the engine, for widgets that show a sum on screen (the residual
// X + context, embeddings + positional encoding): a row a plus a row b is linear([a], I, b) = a·I + b,
// so the page never adds numbers itself.
import { identity } from './data.js';

/** A + B for two n x d matrices, row by row through engine.linear. Throws the engine's Error. */
export function addMatrices(engine, A, B) {
  if (A.length !== B.length) throw new Error(`the two matrices have ${A.length} and ${B.length} rows`);
  const I = identity(A[0].length);
  return A.map((row, i) => engine.linear([row], I, B[i])[0]);
}
