// The numbers lesson 1's prose states about its two sentences, computed by the engine (no DOM),
// as the widget computes them: each word's hand-made vector mixed with its neighbours by
// selfAttention with identity projections. For config.sentence ("sentence") and config.compare
// ("compare"), with the followed word config.focus: before.<axis> and after.<axis>, its vector on
// every axis before and after attention; weights.<word>, its weight on each word (lower case).
// tests/node/claims.test.mjs checks the fence's "claims" against these.
import vocabulary from '../../../content/vocabulary.json' with { type: 'json' };
import { identity } from '../ui/data.js';

const lexicon = new Map(Object.entries(vocabulary.words).map(([w, vec]) => [w.toLowerCase(), vec]));
const byAxis = (vec) => Object.fromEntries(vocabulary.axes.map((a, k) => [a, vec[k]]));

function sentenceFacts(engine, sentence, focus) {
  const words = sentence.split(/\s+/).map((w) => w.toLowerCase());
  const X = words.map((w) => {
    if (!lexicon.has(w)) throw new Error(`"${w}" is not in content/vocabulary.json`);
    return lexicon.get(w);
  });
  const I = identity(vocabulary.axes.length);
  const res = engine.selfAttention({ X, Wq: I, Wk: I, Wv: I });
  const f = words.indexOf(focus.toLowerCase());
  if (f < 0) throw new Error(`the focus word "${focus}" is not in "${sentence}"`);
  return {
    before: byAxis(X[f]),
    after: byAxis(res.context[f]),
    weights: Object.fromEntries(words.map((w, j) => [w, res.weights[f][j]])),
  };
}

export default function facts(engine, config) {
  const focus = config.focus ?? vocabulary.ambiguous[0];
  const out = {};
  if (config.sentence) out.sentence = sentenceFacts(engine, config.sentence, focus);
  if (config.compare) out.compare = sentenceFacts(engine, config.compare, focus);
  return out;
}
