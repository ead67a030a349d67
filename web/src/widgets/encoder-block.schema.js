// The encoder-block widget's config, as a lesson fence gives it (checked at build time and at
// mount): a small sentence X (n x d) and the weights of one whole encoder block, multi-head
// self-attention (each head's W_Q, W_K, W_V, d x d_k; W_O, heads·d_k x d) and the feed-forward
// layer (W1, d x h, with b1; W2, h x d, with b2).
import { declareConfig, param } from '../state/params.js';
import { lengthIs, shapeIs, tokensMatchX } from '../state/config-checks.js';

export const MAX = 8;
export const HIDDEN = 16;
export const LIMIT = 1e4;
export const matrix = param.matrix({ maxRows: HIDDEN, maxCols: HIDDEN, min: -LIMIT, max: LIMIT });
const vector = param.vector({ maxLength: HIDDEN, min: -LIMIT, max: LIMIT });
const head = param.object({ Wq: param.required(matrix), Wk: param.required(matrix), Wv: param.required(matrix) });

/** Every part of the block must fit X and each other; the messages name the part and the shape. */
function fits(c) {
  const d = c.X[0].length;
  const problems = [...tokensMatchX(c)];
  if (c.X.length > MAX || d > MAX) problems.push({ path: 'X', message: `must be at most ${MAX} x ${MAX}` });
  const dk = c.heads[0].Wq[0].length;
  c.heads.forEach((h, i) =>
    problems.push(
      ...shapeIs(h, ['Wq', 'Wk', 'Wv'], d, dk, `d x d_k, d = the width of X, d_k = ${dk} as in head 1`).map((p) => ({
        ...p,
        path: `heads.${i}.${p.path}`,
      })),
    ),
  );
  problems.push(
    ...shapeIs(c, ['Wo'], c.heads.length * dk, d, 'one row per concatenated column, one column per feature'),
  );
  const hidden = c.W1[0].length;
  problems.push(...shapeIs(c, ['W1'], d, hidden, 'd x h, d = the width of X'));
  problems.push(...shapeIs(c, ['W2'], hidden, d, 'h x d, h = the width of W1'));
  problems.push(...lengthIs(c, ['b1'], hidden, 'one per column of W1'));
  problems.push(...lengthIs(c, ['b2'], d, 'one per column of X'));
  return problems;
}

export default declareConfig(
  {
    tokens: param.list(param.text({ maxLength: 40 }), { maxLength: MAX }),
    X: param.required(matrix),
    heads: param.required(param.list(head, { minLength: 1, maxLength: 4 })),
    Wo: param.required(matrix),
    W1: param.required(matrix),
    b1: vector,
    W2: param.required(matrix),
    b2: vector,
    residual: param.boolean(),
  },
  { check: fits },
);
