// One encoder block on a fence's example, every stage computed by the engine (no DOM): the
// widget draws these stages and tests/node/claims.test.mjs checks the lesson's sentences
// against them. With the residuals (the block as built): attention -> LayerNorm(X + attention)
// -> feed-forward -> LayerNorm(N1 + feed-forward). Without them, each LayerNorm gets the
// sub-layer's output alone. cosine.on.i / .off.i: how well token i's block output still points
// like LayerNorm(X_i), its own input normalised; relu.on.zeroed.i: how many of token i's hidden
// units ReLU sets to 0.

/** The block's stages for input X; `residual` false drops both residual connections. */
export function runBlock(engine, config, X, residual) {
  const attention = engine.multiHeadAttention({ X, heads: config.heads, Wo: config.Wo });
  const sum1 = residual ? engine.residual(X, attention.output) : attention.output;
  const norm1 = engine.layerNorm(sum1);
  const ffn = engine.feedForwardTrace(norm1, { W1: config.W1, b1: config.b1, W2: config.W2, b2: config.b2 });
  const sum2 = residual ? engine.residual(norm1, ffn.output) : ffn.output;
  const out = engine.layerNormTrace(sum2);
  return { attention, sum1, norm1, ffn, sum2, output: out.output, mean: out.mean, variance: out.variance };
}

export default function facts(engine, config) {
  const on = runBlock(engine, config, config.X, true);
  const off = runBlock(engine, config, config.X, false);
  const own = engine.layerNorm(config.X);
  const cos = (a, b) => engine.similarity(a, b).cosine;
  const cosine = (run) => own.map((x, i) => cos(x, run.output[i]));
  const zeroed = (run) => run.ffn.activated.map((row) => row.filter((a) => a === 0).length);
  // The output's own statistics, as the engine measures them: each row mean 0, variance ~1.
  const check = engine.layerNormTrace(on.output);
  return {
    weights: on.attention.heads.map((h) => h.weights),
    norm1: on.norm1,
    hidden: on.ffn.hidden,
    output: on.output,
    outputMean: check.mean,
    outputVariance: check.variance,
    cosine: { on: cosine(on), off: cosine(off) },
    relu: { on: { zeroed: zeroed(on) } },
    hiddenWidth: config.W1[0].length,
  };
}
