// The translator's JS API: attn.createTranslator(options) -> translator, an encoder-decoder
// transformer learning English -> Hindi. All the work happens in C++ (wasm/src/translate); this
// file checks option types, reshapes typed memory into arrays and turns C++ errors into Errors.
// Documented in README.md, section "Translator API".
import { fromVector, toInteger, toNumber, unwrap } from './convert.js';
import { toText } from './trainer.js';

const OPTIONS = ['seed', 'layers', 'heads', 'width', 'lr', 'optimizer', 'batch'];

// Only the options given are passed on; C++ holds the defaults (one place).
function checkOptions(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error('createTranslator options must be an object, e.g. { heads: 2, lr: 0.003 }');
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) {
      throw new Error(`unknown translator option "${key.slice(0, 24)}"; known: ${OPTIONS.join(', ')}`);
    }
  }
  const integer = (key) => (options[key] === undefined ? undefined : toInteger(options[key], key));
  const spec = {
    seed: options.seed === undefined ? undefined : toNumber(options.seed, 'seed'),
    layers: integer('layers'),
    heads: integer('heads'),
    width: integer('width'),
    lr: toNumber(options.lr, 'lr'),
    optimizer: options.optimizer === undefined ? undefined : toText(options.optimizer, 'optimizer'),
    batch: integer('batch'),
  };
  for (const key of OPTIONS) if (spec[key] === undefined) delete spec[key];
  return spec;
}

// Float64Array of layers x heads x rows x cols -> weights[layer][head][i][j]
function reshape(data, layers, heads, rows, cols) {
  return Array.from({ length: layers }, (_, l) =>
    Array.from({ length: heads }, (_, h) =>
      Array.from({ length: rows }, (_, i) => fromVector(data, ((l * heads + h) * rows + i) * cols, cols)),
    ),
  );
}

/** Builds { createTranslator } around an instantiated Emscripten module (api.js attaches it). */
export function makeTranslatorApi(Module) {
  // step()'s figures (step, loss, accuracy): a view of where the bindings leave them in the heap.
  let figures = Module.translatorStepFigures();
  // A translator the caller forgot to dispose() is freed once it has been garbage-collected (a
  // safety net only; dispose() stays the way to free one).
  const forgotten = new FinalizationRegistry((id) => Module.translatorDispose(id));

  function createTranslator(options = {}) {
    const id = unwrap(Module.translatorCreate(checkOptions(options)));
    let disposed = false;
    const live = () => {
      if (disposed) throw new Error('this translator was disposed');
      return id;
    };
    const translator = {
      /** The effective options, defaults filled in. */
      config: () => unwrap(Module.translatorConfig(live())),
      /** n training steps (1..100000); a call that diverges throws and is taken back whole. */
      step(n = 1) {
        const count = toInteger(n, 'step count');
        if (Module.translatorStep(live(), count) !== 0) throw new Error(Module.translatorStepError());
        if (figures.length === 0) figures = Module.translatorStepFigures(); // the heap grew: detached
        return { step: figures[0], loss: figures[1], accuracy: figures[2] };
      },
      /** { step, trainLoss, heldOutLoss, exactMatch, tokenAccuracy, heldOutSize } */
      evaluate: () => unwrap(Module.translatorEvaluate(live())),
      /**
       * Where the last decoder layer's cross-attention looks, averaged over the held-out sample
       * (the reference as the decoder's input), per head: { nounOnNoun, verbOnVerb,
       * verbOnSubject, adjectiveOnNoun }, each number[heads].
       */
      attentionReport() {
        const r = unwrap(Module.translatorCrossReport(live()));
        return Object.fromEntries(Object.entries(r).map(([key, v]) => [key, fromVector(v)]));
      },
      /** The greedy translation of an English sentence, with every attention map. */
      translate(sentence) {
        const t = unwrap(Module.translatorTranslate(live(), toText(sentence, 'sentence')));
        const rows = t.output.length;
        const { layers, heads } = t;
        return {
          source: t.source,
          output: t.output,
          romanized: t.romanized,
          reference: t.reference,
          alignment: Array.from(t.alignment),
          decoderInput: t.decoderInput,
          confidence: fromVector(t.confidence),
          cross: reshape(t.cross, layers, heads, rows, t.source.length),
          encoderSelf: reshape(t.encoderSelf, layers, heads, t.source.length, t.source.length),
          decoderSelf: reshape(t.decoderSelf, layers, heads, rows, rows),
        };
      },
      /** { english: [...], hindi: [{ word, roman }] }: the words the model reads and writes. */
      vocabulary: () => unwrap(Module.translatorVocabulary(live())),
      /** k (1..64) training sentences with their Hindi: [{ english, hindi, romanized }]. */
      examples: (k = 5) => unwrap(Module.translatorExamples(live(), toInteger(k, 'example count'))),
      /** Starts over: new parameters and sentence stream from seed (default: the current seed). */
      reset(seed) {
        unwrap(Module.translatorReset(live(), seed === undefined ? undefined : toNumber(seed, 'seed')));
      },
      setLearningRate(lr) {
        unwrap(Module.translatorSetLearningRate(live(), toNumber(lr, 'learning rate')));
      },
      /** Frees the translator's memory; any later call throws. */
      dispose() {
        if (disposed) return;
        disposed = true;
        forgotten.unregister(translator);
        unwrap(Module.translatorDispose(id));
      },
    };
    forgotten.register(translator, id, translator);
    return translator;
  }
  return { createTranslator };
}
