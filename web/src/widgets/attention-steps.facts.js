// The numbers lesson 5's prose states about its example, computed by the engine for a fence's
// config (no DOM): the attention trace of the fence's X (scores, weights, context, output, rows
// counted from 0) and, under presets.<i>, the trace of each preset's X with the same weights.
// tests/node/claims.test.mjs checks the fence's "claims" against these.
function trace(engine, config, X) {
  const { scores, weights, context, output } = engine.selfAttention({
    X,
    Wq: config.Wq,
    Wk: config.Wk,
    Wv: config.Wv,
    scale: config.scale ?? true,
    causal: config.causal ?? false,
  });
  // The largest weight in all of A: near 1 means softmax has saturated.
  const largestWeight = Math.max(...weights.flat());
  return { scores, weights, context, output, largestWeight };
}

export default function facts(engine, config) {
  return {
    ...trace(engine, config, config.X),
    presets: (config.presets ?? []).map((p) => trace(engine, config, p.X)),
  };
}
