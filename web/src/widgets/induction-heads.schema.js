// The induction-heads widget's config, as a lesson fence gives it (checked at build time and at
// mount). Model options take their ranges from the language model's declaration
// (model-options.js); the task is always induction.
import { modelParam, optionChoices, optionRange, textMaxLength } from '../state/model-options.js';
import { declareConfig, param } from '../state/params.js';

// One layer cannot copy (the lesson's point) and two can; more would only be slower.
export const LAYERS = optionChoices('LanguageModel', 'layers', [1, 2]);
export const LR = optionRange('LanguageModel', 'lr', { min: 0.00001 });
export const SEED_MAX = optionRange('LanguageModel', 'seed', { max: 1000000 }).max;
export const SPEED_MAX = 10000; // steps per second a learner can type; fast-forward is "max"
export const PROMPT_MAX = textMaxLength('LanguageModel', 'prompt'); // 32 letters and their spaces fit
const prompt = param.text({ maxLength: PROMPT_MAX });

export default declareConfig({
  seed: modelParam('LanguageModel', 'seed', { max: SEED_MAX }),
  layers: param.choice(LAYERS),
  heads: param.choice(optionChoices('LanguageModel', 'heads', [2])), // the ablation story has two per layer
  lr: param.number(LR),
  speed: param.number({ min: 1, max: SPEED_MAX }), // steps per second
  prompt,
  examples: param.list(prompt),
  title: param.text({ maxLength: 80 }),
  hide: param.hide(['maps', 'ablation', 'heads']),
});
