// The training widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';

export const DEFAULT_TASKS = [
  { value: 'adjectives', label: 'Adjective → its noun' },
  { value: 'pronouns', label: '“it” → the noun it means' },
];
export const HEADS = [1, 2, 4];
export const WIDTHS = [8, 16, 24, 32];
export const LR = { min: 0.00001, max: 10 };
export const SEED_MAX = 1000000;
export const SPEED_MAX = 10000; // steps per second a learner can type; fast-forward is "max"
export const SENTENCE_MAX = 300; // longer text is never a valid sentence here
const sentence = param.text({ maxLength: SENTENCE_MAX });
const text = param.text({ maxLength: 60 });

export default declareConfig(
  {
    task: text,
    tasks: param.list(param.object({ value: param.required(text), label: param.required(text) }), { minLength: 1 }),
    seed: param.integer({ min: 0, max: SEED_MAX }),
    layers: param.choice([1, 2]), // stacked attention layers (a lesson's preset; no control)
    heads: param.choice(HEADS),
    width: param.choice(WIDTHS),
    lr: param.number(LR),
    optimizer: param.choice(['adam', 'sgd']),
    batch: param.integer({ min: 1, max: 256 }),
    layerNorm: param.boolean(),
    speed: param.number({ min: 1, max: SPEED_MAX }), // steps per second
    sentence,
    examples: param.list(sentence), // offered for config.task, beside the trainer's own samples
  },
  {
    check(c) {
      const tasks = (c.tasks ?? DEFAULT_TASKS).map((t) => t.value);
      return c.task === undefined || tasks.includes(c.task)
        ? []
        : [{ path: 'task', message: `must be one of the tasks: ${tasks.join(', ')}` }];
    },
  },
);
