// The attention-entropy widget's config, as a lesson fence gives it (checked at build time and at
// mount): the words a row of attention looks at, and rows of scores over them.
import { declareConfig, param } from '../state/params.js';

export const MAX_WORDS = 12;
export const MAX_ROWS = 6;
export const SCORE_LIMIT = 1e6;
export const scores = param.vector({ maxLength: MAX_WORDS, min: -SCORE_LIMIT, max: SCORE_LIMIT });

export default declareConfig(
  {
    words: param.required(param.list(param.text({ maxLength: 40 }), { maxLength: MAX_WORDS })),
    rows: param.required(
      param.list(
        param.object({ label: param.required(param.text({ maxLength: 40 })), scores: param.required(scores) }),
        {
          maxLength: MAX_ROWS,
        },
      ),
    ),
    temperature: param.number({ min: 0.1, max: 10 }),
  },
  {
    check: (c) =>
      c.rows
        .map((row, i) => ({ row, i }))
        .filter(({ row }) => row.scores.length !== c.words.length)
        .map(({ row, i }) => ({
          path: `rows.${i}.scores`,
          message: `must hold ${c.words.length} scores (one per word), not ${row.scores.length}`,
        })),
  },
);
