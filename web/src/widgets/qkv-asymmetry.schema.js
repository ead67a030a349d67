// The qkv-asymmetry widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';
import { lengthIs, namesIn, sameLengths, shapeIs } from '../state/config-checks.js';

export const MAX_WORDS = 6;
export const MAX_D = 6;
export const LIMIT = 1000;
export const matrix = param.matrix({ maxRows: MAX_D, maxCols: MAX_D, min: -LIMIT, max: LIMIT });
export const bias = param.vector({ maxLength: MAX_D, min: -LIMIT, max: LIMIT });

export default declareConfig(
  {
    axes: param.list(param.text({ maxLength: 20 }), { maxLength: MAX_D }),
    words: param.required(param.record(param.vector({ maxLength: MAX_D, min: -LIMIT, max: LIMIT }), { minKeys: 2 })),
    Wq: matrix, // each W defaults to the identity (d x dk), each bias to 0
    Wk: matrix,
    Wv: matrix,
    bq: bias,
    bk: bias,
    bv: bias,
    dk: param.integer({ min: 1, max: MAX_D }), // columns of every W (default: those of Wq, else d)
    a: param.text({ maxLength: 40 }), // the pair of words outlined first
    b: param.text({ maxLength: 40 }),
  },
  {
    check(c) {
      const d = Object.values(c.words)[0].length;
      const dk = c.dk ?? c.Wq?.[0]?.length ?? d;
      return [
        ...namesIn(c, 'words', ['a', 'b']),
        ...sameLengths(c, 'words'),
        ...shapeIs(c, ['Wq', 'Wk', 'Wv'], d, dk, 'd x dk: d = the length of a word vector, dk = that of W_Q or "dk"'),
        ...lengthIs(c, ['bq', 'bk', 'bv'], dk, 'dk, the columns of every W'),
      ];
    },
  },
);
