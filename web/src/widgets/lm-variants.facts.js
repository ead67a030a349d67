// The numbers lesson 13's prose states about an lm-variants fence, computed by the engine's
// language model for the fence's config (no DOM): every variant trained for the fence's steps
// (the widget's only trained checkpoint: it trains to that step and stops), then measured as the
// widget's worker measures it (models/language-model/variant-metrics.js). Evaluations between
// steps do not change training (the held-out sequences are fixed), so one step() call gives the
// model the worker's chunks give.
//   values[i][k]       metric k of variant i after the steps (cacheBytes: of the untrained model too)
//   cache[n][i]        with "cache": variant i's KV cache bytes after n tokens (the sliders')
//   sinkRows[i]        with a prompt: the induction head's weight on the first token, from each
//                      row whose token occurs nowhere before it: { least, most }
import { cacheBytes, measure } from '../models/language-model/variant-metrics.js';
import { MAX_CACHE_LENGTH } from './lm-variants.schema.js';
import { variantOptions } from './lm-variants/options.js';

// It trains models, which takes seconds: tests/node/claims-trained-*.test.mjs check its claims.
export const trains = true;

/** The first-token weights of the rows (after the first) whose token is new there. */
function newTokenRows({ tokens, rows }) {
  const w = [];
  tokens.forEach((t, i) => {
    if (i > 0 && !tokens.slice(0, i).includes(t)) w.push(rows[i][0]);
  });
  return w.length ? { least: Math.min(...w), most: Math.max(...w) } : { least: NaN, most: NaN };
}

export default function facts(engine, config) {
  const steps = config.steps ?? 1000;
  const values = [];
  const sinkRows = [];
  for (const options of variantOptions(config)) {
    const model = engine.createLanguageModel(options);
    try {
      model.step(steps);
      const m = measure(model, config.metrics, config.prompt);
      values.push(m.values);
      if (m.attention) sinkRows.push(newTokenRows(m.attention));
    } finally {
      model.dispose();
    }
  }
  const out = { values, sinkRows };
  if (config.cache) {
    const variants = variantOptions(config);
    out.cache = {};
    for (let n = 1; n <= MAX_CACHE_LENGTH; n++) out.cache[n] = variants.map((o) => cacheBytes(o, n));
  }
  return out;
}
