// The translator widget's config, as a lesson fence gives it (checked at build time and at mount).
// Model options left out take the engine's defaults (attn.createTranslator).
import { declareConfig, param } from '../state/params.js';

export const LAYERS = [1, 2];
export const HEADS = [1, 2, 4];
export const LR = { min: 0.00001, max: 10 };
export const SEED_MAX = 1000000;
export const SPEED_MAX = 10000; // steps per second a learner can type; fast-forward is "max"
export const SENTENCE_MAX = 200; // longer text is never a sentence of the grammar
const sentence = param.text({ maxLength: SENTENCE_MAX });

export default declareConfig({
  seed: param.integer({ min: 0, max: SEED_MAX }),
  layers: param.choice(LAYERS),
  heads: param.choice(HEADS),
  width: param.integer({ min: 8, max: 128 }),
  lr: param.number(LR),
  optimizer: param.choice(['adam', 'sgd']),
  batch: param.integer({ min: 1, max: 256 }),
  speed: param.number({ min: 1, max: SPEED_MAX }), // steps per second
  sentence,
  examples: param.list(sentence),
});
