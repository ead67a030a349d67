// The multi-head widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';
import { tokensMatchX } from '../state/config-checks.js';

export const MAX_HEADS = 4;
export const LIMIT = 1000;
export const matrix = param.matrix({ maxRows: 8, maxCols: 8, min: -LIMIT, max: LIMIT });
const bias = param.vector({ maxLength: 8, min: -LIMIT, max: LIMIT });

export default declareConfig(
  {
    tokens: param.required(param.list(param.text({ maxLength: 40 }), { minLength: 1, maxLength: 8 })),
    X: param.required(matrix),
    h: param.integer({ min: 1, max: MAX_HEADS }), // heads shown first (default 2)
    heads: param.required(
      param.list(
        param.object({
          name: param.text({ maxLength: 40 }),
          Wq: param.required(matrix),
          Wk: param.required(matrix),
          Wv: param.required(matrix),
          bq: bias,
          bk: bias,
          bv: bias,
        }),
        { minLength: 1, maxLength: MAX_HEADS },
      ),
    ),
    // (heads·d_v) x d; with fewer rows, only as many heads as it has d_v-row blocks for are offered
    Wo: param.required(param.matrix({ maxRows: MAX_HEADS * 8, maxCols: 8, min: -LIMIT, max: LIMIT })),
    bo: bias,
    causal: param.boolean(),
  },
  {
    // Each head reads X (d columns); their values must be as wide as each other for the concatenation.
    check: (c) => [
      ...tokensMatchX(c),
      ...c.heads.flatMap((h, i) => [
        ...['Wq', 'Wk', 'Wv']
          .filter((k) => h[k].length !== c.X[0].length)
          .map((k) => ({ path: `heads[${i}].${k}`, message: `must have ${c.X[0].length} rows (the width of X)` })),
        ...(h.Wv[0].length === c.heads[0].Wv[0].length
          ? []
          : [
              {
                path: `heads[${i}].Wv`,
                message: `must have ${c.heads[0].Wv[0].length} columns, like the first head's`,
              },
            ]),
      ]),
    ],
  },
);
