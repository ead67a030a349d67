// The add-norm widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';
import { lengthIs, shapeIs, squareToX, tokensMatchX } from '../state/config-checks.js';

export const MAX = 8;
export const LIMIT = 1e4;
export const matrix = param.matrix({ maxRows: MAX, maxCols: MAX, min: -LIMIT, max: LIMIT });
export const vector = param.vector({ maxLength: MAX, min: -LIMIT, max: LIMIT });
export const EPS = { min: 1e-12, max: 10 };

export default declareConfig(
  {
    tokens: param.list(param.text({ maxLength: 40 }), { maxLength: MAX }),
    X: param.required(matrix),
    // the projections that make the context (default: identity)
    attention: param.object({ Wq: matrix, Wk: matrix, Wv: matrix }),
    context: matrix, // the hand-typed context to start from
    source: param.choice(['attention', 'manual']), // where the context comes from first
    residual: param.boolean(),
    gamma: vector,
    beta: vector,
    eps: param.number(EPS),
  },
  {
    check: (c) => [
      ...tokensMatchX(c),
      ...squareToX({ X: c.X, ...c.attention }, ['Wq', 'Wk', 'Wv']).map((p) => ({ ...p, path: `attention.${p.path}` })),
      ...shapeIs(c, ['context'], c.X.length, c.X[0].length, 'the shape of X'),
      ...lengthIs(c, ['gamma', 'beta'], c.X[0].length, 'one per column of X'),
    ],
  },
);
