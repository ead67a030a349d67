// The trainable models' JS API: attn.createTrainer(options), attn.createTranslator(options) and
// any model declared after them. None is written out here: each is declared once in C++
// (attn/declare/model.hpp; the list is wasm/bindings/models.hpp) with its options and methods,
// and the module hands the declarations over at load. From them this file builds create<Name>(),
// its option checks and every method, so a new model or option needs no JS. All the work
// happens in C++; this file checks argument types, reshapes typed memory into arrays and turns
// C++ errors into Errors. Documented in docs/api.md ("Models").
import { describe, fromVector, grouped, toBoolean, toInteger, toNumber, unwrap } from './convert.js';

// Text crosses into C++ as UTF-8, and Emscripten's encoder pairs a lone UTF-16 surrogate with
// whatever follows it ("cars\uD800 are" lost its space). A lone surrogate is no character, so
// it becomes U+FFFD, as TextEncoder would make it; a well-formed pair is one code point under
// the u flag and stays.
const LONE_SURROGATE = /\p{Surrogate}/gu;

/** The message for text longer than its declared maxLength (C++ says the same, declare/model.cpp). */
const tooLong = (name, length, maxLength) =>
  `${name} has ${grouped(length)} characters, more than ${grouped(maxLength)}`;

// maxLength is checked first: text is copied into wasm memory as it crosses (a 50-million
// character sentence took 7.6 s and left wasm memory at 107 MB), so text too long to be read is
// refused before anything is copied, or even scanned.
export function toText(value, name, maxLength = Infinity) {
  if (typeof value !== 'string') throw new Error(`${name} must be text, got ${describe(value)}`);
  if (value.length > maxLength) throw new Error(tooLong(name, value.length, maxLength));
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

// Only the JS type is checked here; C++ checks ranges and choices against the same declaration,
// so its messages are the ones the learner reads.
const CONVERT = {
  integer: toInteger,
  number: toNumber,
  seed: toNumber,
  boolean: toBoolean,
  choice: toText,
};

// A choice longer than every declared choice can only be refused, and C++'s message quotes no
// more than its first 24 bytes: so no more than that crosses (wasm/src/declare/option.cpp).
const choiceText = (option) => {
  const most = Math.max(25, ...option.choices.map((c) => c.length + 1));
  return (value, name) => toText(typeof value === 'string' ? value.slice(0, most) : value, name);
};

// "{ layers: 1, heads: 1 }": the declared defaults of the first two numeric options.
function example(model) {
  const shown = model.options.filter((o) => o.kind === 'integer' || o.kind === 'number').slice(0, 2);
  return `{ ${shown.map((o) => `${o.key}: ${o.default}`).join(', ')} }`;
}

// Only the options given are passed on; C++ holds the defaults (one place).
function checkOptions(model, options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`create${model.name} options must be an object, e.g. ${example(model)}`);
  }
  const byKey = new Map(model.options.map((o) => [o.key, o]));
  const spec = {};
  for (const key of Object.keys(options)) {
    const option = byKey.get(key);
    if (option === undefined) {
      throw new Error(
        `unknown ${model.name.toLowerCase()} option "${key.slice(0, 24)}"; known: ${[...byKey.keys()].join(', ')}`,
      );
    }
    const convert = option.kind === 'choice' ? choiceText(option) : CONVERT[option.kind];
    if (options[key] !== undefined) spec[key] = convert(options[key], key);
  }
  return spec;
}

// A tensor { dims, data } -> nested arrays: t[i][j]... over dims.
function reshape({ dims, data }) {
  let offset = 0;
  const build = (axis) => {
    const n = dims[axis];
    if (axis === dims.length - 1) {
      const row = fromVector(data, offset, n);
      offset += n;
      return row;
    }
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = build(axis + 1);
    return out;
  };
  return dims.length === 0 ? [] : build(0);
}

/** A function (raw result) -> the JS value the declared field describes. */
function decoder(field) {
  switch (field.kind) {
    case 'numbers':
      return (v) => fromVector(v);
    case 'tensor':
      return reshape;
    case 'record': {
      const parts = field.fields.map((f) => [f.key, decoder(f)]);
      return (v) => {
        const out = {};
        for (const [key, decode] of parts) out[key] = decode(v[key]);
        return out;
      };
    }
    case 'records': {
      const one = decoder({ kind: 'record', fields: field.fields });
      return (v) => v.map(one);
    }
    default:
      return (v) => v; // number, boolean, text, texts: already plain JS
  }
}

// An integer parameter may range past a C++ int (a seed, up to 2^53): any whole number crosses,
// and C++ checks it against the declared range.
const CONVERT_PARAM = {
  integer: (v, name) => (Number.isInteger(v) ? v : toInteger(v, name)),
  number: toNumber,
  boolean: toBoolean,
};

/** A function (argument) -> what crosses to C++ for the declared parameter. */
function argument(param) {
  switch (param.kind) {
    case 'text':
      return (v) => toText(v, param.name, param.maxLength);
    case 'tokens':
      // Text of space-separated tokens, or an array of tokens, its length checked before a
      // single entry is read (a 10,000-entry array is refused here, not copied into wasm), and
      // the entries' characters together held to maxLength, as the text's are.
      return (v) => {
        if (!Array.isArray(v)) {
          if (typeof v !== 'string') {
            throw new Error(`${param.name} must be text or an array of tokens, got ${describe(v)}`);
          }
          return toText(v, param.name, param.maxLength);
        }
        if (v.length > param.max) {
          throw new Error(`${param.name} has ${v.length} tokens, more than ${param.max}`);
        }
        const tokens = Array.from({ length: v.length }, (_, i) => v[i]); // each entry read once
        let total = 0;
        tokens.forEach((t, i) => {
          if (typeof t !== 'string') throw new Error(`${param.name}[${i}] must be text, got ${describe(t)}`);
          total += t.length;
        });
        if (total > param.maxLength) throw new Error(tooLong(param.name, total, param.maxLength));
        return tokens.map((t, i) => toText(t, `${param.name}[${i}]`));
      };
    case 'record': {
      const fields = new Map(param.fields.map((f) => [f.name, f]));
      return (v = {}) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) {
          throw new Error(`${param.name} must be an object, got ${describe(v)}`);
        }
        for (const key of Object.keys(v)) {
          if (!fields.has(key)) {
            throw new Error(`unknown ${param.name} key "${key.slice(0, 24)}"; known: ${[...fields.keys()].join(', ')}`);
          }
        }
        const out = {};
        for (const f of param.fields)
          out[f.name] = v[f.name] === undefined ? f.fallback : CONVERT_PARAM[f.kind](v[f.name], f.name);
        return out;
      };
    }
    default:
      // integer, number, boolean: the declared fallback when left out.
      return (v = param.fallback) => CONVERT_PARAM[param.kind](v, param.name);
  }
}

/** Builds create<Name>() for every declared model around an instantiated Emscripten module. */
export function makeModelApi(Module) {
  const models = JSON.parse(Module.modelDeclarations());
  // step()'s figures (step, loss, accuracy): a view of where the bindings leave them in the heap.
  let figures = Module.modelStepFigures();
  // A model the caller forgot to dispose() is freed once it has been garbage-collected. A safety
  // net only: collection may come late or never, so dispose() stays the way to free one.
  const forgotten = new FinalizationRegistry((id) => Module.modelDispose(id));

  function create(index, model, options) {
    const what = model.name.toLowerCase();
    const id = unwrap(Module.modelCreate(index, checkOptions(model, options)));
    let disposed = false;
    // Every call goes through here, so a disposed model fails clearly in JS.
    const live = () => {
      if (disposed) throw new Error(`this ${what} was disposed`);
      return id;
    };
    const session = {
      /** The effective options, defaults filled in. */
      options: () => unwrap(Module.modelOptions(live())),
      /**
       * n training steps (1..100000); figures are averaged over those n steps' batches. A call
       * that diverges throws and is taken back whole (the model is where the call began).
       */
      step(n = 1) {
        const count = toInteger(n, 'step count');
        if (Module.modelStep(live(), count) !== 0) throw new Error(Module.modelStepError());
        if (figures.length === 0) figures = Module.modelStepFigures(); // the heap grew: detached
        return { step: figures[0], loss: figures[1], accuracy: figures[2] };
      },
      /** Starts over: new parameters and data stream from seed (default: the current seed). */
      reset(seed) {
        unwrap(Module.modelReset(live(), seed === undefined ? undefined : toNumber(seed, 'seed')));
      },
      setLearningRate(lr) {
        unwrap(Module.modelSetLearningRate(live(), toNumber(lr, 'learning rate')));
      },
      /** Frees the model's memory; any later call throws. */
      dispose() {
        if (disposed) return;
        disposed = true;
        forgotten.unregister(session);
        unwrap(Module.modelDispose(id));
      },
    };
    model.methods.forEach((method, m) => {
      const args = method.params.map(argument);
      const decode = decoder(method.result);
      session[method.name] = (...values) => {
        const given = args.map((arg, i) => arg(values[i]));
        return decode(unwrap(Module.modelCall(live(), m, given)));
      };
    });
    forgotten.register(session, id, session);
    return session;
  }

  /** { liveModels, liveModelBytes }: how many models may be live at once, holding how much. */
  const modelLimits = JSON.parse(Module.modelLimits());
  const api = {
    models,
    modelLimits,
    /**
     * For tests of the take-back (the page never calls it): the next step(n) call, of any model,
     * that reaches step `step` finds its loss not finite there, once, as a far too high learning
     * rate would make it, and is taken back whole. No model diverges within its declared options.
     */
    forceDivergence(step) {
      unwrap(Module.modelForceDivergence(toNumber(step, 'the step to diverge at')));
    },
  };
  models.forEach((model, index) => {
    api[`create${model.name}`] = (options = {}) => create(index, model, options);
  });
  return api;
}
