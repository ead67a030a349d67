// The training widget's config, as a lesson fence gives it (checked at build time and at mount).
// The model's options take their ranges from the trainer's declaration (model-options.js); this
// file only says which a lesson may set and what the controls offer within them.
import { modelParam, optionChoices, optionRange, textMaxLength } from '../state/model-options.js';
import { declareConfig, param } from '../state/params.js';

export const DEFAULT_TASKS = [
  { value: 'adjectives', label: 'Adjective → its noun' },
  { value: 'pronouns', label: '“it” → the noun it means' },
];
export const HEADS = optionChoices('Trainer', 'heads', [1, 2, 4]);
export const WIDTHS = optionChoices('Trainer', 'width', [8, 16, 24, 32]);
export const LR = optionRange('Trainer', 'lr', { min: 0.00001 });
export const SEED_MAX = optionRange('Trainer', 'seed', { max: 1000000 }).max;
export const SPEED_MAX = 10000; // steps per second a learner can type; fast-forward is "max"
export const SENTENCE_MAX = textMaxLength('Trainer', 'sentence'); // the engine reads no longer text
const sentence = param.text({ maxLength: SENTENCE_MAX });
const text = param.text({ maxLength: 60 });

export default declareConfig(
  {
    task: text,
    tasks: param.list(param.object({ value: param.required(text), label: param.required(text) }), { minLength: 1 }),
    seed: modelParam('Trainer', 'seed', { max: SEED_MAX }),
    layers: param.choice(optionChoices('Trainer', 'layers')), // a lesson's preset; no control
    heads: param.choice(HEADS),
    width: param.choice(WIDTHS),
    lr: param.number(LR),
    optimizer: modelParam('Trainer', 'optimizer'),
    batch: modelParam('Trainer', 'batch'),
    layerNorm: modelParam('Trainer', 'layerNorm'),
    speed: param.number({ min: 1, max: SPEED_MAX }), // steps per second
    sentence,
    examples: param.list(sentence), // offered for config.task, beside the trainer's own samples
  },
  {
    check(c) {
      const tasks = (c.tasks ?? DEFAULT_TASKS).map((t) => t.value);
      const known = optionChoices('Trainer', 'task');
      const unknown = tasks.findIndex((t) => !known.includes(t));
      if (unknown >= 0) {
        return [
          { path: `tasks[${unknown}].value`, message: `must be one of the trainer's tasks: ${known.join(', ')}` },
        ];
      }
      return c.task === undefined || tasks.includes(c.task)
        ? []
        : [{ path: 'task', message: `must be one of the tasks: ${tasks.join(', ')}` }];
    },
  },
);
