// The next-word widget's config, as lesson 11's fence gives it (checked at build time and at
// mount). The model is the language model on its sentences task; the options a fence may set take
// their ranges from the model's declaration (model-options.js), as do the sampling controls'.
import { modelParam, optionRange, textMaxLength } from '../state/model-options.js';
import { declareConfig, param } from '../state/params.js';

export const LR = optionRange('LanguageModel', 'lr', { min: 0.00001 });
export const SEED_MAX = optionRange('LanguageModel', 'seed', { max: 1000000 }).max;
export const SPEED_MAX = 10000; // steps per second a learner can type; fast-forward is "max"
// A prompt of the sentences task holds at most 8 words after <bos>; longer text is refused by the
// engine with its message, and text past the prompt's declared length is never read at all.
export const PROMPT_MAX = textMaxLength('LanguageModel', 'prompt');
export const TOP_K_MAX = 40; // more than the vocabulary (34 tokens): "keep every token"
export const SAMPLE_SEED_MAX = 1000000;
export const TEMPERATURE = { min: 0.1, max: 10 }; // the temperature slider's ends
const prompt = param.text({ maxLength: PROMPT_MAX });

export default declareConfig({
  seed: modelParam('LanguageModel', 'seed', { max: SEED_MAX }),
  lr: param.number(LR),
  layers: modelParam('LanguageModel', 'layers'),
  heads: modelParam('LanguageModel', 'heads'),
  width: modelParam('LanguageModel', 'width'),
  speed: param.number({ min: 1, max: SPEED_MAX }), // steps per second
  sentence: prompt,
  examples: param.list(prompt),
  temperature: param.number(TEMPERATURE),
  topK: param.integer({ min: 0, max: TOP_K_MAX }),
  topP: param.number({ min: 0.01, max: 1 }),
  sampleSeed: param.integer({ min: 0, max: SAMPLE_SEED_MAX }),
  // The temperatures of the measured sweep (share of grammatical samples at each).
  sweep: param.vector({ minLength: 2, maxLength: 8, min: 0.1, max: 10 }),
});
