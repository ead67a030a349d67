// The numbers lesson 4's prose states about its example, computed by the engine for a fence's
// config (no DOM): facts.scores.A.B is q(A) · k(B), facts.raw.A.B is x(A) · x(B),
// facts.weights.A.B the softmax of A's row of scores, facts.moved.A how far A's output lies from
// its own embedding (moved is null when the output's width d_k differs from the embedding's d). tests/node/claims.test.mjs checks the fence's "claims" against these.
import { identity } from '../ui/data.js';
import { MAX_WORDS } from './qkv-asymmetry.schema.js';

const byWord = (words, M) =>
  Object.fromEntries(words.map((w, i) => [w, Object.fromEntries(words.map((u, j) => [u, M[i][j]]))]));

export default function facts(engine, config) {
  const words = Object.keys(config.words).slice(0, MAX_WORDS);
  const X = words.map((w) => config.words[w]);
  const d = X[0].length;
  const I = identity(d);
  const { Wq = I, Wk = I, Wv = I, bq, bk, bv } = config;
  const res = engine.selfAttention({ X, Wq, Wk, Wv, bq, bk, bv, scale: false });
  const raw = engine.selfAttention({ X, Wq: I, Wk: I, Wv: I, scale: false });
  // How far each word's attention output lies from where the word started: |x (-I) + output|.
  // Only when the output has the embedding's d numbers (W_V is d x d); with d_v != d the two live
  // in different spaces and there is no distance to give: moved is null.
  const moved =
    res.context[0].length !== d
      ? null
      : Object.fromEntries(
          words.map((w, i) => {
            const delta = engine.linear([X[i]], identity(d, -1), res.context[i])[0];
            return [w, engine.similarity(delta, delta).normA];
          }),
        );
  return {
    scores: byWord(words, res.scores),
    raw: byWord(words, raw.scores),
    weights: byWord(words, res.weights),
    moved,
  };
}
