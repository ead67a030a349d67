// The numbers lesson 5's prose states about its example, computed by the engine for a fence's
// config (no DOM): the attention trace of the fence's X (scores, weights, context, output, rows
// counted from 0) and, under presets.<i>, the trace of each preset's X with the same weights.
// Under grown.token and grown.width, the traces after the learner adds a token or widens d (the
// widget's own rule, attention-steps/grow.js), with the weight the added token receives.
// tests/node/claims.test.mjs checks the fence's "claims" against these.
import { grow } from './attention-steps/grow.js';

function trace(engine, config, X, W = config) {
  const { scores, weights, context, output } = engine.selfAttention({
    X,
    Wq: W.Wq,
    Wk: W.Wk,
    Wv: W.Wv,
    scale: config.scale ?? true,
    causal: config.causal ?? false,
  });
  // The largest weight in all of A: near 1 means softmax has saturated.
  const largestWeight = Math.max(...weights.flat());
  return { scores, weights, context, output, largestWeight };
}

/** The example one token longer, and one column wider, as the widget grows it. */
function grown(engine, config) {
  const n = config.X.length;
  const d = config.X[0].length;
  const token = trace(engine, config, grow(engine, config.X, n + 1, d));
  const wider = (M) => grow(engine, M, d + 1, d + 1);
  const width = trace(engine, config, grow(engine, config.X, n, d + 1), {
    Wq: wider(config.Wq),
    Wk: wider(config.Wk),
    Wv: wider(config.Wv),
  });
  // The most any row gives the added token, and the least (its share is ordinary, never all).
  const onNew = token.weights.map((row) => row[n]);
  return {
    token: { ...token, mostOnNewToken: Math.max(...onNew), leastOnNewToken: Math.min(...onNew) },
    width,
  };
}

export default function facts(engine, config) {
  return {
    ...trace(engine, config, config.X),
    presets: (config.presets ?? []).map((p) => trace(engine, config, p.X)),
    grown: grown(engine, config),
  };
}
