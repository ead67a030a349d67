// The context-shift widget's config, as a lesson fence gives it (checked at build time and at mount).
// The words and their vectors are content/vocabulary.json.
import { declareConfig, param } from '../state/params.js';

export const MAX_CHARS = 160;
const sentence = param.text({ maxLength: MAX_CHARS });

export default declareConfig({
  sentence,
  compare: sentence, // a second sentence with a button of its own
  focus: param.text({ maxLength: 40 }), // the word followed first (default: the first ambiguous word)
  // the plot's two axes (default: the two the followed word leans on most)
  axes: param.list(param.text({ maxLength: 20 }), { minLength: 2, maxLength: 2 }),
  hide: param.hide(['sentence', 'examples', 'axes', 'vocabulary']),
});
