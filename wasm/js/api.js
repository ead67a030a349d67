// The engine's JS API (the contract in the team brief): plain arrays in, plain
// arrays out. Every number is computed by the C++ engine; this file only checks
// shapes, converts to typed memory and back, and turns C++ errors into Errors.
//
// Vectors are arrays of numbers, matrices arrays of rows. Any invalid input
// throws an Error whose message names the problem ("W_Q has 3 rows but X has
// 4 columns"); the module keeps working afterwards. Rows, columns and entries
// in messages are counted from 1.
import {
  fromMatrix,
  fromVector,
  toBoolean,
  toInteger,
  toMatrix,
  toNumber,
  toOptionalVector,
  toVector,
  unwrap,
} from './convert.js';
import * as trainer from './trainer.js';

/** An options argument: an object, or nothing (all defaults). */
function options(value, what) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} must be an object`);
  return value;
}

function attentionTrace(t) {
  const out = {
    Q: fromMatrix(t.Q),
    K: fromMatrix(t.K),
    V: fromMatrix(t.V),
    scores: fromMatrix(t.scores),
    weights: fromMatrix(t.weights),
    context: fromMatrix(t.context),
  };
  if (t.output !== undefined) out.output = fromMatrix(t.output);
  return out;
}

// Names as the C++ engine writes them, so JS and C++ messages read alike.
function headWeights(head, prefix = '') {
  if (head === null || typeof head !== 'object') {
    throw new Error(`${prefix}weights must be an object { Wq, Wk, Wv }`);
  }
  return {
    Wq: toMatrix(head.Wq, `${prefix}W_Q`),
    Wk: toMatrix(head.Wk, `${prefix}W_K`),
    Wv: toMatrix(head.Wv, `${prefix}W_V`),
    bq: toOptionalVector(head.bq, `${prefix}b_Q`),
    bk: toOptionalVector(head.bk, `${prefix}b_K`),
    bv: toOptionalVector(head.bv, `${prefix}b_V`),
  };
}

function attentionOptions({ scale, causal, temperature }) {
  return {
    scale: toBoolean(scale, 'scale', true),
    causal: toBoolean(causal, 'causal', false),
    temperature: toNumber(temperature, 'temperature', 1),
  };
}

/**
 * Builds the API object around an instantiated Emscripten module
 * (wasm/js/node.js and wasm/js/browser.js call this; use their loadAttention()).
 */
export function makeAttentionApi(Module) {
  /**
   * Every step of a numerically stable softmax of x / (temperature * sqrt(dk)):
   * { divisor, scaled, max, shifted, exps, sum, weights }. dk = 1 (the default) is plain
   * softmax with a temperature; dk = d_k scales as attention does. -Infinity entries (masked)
   * get weight 0; all -Infinity, NaN, +Infinity, temperature <= 0 or dk < 1 throw.
   */
  const softmaxTrace = (x, temperature = 1, dk = 1) => {
    const t = unwrap(
      Module.softmaxTrace(toVector(x, 'x'), toNumber(temperature, 'temperature', 1), toInteger(dk, 'd_k')),
    );
    return {
      divisor: t.divisor,
      scaled: fromVector(t.scaled),
      max: t.max,
      shifted: fromVector(t.shifted),
      exps: fromVector(t.exps),
      sum: t.sum,
      weights: fromVector(t.weights),
    };
  };

  /**
   * Layer norm of each row: { mean, variance, normalized, output } with
   * normalized = (x - mean) / sqrt(variance + eps), output = gamma * normalized + beta.
   * gamma defaults to all 1, beta to all 0, eps to 1e-5 (must be > 0).
   */
  const layerNormTrace = (X, params) => {
    const p = options(params, 'layer norm parameters');
    const t = unwrap(
      Module.layerNormTrace(toMatrix(X, 'X'), {
        gamma: toOptionalVector(p.gamma, 'gamma'),
        beta: toOptionalVector(p.beta, 'beta'),
        eps: toNumber(p.eps, 'eps', 1e-5),
      }),
    );
    return {
      mean: fromVector(t.mean),
      variance: fromVector(t.variance),
      normalized: fromMatrix(t.normalized),
      output: fromMatrix(t.output),
    };
  };

  /**
   * Position-wise feed-forward network, every step: { hidden, activated, output }
   * with hidden = X W1 + b1, activated = max(0, hidden), output = activated W2 + b2.
   * b1 and b2 are optional.
   */
  const feedForwardTrace = (X, params) => {
    const p = options(params, 'feed-forward parameters');
    const t = unwrap(
      Module.feedForwardTrace(toMatrix(X, 'X'), {
        W1: toMatrix(p.W1, 'W1'),
        b1: toOptionalVector(p.b1, 'b1'),
        W2: toMatrix(p.W2, 'W2'),
        b2: toOptionalVector(p.b2, 'b2'),
      }),
    );
    return {
      hidden: fromMatrix(t.hidden),
      activated: fromMatrix(t.activated),
      output: fromMatrix(t.output),
    };
  };

  const api = {
    /** a . b, for two vectors of the same length. */
    dot: (a, b) => unwrap(Module.dot(toVector(a, 'a'), toVector(b, 'b'))),

    /**
     * { dot, cosine, normA, normB, angleDegrees, terms } with terms[i] = a[i] * b[i].
     * cosine and angleDegrees are null when either vector is all zeros (no direction).
     */
    similarity(a, b) {
      const s = unwrap(Module.similarity(toVector(a, 'a'), toVector(b, 'b')));
      return { ...s, terms: fromVector(s.terms) };
    },

    /** The weights of softmaxTrace: positive, summing to 1. */
    softmax: (x, temperature = 1) => softmaxTrace(x, temperature).weights,
    softmaxTrace,

    /** X W + b (b optional, one entry per column of W). */
    linear: (X, W, b) =>
      fromMatrix(unwrap(Module.linear(toMatrix(X, 'X'), toMatrix(W, 'W'), toOptionalVector(b, 'b')))),

    /**
     * Scaled dot-product self-attention of one head, every step.
     * spec: { X (n x d), Wq, Wk (d x d_k), Wv (d x d_v), bq?, bk?, bv?,
     *         scale = true (divide by sqrt(d_k)), causal = false, temperature = 1 }.
     * Returns { Q, K, V, scores (after scaling and masking; masked = -Infinity),
     * weights, context, output = X + context (only when d_v == d) }.
     */
    selfAttention(spec) {
      if (spec === null || typeof spec !== 'object') {
        throw new Error('selfAttention needs an object { X, Wq, Wk, Wv, ... }');
      }
      const t = unwrap(
        Module.selfAttention({
          X: toMatrix(spec.X, 'X'),
          ...headWeights(spec),
          ...attentionOptions(spec),
        }),
      );
      return attentionTrace(t);
    },

    /**
     * Multi-head attention. spec: { X, heads: [{ Wq, Wk, Wv, bq?, bk?, bv? }],
     * Wo (one row per concatenated column), bo?, causal = false, scale = true,
     * temperature = 1 }. Returns { heads: [{ Q, K, V, scores, weights, context }],
     * concat, output = concat Wo + bo }.
     */
    multiHeadAttention(spec) {
      if (spec === null || typeof spec !== 'object') {
        throw new Error('multiHeadAttention needs an object { X, heads, Wo, ... }');
      }
      if (!Array.isArray(spec.heads) || spec.heads.length === 0) {
        throw new Error('heads must be a non-empty array of { Wq, Wk, Wv }');
      }
      const t = unwrap(
        Module.multiHeadAttention({
          X: toMatrix(spec.X, 'X'),
          heads: Array.from(spec.heads, (h, i) => headWeights(h, `head ${i + 1}: `)), // holes too
          Wo: toMatrix(spec.Wo, 'W_O'),
          bo: toOptionalVector(spec.bo, 'b_O'),
          ...attentionOptions(spec),
        }),
      );
      return {
        heads: t.heads.map(attentionTrace), // the engine leaves out each head's residual
        concat: fromMatrix(t.concat),
        output: fromMatrix(t.output),
      };
    },

    /** The output of layerNormTrace. */
    layerNorm: (X, params) => layerNormTrace(X, params).output,
    layerNormTrace,

    /**
     * n x d sinusoidal positional encoding (Vaswani et al.):
     * PE[pos][2i] = sin(pos / 10000^(2i/d)), PE[pos][2i+1] = cos(pos / 10000^(2i/d)).
     */
    positionalEncoding: (n, d) => fromMatrix(unwrap(Module.positionalEncoding(toInteger(n, 'n'), toInteger(d, 'd')))),

    /** The output of feedForwardTrace. */
    feedForward: (X, params) => feedForwardTrace(X, params).output,
    feedForwardTrace,

    /**
     * Memory probes for leak tests and benchmarks: { heapBytes (wasm memory size),
     * allocatedBytes (in use by malloc), jsHandles (live embind values) }.
     */
    heapStats: () => ({
      heapBytes: Module.HEAP8.length,
      allocatedBytes: Module.allocatedBytes(),
      jsHandles: Module.count_emval_handles(),
    }),
  };

  // The page's engine.wasm leaves the trainer out (wasm/wasm.cmake): no createTrainer there.
  if (typeof Module.trainerCreate === 'function') {
    Object.assign(api, trainer.makeTrainerApi(Module));
  }
  return api;
}
