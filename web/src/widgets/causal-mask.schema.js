// The causal-mask widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';
import { squareToX, tokensMatchX } from '../state/config-checks.js';

export const LIMIT = 1000;
export const matrix = param.matrix({ maxRows: 8, maxCols: 8, min: -LIMIT, max: LIMIT });

export default declareConfig(
  {
    tokens: param.required(param.list(param.text({ maxLength: 40 }), { minLength: 1, maxLength: 8 })),
    X: param.required(matrix),
    Wq: matrix, // each W defaults to the identity
    Wk: matrix,
    Wv: matrix,
    causal: param.boolean(),
  },
  { check: (c) => [...tokensMatchX(c), ...squareToX(c, ['Wq', 'Wk', 'Wv'])] },
);
