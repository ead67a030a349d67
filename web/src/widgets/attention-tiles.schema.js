// The attention-tiles widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';
import { squareToX, tokensMatchX } from '../state/config-checks.js';

export const MAX_TOKENS = 8;
const cellMatrix = param.matrix({ maxRows: MAX_TOKENS, maxCols: 8, min: -1000, max: 1000 });
const tokens = param.list(param.text({ maxLength: 24 }), { maxLength: MAX_TOKENS });

export default declareConfig(
  {
    // The example first shown (lesson 5's), its name in the example picker, its tokens' names.
    label: param.text({ maxLength: 60 }),
    tokens,
    X: param.required(cellMatrix),
    Wq: param.required(cellMatrix),
    Wk: param.required(cellMatrix),
    Wv: param.required(cellMatrix),
    // Other inputs for the same weights (any number of tokens, the width of X).
    examples: param.list(
      param.object({ label: param.required(param.text({ maxLength: 60 })), X: param.required(cellMatrix), tokens }),
      {
        maxLength: 3,
      },
    ),
    blockSize: param.integer({ min: 1, max: MAX_TOKENS }), // default 1
    hide: param.hide(['examples']),
  },
  {
    check: (c) => [
      ...squareToX(c, ['Wq', 'Wk', 'Wv']),
      ...tokensMatchX(c),
      ...((c.blockSize ?? 1) > c.X.length
        ? [{ path: 'blockSize', message: `must be at most ${c.X.length}, the tokens in X` }]
        : []),
      ...(c.examples ?? []).flatMap((e, i) => [
        ...(e.X[0].length === c.X[0].length
          ? []
          : [{ path: `examples[${i}].X`, message: `must have the width of X (${c.X[0].length})` }]),
        ...(e.tokens && e.tokens.length !== e.X.length
          ? [{ path: `examples[${i}].tokens`, message: 'must name one token per row of its X' }]
          : []),
      ]),
    ],
  },
);
