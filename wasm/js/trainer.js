// The training demo's JS API: attn.createTrainer(options) -> trainer.
// All training happens in C++ (wasm/src/train); this file checks option
// types, reshapes typed memory into arrays and turns C++ errors into Errors.
// Documented in README.md, section "Training API".
import { describe, toBoolean, toInteger, toNumber, unwrap } from './convert.js';

const OPTIONS = ['task', 'seed', 'heads', 'width', 'lr', 'optimizer', 'layerNorm', 'batch', 'momentum', 'clip'];

function toText(value, name) {
  if (typeof value !== 'string') throw new Error(`${name} must be text, got ${describe(value)}`);
  return value;
}

function toOptionalText(value, name) {
  return value === undefined ? undefined : toText(value, name);
}

// Only the options given are passed on; C++ holds the defaults (one place).
function checkOptions(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error('createTrainer options must be an object, e.g. { heads: 1, lr: 0.01 }');
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) {
      throw new Error(`unknown trainer option "${key.slice(0, 24)}"; known: ${OPTIONS.join(', ')}`);
    }
  }
  const spec = {
    task: toOptionalText(options.task, 'task'),
    seed: options.seed === undefined ? undefined : toNumber(options.seed, 'seed'),
    heads: options.heads === undefined ? undefined : toInteger(options.heads, 'heads'),
    width: options.width === undefined ? undefined : toInteger(options.width, 'width'),
    lr: toNumber(options.lr, 'lr'),
    optimizer: toOptionalText(options.optimizer, 'optimizer'),
    layerNorm: toBoolean(options.layerNorm, 'layerNorm'),
    batch: options.batch === undefined ? undefined : toInteger(options.batch, 'batch'),
    momentum: toNumber(options.momentum, 'momentum'),
    clip: toNumber(options.clip, 'clip'),
  };
  for (const key of OPTIONS) if (spec[key] === undefined) delete spec[key];
  return spec;
}

// Float64Array of heads x n x n -> weights[head][i][j]
function reshapeWeights({ tokens, heads, data }) {
  const n = tokens.length;
  const weights = [];
  for (let h = 0; h < heads; h++) {
    const rows = [];
    for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray((h * n + i) * n, (h * n + i + 1) * n)));
    weights.push(rows);
  }
  return weights;
}

/** Builds { createTrainer } around an instantiated Emscripten module (api.js attaches it). */
export function makeTrainerApi(Module) {
  function createTrainer(options = {}) {
    const id = unwrap(Module.trainerCreate(checkOptions(options)));
    let disposed = false;
    // Every call goes through here, so a disposed trainer fails clearly in JS.
    const call = (fn, ...args) => {
      if (disposed) throw new Error('this trainer was disposed');
      return unwrap(Module[fn](id, ...args));
    };
    return {
      /** The effective options, defaults filled in. */
      options: () => call('trainerOptions'),
      /** n training steps (1..100000); figures are averaged over those n steps' batches. */
      step: (n = 1) => call('trainerStep', toInteger(n, 'step count')),
      /** { loss, accuracy, attention, headAttention } on the held-out sentences. */
      evaluate() {
        const e = call('trainerEvaluate');
        return { ...e, headAttention: Array.from(e.headAttention) };
      },
      /** { tokens, weights } with weights[head][i][j]: how much word i attends to word j. */
      attention(sentence) {
        const m = call('trainerAttention', toText(sentence, 'sentence'));
        return { tokens: m.tokens, weights: reshapeWeights(m) };
      },
      /** { tokens, position, word, candidates, probabilities } at the question word. */
      predict(sentence) {
        const p = call('trainerPredict', toText(sentence, 'sentence'));
        return { ...p, probabilities: Array.from(p.probabilities) };
      },
      /** Starts over: new parameters and sentence stream from seed (default: the current seed). */
      reset(seed) {
        call('trainerReset', seed === undefined ? undefined : toNumber(seed, 'seed'));
      },
      setLearningRate(lr) {
        call('trainerSetLearningRate', toNumber(lr, 'learning rate'));
      },
      /** The words the task knows (anything else is an "unknown word"). */
      vocabulary: () => call('trainerVocabulary'),
      /** k (1..64) held-out sentences, for examples in the page. */
      sample: (k = 5) => call('trainerSample', toInteger(k, 'sample size')),
      /** Frees the trainer's memory; any later call throws. */
      dispose() {
        if (!disposed) call('trainerDispose');
        disposed = true;
      },
    };
  }
  return { createTrainer };
}
