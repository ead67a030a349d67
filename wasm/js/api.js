// The engine's JS API (the contract in the team brief): plain arrays in, plain
// arrays out. Every number is computed by the C++ engine; this file only checks
// shapes, converts to typed memory and back, and turns C++ errors into Errors.
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
  if (head === null || typeof head !== 'object') throw new Error(`${prefix}weights must be an object { Wq, Wk, Wv }`);
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

function layerNormParams(X, params = {}) {
  return [
    toMatrix(X, 'X'),
    {
      gamma: toOptionalVector(params.gamma, 'gamma'),
      beta: toOptionalVector(params.beta, 'beta'),
      eps: toNumber(params.eps, 'eps', 1e-5),
    },
  ];
}

function feedForwardParams(X, params = {}) {
  return [
    toMatrix(X, 'X'),
    {
      W1: toMatrix(params.W1, 'W1'),
      b1: toOptionalVector(params.b1, 'b1'),
      W2: toMatrix(params.W2, 'W2'),
      b2: toOptionalVector(params.b2, 'b2'),
    },
  ];
}

/** Builds the API object around an instantiated Emscripten module. */
export function makeAttentionApi(Module) {
  const softmaxTrace = (x, temperature = 1) => {
    const t = unwrap(Module.softmaxTrace(toVector(x, 'x'), toNumber(temperature, 'temperature', 1)));
    return {
      scaled: fromVector(t.scaled),
      max: t.max,
      shifted: fromVector(t.shifted),
      exps: fromVector(t.exps),
      sum: t.sum,
      weights: fromVector(t.weights),
    };
  };
  const layerNormTrace = (X, params) => {
    const t = unwrap(Module.layerNormTrace(...layerNormParams(X, params)));
    return {
      mean: fromVector(t.mean),
      variance: fromVector(t.variance),
      normalized: fromMatrix(t.normalized),
      output: fromMatrix(t.output),
    };
  };
  const feedForwardTrace = (X, params) => {
    const t = unwrap(Module.feedForwardTrace(...feedForwardParams(X, params)));
    return { hidden: fromMatrix(t.hidden), activated: fromMatrix(t.activated), output: fromMatrix(t.output) };
  };

  const api = {
    dot: (a, b) => unwrap(Module.dot(toVector(a, 'a'), toVector(b, 'b'))),

    similarity(a, b) {
      const s = unwrap(Module.similarity(toVector(a, 'a'), toVector(b, 'b')));
      return { ...s, terms: fromVector(s.terms) };
    },

    softmax: (x, temperature = 1) => softmaxTrace(x, temperature).weights,
    softmaxTrace,

    linear: (X, W, b) =>
      fromMatrix(unwrap(Module.linear(toMatrix(X, 'X'), toMatrix(W, 'W'), toOptionalVector(b, 'b')))),

    selfAttention(spec) {
      if (spec === null || typeof spec !== 'object') throw new Error('selfAttention needs an object { X, Wq, Wk, Wv, ... }');
      const t = unwrap(
        Module.selfAttention({ X: toMatrix(spec.X, 'X'), ...headWeights(spec), ...attentionOptions(spec) }),
      );
      return attentionTrace(t);
    },

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
          heads: spec.heads.map((h, i) => headWeights(h, `head ${i + 1}: `)),
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

    layerNorm: (X, params) => layerNormTrace(X, params).output,
    layerNormTrace,

    positionalEncoding: (n, d) =>
      fromMatrix(unwrap(Module.positionalEncoding(toInteger(n, 'n'), toInteger(d, 'd')))),

    feedForward: (X, params) => feedForwardTrace(X, params).output,
    feedForwardTrace,

    /** Memory probes for leak tests and benchmarks (not part of the lessons). */
    heapStats: () => ({
      heapBytes: Module.HEAP8.length,
      allocatedBytes: Module.allocatedBytes(),
      jsHandles: Module.count_emval_handles(),
    }),
  };

  if (typeof trainer.makeTrainerApi === 'function') Object.assign(api, trainer.makeTrainerApi(Module));
  return api;
}
