// The numbers lesson 6's prose states about its example, computed by the engine for a fence's
// config (no DOM), as the widget computes them: the context (from attention, or typed by hand),
// then LayerNorm of X + context ("on", with the residual) and of the context alone ("off").
// cosine.on.i / cosine.off.i: how well token i's result still points like LayerNorm(X_i);
// tokensCosine.on / .off: cosine between the first two tokens' results (1 = indistinguishable).
// tests/node/claims.test.mjs checks the fence's "claims" against these.
import { identity } from '../ui/data.js';

export default function facts(engine, config) {
  const d = config.X[0].length;
  const I = identity(d);
  const eps = config.eps ?? 1e-5;
  const { gamma, beta } = config;
  const context =
    (config.source ?? 'attention') === 'attention'
      ? engine.selfAttention({ X: config.X, Wq: I, Wk: I, Wv: I, ...config.attention }).context
      : config.context;
  const sum = engine.residual(config.X, context);
  const on = engine.layerNormTrace(sum, { gamma, beta, eps });
  const off = engine.layerNormTrace(context, { gamma, beta, eps });
  const own = engine.layerNorm(config.X, { eps });
  const cos = (a, b) => engine.similarity(a, b).cosine;
  const perToken = (T) => own.map((x, i) => cos(x, T.normalized[i]));
  const between = (T) => (T.normalized.length > 1 ? cos(T.normalized[0], T.normalized[1]) : 1);
  return {
    context,
    sum,
    normalized: { on: on.normalized, off: off.normalized },
    cosine: { on: perToken(on), off: perToken(off) },
    tokensCosine: { on: between(on), off: between(off) },
  };
}
