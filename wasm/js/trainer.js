// The training demo's JS API: attn.createTrainer(options) -> trainer.
// All training happens in C++ (wasm/src/train); this file checks option
// types, reshapes typed memory into arrays and turns C++ errors into Errors.
// Documented in README.md, section "Training API".
import { describe, fromVector, toBoolean, toInteger, toNumber, unwrap } from './convert.js';

const OPTIONS = [
  'task',
  'seed',
  'layers',
  'heads',
  'width',
  'lr',
  'optimizer',
  'layerNorm',
  'batch',
  'momentum',
  'clip',
];

// Text crosses into C++ as UTF-8, and Emscripten's encoder pairs a lone UTF-16 surrogate with
// whatever follows it ("cars\uD800 are" lost its space). A lone surrogate is no character, so
// it becomes U+FFFD, as TextEncoder would make it; a well-formed pair is one code point under
// the u flag and stays.
const LONE_SURROGATE = /\p{Surrogate}/gu;

export function toText(value, name) {
  if (typeof value !== 'string') throw new Error(`${name} must be text, got ${describe(value)}`);
  return value.replace(LONE_SURROGATE, '\uFFFD');
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
    layers: options.layers === undefined ? undefined : toInteger(options.layers, 'layers'),
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

// Float64Array of layers x heads x n x n -> weights[layer][head][i][j]
function reshapeWeights({ tokens, layers, heads, data }) {
  const n = tokens.length;
  return Array.from({ length: layers }, (_, l) =>
    Array.from({ length: heads }, (_, h) =>
      Array.from({ length: n }, (_, i) => fromVector(data, ((l * heads + h) * n + i) * n, n)),
    ),
  );
}

/** Builds { createTrainer } around an instantiated Emscripten module (api.js attaches it). */
export function makeTrainerApi(Module) {
  // step()'s figures (step, loss, accuracy): a view of where the bindings leave them in the heap.
  let figures = Module.trainerStepFigures();
  // A trainer the caller forgot to dispose() is freed once it has been garbage-collected. A
  // safety net only: collection may come late or never, so dispose() stays the way to free one.
  const forgotten = new FinalizationRegistry((id) => Module.trainerDispose(id));

  function createTrainer(options = {}) {
    const id = unwrap(Module.trainerCreate(checkOptions(options)));
    let disposed = false;
    // Every call goes through here, so a disposed trainer fails clearly in JS.
    const live = () => {
      if (disposed) throw new Error('this trainer was disposed');
      return id;
    };
    const trainer = {
      /** The effective options, defaults filled in. */
      options: () => unwrap(Module.trainerOptions(live())),
      /**
       * n training steps (1..100000); figures are averaged over those n steps' batches. A call
       * that diverges throws and is taken back whole (the trainer is where the call began).
       */
      step(n = 1) {
        const count = toInteger(n, 'step count');
        if (Module.trainerStep(live(), count) !== 0) throw new Error(Module.trainerStepError());
        if (figures.length === 0) figures = Module.trainerStepFigures(); // the heap grew: detached
        return { step: figures[0], loss: figures[1], accuracy: figures[2] };
      },
      /**
       * { loss, accuracy, attention, headAttention, layerAttention } on the held-out sentences:
       * attention on the right word, layerAttention[layer][head], headAttention and attention
       * (its mean over heads) for the last layer.
       */
      evaluate() {
        const e = unwrap(Module.trainerEvaluate(live()));
        const layerAttention = e.layerAttention.map((heads) => fromVector(heads));
        return {
          loss: e.loss,
          accuracy: e.accuracy,
          attention: e.attention,
          headAttention: layerAttention[layerAttention.length - 1],
          layerAttention,
        };
      },
      /**
       * { tokens, weights, layers }: layers[layer][head][i][j] is how much word i attends to word
       * j; weights = the last layer's, weights[head][i][j].
       */
      attention(sentence) {
        const m = unwrap(Module.trainerAttention(live(), toText(sentence, 'sentence')));
        const layers = reshapeWeights(m);
        return { tokens: m.tokens, weights: layers[layers.length - 1], layers };
      },
      /** { tokens, position, word, candidates, probabilities } at the question word. */
      predict(sentence) {
        const p = unwrap(Module.trainerPredict(live(), toText(sentence, 'sentence')));
        return { ...p, probabilities: fromVector(p.probabilities) };
      },
      /** Starts over: new parameters and sentence stream from seed (default: the current seed). */
      reset(seed) {
        unwrap(Module.trainerReset(live(), seed === undefined ? undefined : toNumber(seed, 'seed')));
      },
      setLearningRate(lr) {
        unwrap(Module.trainerSetLearningRate(live(), toNumber(lr, 'learning rate')));
      },
      /** The words the task knows (anything else is an "unknown word"). */
      vocabulary: () => unwrap(Module.trainerVocabulary(live())),
      /** k (1..64) held-out sentences, for examples in the page. */
      sample: (k = 5) => unwrap(Module.trainerSample(live(), toInteger(k, 'sample size'))),
      /** Frees the trainer's memory; any later call throws. */
      dispose() {
        if (disposed) return;
        disposed = true;
        forgotten.unregister(trainer);
        unwrap(Module.trainerDispose(id));
      },
    };
    forgotten.register(trainer, id, trainer);
    return trainer;
  }
  return { createTrainer };
}
