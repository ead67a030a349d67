// What lesson 13's lm-variants widget shows of each trained variant of the language model, asked
// in its worker (language-model.js's "measure") and computed the same way by the widget's facts
// for the lesson's tests: copy accuracy at the training length or another, the induction head's
// sink scores, and the KV cache's bytes.
import { withDefaults } from '../../state/model-options.js';

const BYTES = 8; // the engine's numbers are doubles

/** The last layer's head with the highest prefix-matching score: { layer, head }. */
export function inductionHead(model) {
  const row = model.headScores().prefixMatching.at(-1);
  return { layer: row.length && model.options().layers - 1, head: row.indexOf(Math.max(...row)) };
}

/**
 * The KV cache's bytes after `length` tokens: every layer keeps a key and a value row per token
 * for each of its kvHeads key/value heads, each width / heads numbers wide. options: the
 * model's (declared defaults filled in). tests/node/lm-variants.test.mjs holds it to generate()'s
 * cacheEntries.
 */
export function cacheBytes(options, length) {
  const o = withDefaults('LanguageModel', options);
  const kv = o.kvHeads || o.heads;
  return 2 * o.layers * kv * (o.width / o.heads) * length * BYTES;
}

/** One metric of a model as it is now (metric: the fence's { kind, length }). */
function value(model, metric, sinks, ih) {
  switch (metric.kind) {
    case 'copy':
      return model.evaluate().copyAccuracy;
    case 'copyAt':
      return model.evaluateAt(metric.length).copyAccuracy;
    case 'sinkFirst':
      return sinks().firstToken[ih().layer][ih().head];
    case 'sinkTotal':
      return sinks().total[ih().layer][ih().head];
    case 'cacheBytes':
      return cacheBytes(model.options(), metric.length);
    default:
      throw new Error(`no metric "${metric.kind}"`);
  }
}

/**
 * measure(model, metrics, prompt?) -> { values, head, attention? }: each metric's value, the
 * induction head, and that head's attention on the prompt ({ tokens, rows }) when one is given.
 */
export function measure(model, metrics, prompt) {
  let s = null;
  let h = null;
  const sinks = () => (s ??= model.sinkScores());
  const ih = () => (h ??= inductionHead(model));
  const values = metrics.map((m) => value(model, m, sinks, ih));
  const out = { values, head: ih() };
  if (prompt) {
    const a = model.attention(prompt);
    out.attention = { tokens: a.tokens, rows: a.layers[out.head.layer][out.head.head] };
  }
  return out;
}
