// The numbers a lesson's prose states about a causal-mask example, computed by the engine for a
// fence's config (no DOM), as the widget shows them with the mask on and off:
// masked.weights.<r>.<c> and unmasked.weights.<r>.<c> (counted from 0).
// tests/node/claims.test.mjs checks the fence's "claims" against these.
import { identity } from '../ui/data.js';

export default function facts(engine, config) {
  const I = identity(config.X[0].length);
  const W = { Wq: config.Wq ?? I, Wk: config.Wk ?? I, Wv: config.Wv ?? I };
  const weights = (causal) => ({ weights: engine.selfAttention({ X: config.X, ...W, causal }).weights });
  return { masked: weights(true), unmasked: weights(false) };
}
