// The attention-steps widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';
import { squareToX } from '../state/config-checks.js';

export const MAX = 8;
export const CELL_LIMIT = 1000;
export const cellMatrix = param.matrix({ maxRows: MAX, maxCols: MAX, min: -CELL_LIMIT, max: CELL_LIMIT });

// One head's example: token names, X and its three weight matrices (lesson 8 learns on it too).
export const exampleFields = {
  tokens: param.list(param.text({ maxLength: 40 }), { maxLength: MAX }),
  X: param.required(cellMatrix),
  Wq: param.required(cellMatrix),
  Wk: param.required(cellMatrix),
  Wv: param.required(cellMatrix),
};

export default declareConfig(
  {
    ...exampleFields,
    scale: param.boolean(),
    causal: param.boolean(),
    // Other embeddings for the same weights, one button each (e.g. the whole-number worked example).
    presets: param.list(
      param.object({ label: param.required(param.text({ maxLength: 40 })), X: param.required(cellMatrix) }),
      {
        maxLength: 4,
      },
    ),
    hide: param.hide(['size', 'scale', 'causal', 'reset', 'steps', 'scaleX', 'presets']),
  },
  {
    check: (c) => [
      ...squareToX(c, ['Wq', 'Wk', 'Wv']),
      ...(c.presets ?? []).flatMap((p, i) =>
        p.X.length === c.X.length && p.X.every((row) => row.length === c.X[0].length)
          ? []
          : [{ path: `presets[${i}].X`, message: `must have the shape of X (${c.X.length} x ${c.X[0].length})` }],
      ),
    ],
  },
);
