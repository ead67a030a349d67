// The positional widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';

export const MAX_N = 128;
export const MAX_D = 128;
export const SENTENCE_CHARS = 120;
const matrix = param.matrix({ maxRows: 16, maxCols: 16 });

export default declareConfig({
  n: param.integer({ min: 1, max: MAX_N }),
  d: param.integer({ min: 1, max: MAX_D }),
  words: param.record(param.vector({ maxLength: 16 }), { minKeys: 1, maxKeys: 32 }),
  // the two sentences compared (default: dog bites man / man bites dog)
  sentences: param.list(param.text({ maxLength: SENTENCE_CHARS }), { minLength: 2, maxLength: 2 }),
  Wq: matrix, // each W defaults to the identity
  Wk: matrix,
  Wv: matrix,
  pe: param.boolean(),
});
