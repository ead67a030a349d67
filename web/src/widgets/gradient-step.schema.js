// The gradient-step widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';
import { squareToX, tokensMatchX } from '../state/config-checks.js';
// Lesson 5's example, so lesson 5's sizes and cell limits.
import { MAX, exampleFields } from './attention-steps.schema.js';

// The learning rate: above 0 (a step of 0 goes nowhere, a negative one climbs the loss), and small
// enough that lr·dW stays a number the engine can add to W.
export const LR_MAX = 100000;
export const DEFAULT_LR = 1000;
export const MAX_STEPS = 40;

export default declareConfig(
  {
    ...exampleFields,
    // What token 1 should have attended to: one button each; `weights` has one entry per token.
    targets: param.required(
      param.list(
        param.object({
          label: param.required(param.text({ maxLength: 60 })),
          weights: param.required(param.vector({ maxLength: MAX, min: 0, max: 1 })),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    ),
    lr: param.number({ min: 0.000001, max: LR_MAX }),
    hide: param.hide(['values', 'trace']),
  },
  {
    check: (c) => [
      ...squareToX(c, ['Wq', 'Wk', 'Wv']),
      ...tokensMatchX(c),
      ...c.targets.flatMap((t, i) =>
        t.weights.length === c.X.length
          ? []
          : [{ path: `targets[${i}].weights`, message: `must hold one weight per token (${c.X.length})` }],
      ),
    ],
  },
);
