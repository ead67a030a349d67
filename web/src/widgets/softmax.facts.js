// The numbers lesson 3's prose states about its example, computed by the engine for a fence's
// config (no DOM), as the widget computes them: weights.<i> of softmax(scores / (T·√dₖ)), and
// for each preset presets.<i>.weights.<j> at the same temperature.
// tests/node/claims.test.mjs checks the fence's "claims" against these.
export default function facts(engine, config) {
  const t = config.temperature ?? 1;
  const dk = config.dk ?? 1;
  const weightsOf = (scores) => engine.softmaxTrace(scores, t, dk).weights;
  return {
    weights: weightsOf(config.scores),
    presets: (config.presets ?? []).map((p) => ({ weights: weightsOf(p.scores) })),
  };
}
