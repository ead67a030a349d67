// The softmax widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';

export const MAX_SCORES = 12;
export const SCORE_LIMIT = 1e6;
export const scores = param.vector({ maxLength: MAX_SCORES, min: -SCORE_LIMIT, max: SCORE_LIMIT });
const labels = param.list(param.text({ maxLength: 40 }), { maxLength: MAX_SCORES });

export default declareConfig({
  scores: param.required(scores),
  labels,
  temperature: param.number({ min: 0.1, max: 10 }),
  dk: param.integer({ min: 1, max: 4096 }), // given: start divided by √dₖ
  presets: param.list(param.object({ label: param.text({ maxLength: 60 }), scores: param.required(scores), labels })),
  hide: param.hide(['scores', 'examples', 'shift', 'temperature', 'scale', 'trace']),
});
