// The lm-variants widget's config, as a lesson fence gives it (checked at build time and at
// mount): a few variants of the language model (the induction task), each its options over the
// shared ones, trained side by side for the same steps, and the metrics shown for each.
import { declaredOptions, modelParam } from '../state/model-options.js';
import { declareConfig, param } from '../state/params.js';
import { EVAL_EVERY } from '../models/language-model.js';

export const MAX_VARIANTS = 4; // a worker each, two models in it (the model and its untrained twin)
export const MAX_STEPS = 5000;
export const METRICS = ['copy', 'copyAt', 'sinkFirst', 'sinkTotal', 'cacheBytes'];
export const MAX_CACHE_LENGTH = 64; // twice the longest training length, the model's context

// Any option the language model declares may be set, in its declared range, except the task
// (always induction); what only the model can check (kvHeads dividing heads) it says when made.
const OPTION_KEYS = declaredOptions('LanguageModel')
  .map((o) => o.key)
  .filter((k) => k !== 'task');
const options = param.object(Object.fromEntries(OPTION_KEYS.map((k) => [k, modelParam('LanguageModel', k)])));

const metric = param.object({
  kind: param.required(param.choice(METRICS)),
  label: param.required(param.text({ maxLength: 60 })),
  length: param.integer({ min: 8, max: MAX_CACHE_LENGTH }), // copyAt: letters per sequence; cacheBytes: tokens
});

export default declareConfig(
  {
    title: param.text({ maxLength: 80 }),
    options,
    variants: param.required(
      param.list(param.object({ label: param.required(param.text({ maxLength: 40 })), options }), {
        minLength: 1,
        maxLength: MAX_VARIANTS,
      }),
    ),
    steps: param.integer({ min: EVAL_EVERY, max: MAX_STEPS }), // default 1,000; a multiple of EVAL_EVERY
    metrics: param.required(param.list(metric, { minLength: 1, maxLength: 4 })),
    // The KV cache's bytes for a chosen variant and length, with sliders (kvHeads variants).
    cache: param.boolean(),
    // The induction head's attention on this prompt, drawn per variant once trained (sinks).
    prompt: param.text({ maxLength: 200 }),
  },
  {
    check: (c) => [
      ...((c.steps ?? 1000) % EVAL_EVERY === 0
        ? []
        : [{ path: 'steps', message: `must be a multiple of ${EVAL_EVERY} (the steps the figures are measured at)` }]),
      ...(c.metrics ?? []).flatMap((m, i) =>
        (m.kind === 'copyAt' || m.kind === 'cacheBytes') && m.length === undefined
          ? [{ path: `metrics[${i}].length`, message: `is required for "${m.kind}"` }]
          : [],
      ),
    ],
  },
);
