// The numbers lesson 11's prose states about its language model, computed by the engine for a
// fence's config (no DOM), as the widget's worker trains it (sentences task, the fence's seed and
// learning rate). What a learner sees of a trained model moves from step to step, so each figure
// is measured at every checkpoint the lesson speaks of (CHECKPOINTS: "from 1,000 steps on", up to
// 3,000) and given as its range over them (trained.min / trained.max); untrained is step 0.
//   shares.T<t>   the share of sentences sampled from <bos> at temperature t that the grammar
//                 accepts (SAMPLES at T = 1, SWEEP_SAMPLES at the others), by the code the
//                 widget's worker runs (models/language-model/judged-samples.js)
//   falls         1 when the share falls at every step up the sweep's temperatures, else 0
//   article       after "the girl drinks": the probability of "the" or "a" (the only words the
//                 grammar allows there)
//   bosRow        layer 1, head 1's weight of <bos> on itself (its row has nothing else to read)
//   kv            a sentence written from <bos> with and without the KV cache (trained model,
//                 seed 1): the first word's cost each way, how much more each later word costs
//                 than the one before (least and most over the sentence), whether the words agree
//   shape         the model as the lesson describes it: layers, heads, width, vocabulary size
// tests/node/claims.test.mjs checks the fence's "claims" against these.
import { modelOptions } from '../state/model-options.js';
import { SWEEP_SAMPLES, temperatureSweep } from '../models/language-model/judged-samples.js';
import { range } from './translator.facts.js';

export const CHECKPOINTS = [1000, 1500, 2000, 2500, 3000];
const SAMPLES = 200;
const HOTTER = [1.5, 2, 3];

const key = (t) => `T${String(t).replace('.', '_')}`;

function figures(model) {
  const shares = {};
  const [one] = temperatureSweep(model, '<bos>', [1], SAMPLES);
  shares[key(1)] = one.share;
  for (const s of temperatureSweep(model, '<bos>', HOTTER, SWEEP_SAMPLES)) shares[key(s.temperature)] = s.share;
  const order = [1, ...HOTTER].map((t) => shares[key(t)]);
  const next = model.next('the girl drinks');
  const p = (w) => next.probabilities[next.vocabulary.indexOf(w)];
  return {
    shares,
    falls: order.every((s, i) => i === 0 || s < order[i - 1]) ? 1 : 0,
    article: p('the') + p('a'),
    bosRow: model.attention('the girl drinks').layers[0][0][0][0],
  };
}

/** A range over figure objects, nested one level (shares). */
function rangeOf(list) {
  const flat = list.map(({ shares, ...rest }) => ({ ...rest, ...shares }));
  const r = range(flat);
  const nest = (o) => {
    const { falls, article, bosRow, ...shares } = o;
    return { falls, article, bosRow, shares };
  };
  return { min: nest(r.min), max: nest(r.max) };
}

function kvFigures(model) {
  const options = { maxTokens: 64, seed: 1 };
  const withCache = model.generate('<bos>', { ...options, cache: true });
  const without = model.generate('<bos>', { ...options, cache: false });
  // Each word's cost less the one before it: the least and the most over the sentence.
  const growth = (steps) => {
    const d = steps.slice(1).map((s, i) => s.multiplyAdds - steps[i].multiplyAdds);
    return { min: Math.min(...d), max: Math.max(...d) };
  };
  return {
    first: { with: withCache.steps[0].multiplyAdds, without: without.steps[0].multiplyAdds },
    growth: { with: growth(withCache.steps), without: growth(without.steps) },
    sameWords: withCache.tokens.join(' ') === without.tokens.join(' ') ? 1 : 0,
  };
}

// It trains a model, which takes seconds: tests/node/claims-trained-*.test.mjs check its claims.
export const trains = true;

export default function facts(engine, config) {
  const model = engine.createLanguageModel(modelOptions('LanguageModel', { ...config, task: 'sentences' }));
  try {
    const untrained = figures(model);
    const trained = [];
    let step = 0;
    for (const at of CHECKPOINTS) {
      model.step(at - step);
      step = at;
      trained.push(figures(model));
    }
    const { layers, heads, width, attentionOnly, layerNorm } = model.options();
    const shape = { layers, heads, width, attentionOnly: attentionOnly ? 1 : 0, layerNorm: layerNorm ? 1 : 0 };
    return {
      untrained,
      trained: rangeOf(trained),
      kv: kvFigures(model),
      shape: { ...shape, vocabulary: model.vocabulary().length },
    };
  } finally {
    model.dispose();
  }
}
