// The attention-steps widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';
import { squareToX } from '../state/config-checks.js';

export const MAX = 8;
export const CELL_LIMIT = 1000;
export const cellMatrix = param.matrix({ maxRows: MAX, maxCols: MAX, min: -CELL_LIMIT, max: CELL_LIMIT });

export default declareConfig(
  {
    tokens: param.list(param.text({ maxLength: 40 }), { maxLength: MAX }),
    X: param.required(cellMatrix),
    Wq: param.required(cellMatrix),
    Wk: param.required(cellMatrix),
    Wv: param.required(cellMatrix),
    scale: param.boolean(),
    causal: param.boolean(),
    hide: param.hide(['size', 'scale', 'causal', 'reset', 'steps', 'scaleX']),
  },
  { check: (c) => squareToX(c, ['Wq', 'Wk', 'Wv']) },
);
