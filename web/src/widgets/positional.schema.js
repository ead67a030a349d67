// The positional widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';
import { sameLengths } from '../state/config-checks.js';

export const MAX_N = 128;
export const MAX_D = 128;
export const SENTENCE_CHARS = 120;
const matrix = param.matrix({ maxRows: 16, maxCols: 16 });

/** The lesson's example when the fence gives no words. */
export const DEFAULT_WORDS = { dog: [1, 0.2, 0.1, 0.8], bites: [0.1, 1, 0.9, 0.1], man: [0.9, 0.1, 0.3, 1] };

/** Every word of both sentences must have a vector. */
function sentencesUseWords(c) {
  const known = new Set(Object.keys(c.words ?? DEFAULT_WORDS).map((w) => w.toLowerCase()));
  return (c.sentences ?? []).flatMap((s, i) => {
    const unknown = s.split(/\s+/).filter((w) => w && !known.has(w.toLowerCase()));
    return unknown.length
      ? [{ path: `sentences[${i}]`, message: `uses words with no vector in "words": ${unknown.join(', ')}` }]
      : [];
  });
}

export default declareConfig(
  {
    n: param.integer({ min: 1, max: MAX_N }),
    d: param.integer({ min: 1, max: MAX_D }),
    words: param.record(param.vector({ maxLength: 16 }), { minKeys: 1, maxKeys: 32 }),
    // the two sentences compared (default: dog bites man / man bites dog)
    sentences: param.list(param.text({ maxLength: SENTENCE_CHARS }), { minLength: 2, maxLength: 2 }),
    Wq: matrix, // each W defaults to the identity
    Wk: matrix,
    Wv: matrix,
    pe: param.boolean(),
  },
  { check: (c) => [...sameLengths(c, 'words'), ...sentencesUseWords(c)] },
);
