// Random and hostile calls through the whole JS API, from a fixed seed so a failure replays.
// The engine's functions are called from their declarations (attn.functions, made by
// tests/node/declared-calls.mjs), so every declared function is fuzzed, a new one included:
// well-formed calls of random shapes, which must succeed; the same with one part broken (another
// kind of value, NaN, an infinity, a size over its limit, a sparse array, a wrong nested shape,
// extreme magnitudes); methods called with plain garbage (Symbols, BigInts, typed arrays,
// array-likes, nested junk, huge lengths). The models are driven from their declarations too
// (attn.models): sessions with random options and every declared method called (modelSession). Every call must return a valid result (finite numbers, rows of weights summing to
// 1) or throw an Error with a message of its own (not a TypeError from reading a hole, not a
// wasm trap); the module must keep answering as before; the wasm heap and malloc's bytes in use
// must end where they started.
//
// ATTN_FUZZ_SEED and ATTN_FUZZ_CALLS replay another seed or run longer (npm run fuzz runs
// 120,000 calls); a failure prints the seed and the call number.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadAttention } from '../../wasm/js/node.js';
import { checkResult, hostile, wellFormed } from './declared-calls.mjs';
import { mismatch } from './model-results.mjs';

const SEED = Number(process.env.ATTN_FUZZ_SEED ?? 20261201);
const CALLS = Number(process.env.ATTN_FUZZ_CALLS ?? 6000);
// Row sums of softmax weights are 1 to rounding; 1e-12 leaves room for a few thousand terms.
const SUM_TOLERANCE = 1e-12;

let attn;
before(async () => {
  attn = await loadAttention();
});

// ------------------------------------------------------------------ random source

/** mulberry32: a small, well-known 32-bit generator; the same seed gives the same calls. */
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (list) => list[int(0, list.length - 1)],
  };
}

const SPECIAL_NUMBERS = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e-200,
  1e200,
  2 ** 53,
  -(2 ** 31),
  2 ** 31,
];

function generators(rng) {
  const moderate = () => Math.round((rng.next() * 20 - 10) * 100) / 100;

  // A value of any kind, nested up to `depth` levels.
  const garbage = (depth = 2) => {
    const kinds = [
      () => undefined,
      () => null,
      () => rng.chance(0.5),
      () => rng.pick(SPECIAL_NUMBERS),
      () => rng.int(-5, 5),
      () => rng.pick(['', 'abc', '3', 'NaN', '\u0000', '\ud800', 'x'.repeat(100_000)]),
      () => BigInt(rng.int(-3, 3)),
      () => Symbol('fuzz'),
      () => ({}),
      () => Object.create(null),
      () => [],
      () => new Array(rng.int(1, 5)), // holes only
      () => ({ length: rng.pick([3, 1e9, -1, NaN]) }), // array-like, not an array
      () => new Float64Array(rng.int(0, 4)),
      () => new Int8Array([1, 2]),
      () => new DataView(new ArrayBuffer(8)),
      () => new Map([[0, 1]]),
      () => new Date(0),
      () => () => 1,
      () => [1, [2, 3]],
      () => [[1, 2], [3]],
      () => (depth > 0 ? Array.from({ length: rng.int(0, 3) }, () => garbage(depth - 1)) : []),
      () => (depth > 0 ? { Wq: garbage(depth - 1), X: garbage(depth - 1), heads: garbage(depth - 1) } : {}),
    ];
    return rng.pick(kinds)();
  };

  // The same value with one part broken: an entry, a row, a length, a hole.
  const mutate = (value) => {
    if (!Array.isArray(value) || value.length === 0) return garbage();
    const out = value.map((row) => (Array.isArray(row) ? [...row] : row));
    const i = rng.int(0, out.length - 1);
    switch (rng.int(0, 6)) {
      case 0:
        out[i] = garbage();
        break;
      case 1:
        if (Array.isArray(out[i]) && out[i].length > 0) out[i][rng.int(0, out[i].length - 1)] = garbage(0);
        else out[i] = rng.pick(SPECIAL_NUMBERS);
        break;
      case 2:
        if (Array.isArray(out[i])) out[i].push(moderate());
        else out.push(moderate());
        break;
      case 3:
        delete out[i]; // a hole
        break;
      case 4:
        out.length += rng.int(1, 3); // holes at the end
        break;
      case 5:
        return Array.isArray(out[i]) ? out[i] : [out]; // a vector for a matrix or the reverse
      default:
        if (Array.isArray(out[i])) out[i] = new Float64Array(out[i]);
        else out[i] = rng.pick(SPECIAL_NUMBERS);
    }
    return out;
  };

  // In a clean call every argument is what it should be; otherwise each argument is mostly
  // right, sometimes broken, sometimes anything at all.
  let clean = false;
  const startCall = () => {
    clean = rng.chance(0.4);
  };
  const arg = (valid) => {
    const r = rng.next();
    if (clean || r < 0.6) return valid;
    if (r < 0.9) return mutate(valid);
    return garbage();
  };
  // An options field: left out, valid, or anything.
  const field = (valid) => (rng.chance(0.3) ? undefined : arg(valid));

  return { garbage, mutate, startCall, arg, field };
}

// ------------------------------------------------------------------ what a result must be

function assertFinite(value, where, allowMinusInfinity = false) {
  if (typeof value === 'number') {
    assert.ok(
      Number.isFinite(value) || (allowMinusInfinity && value === -Infinity),
      `${where} is ${value}, not a finite number`,
    );
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertFinite(v, `${where}[${i}]`, allowMinusInfinity));
  } else {
    assert.fail(`${where} is ${typeof value}, expected numbers`);
  }
}

// partial: softmax plus one's weights, whose rows may sum to less than 1.
function assertDistributions(rows, where, partial = false) {
  assert.ok(Array.isArray(rows) && rows.length > 0, `${where} is not a non-empty matrix`);
  rows.forEach((row, i) => {
    assertFinite(row, `${where}[${i}]`);
    assert.ok(
      row.every((w) => w >= 0 && w <= 1),
      `${where}[${i}] has a weight outside [0, 1]`,
    );
    const sum = row.reduce((s, w) => s + w, 0);
    const ok = partial ? sum <= 1 + SUM_TOLERANCE : Math.abs(sum - 1) <= SUM_TOLERANCE;
    assert.ok(ok, `${where}[${i}] sums to ${sum}`);
  });
}

// An Error the API meant to throw: it explains itself, and is neither JavaScript failing on
// an input nobody checked (reading a hole, calling a non-function) nor a wasm trap.
const UNCHECKED =
  /Cannot read propert|Cannot convert|is not a function|is not iterable|is not a constructor|Invalid (typed )?array length|Array buffer allocation failed|Maximum call stack|out of memory|unreachable|Aborted|RuntimeError/i;

function assertApiError(error, call) {
  assert.ok(error instanceof Error, `${call} threw ${typeof error} ${String(error)}, not an Error`);
  assert.ok(!(error instanceof WebAssembly.RuntimeError), `${call}: a wasm trap: ${error.message}`);
  assert.ok(typeof error.message === 'string' && error.message.length > 0, `${call} threw an Error without a message`);
  assert.ok(!UNCHECKED.test(error.message), `${call}: an unchecked JavaScript error: ${error.name}: ${error.message}`);
}

// ------------------------------------------------------------------ the calls

// Properties of particular functions, beyond what their declared result types say (checked for
// every function by checkResult). A function without an entry here is still fuzzed.
const PROPERTIES = {
  similarity(s, [a, b]) {
    if (s.cosine === null) {
      assert.equal(s.angleDegrees, null);
      return;
    }
    assert.ok(s.cosine >= -1 && s.cosine <= 1, `cosine ${s.cosine}`);
    assert.ok(s.angleDegrees >= 0 && s.angleDegrees <= 180, `angle ${s.angleDegrees}`);
    // The same cosine computed here from vectors scaled to a largest entry of 1.
    // Array.from: a typed array is a vector too, but its map() would round into its type.
    const unit = (v) => Array.from(v, (x) => x / Math.max(...Array.from(v, Math.abs)));
    const [ua, ub] = [unit(a), unit(b)];
    const dot = ua.reduce((sum, x, i) => sum + x * ub[i], 0);
    const reference = dot / Math.hypot(...ua) / Math.hypot(...ub);
    assert.ok(
      Math.abs(s.cosine - reference) <= 1e-12,
      `cosine ${s.cosine}, expected ${reference} for ${JSON.stringify([a, b])}`,
    );
  },
  positionalEncoding(pe) {
    assert.ok(pe.every((row) => row.every((v) => Math.abs(v) <= 1)));
  },
  selfAttention(t, [spec]) {
    assert.equal(t.weights.length, spec.X.length, 'one row of weights per token');
    assertWeightSums(t.weights, spec.softmax, 'weights');
  },
  multiHeadAttention(t, [spec]) {
    t.heads.forEach((h, i) => {
      assert.equal(h.weights.length, spec.X.length, `heads[${i}]: one row per token`);
      assertWeightSums(h.weights, spec.softmax, `heads[${i}].weights`);
    });
  },
  // The tiled path gives selfAttention's context (1e-12 of its largest entry, as the Catch2 test
  // holds it), and its trace only when asked.
  attentionTiled(t, [spec]) {
    let plain;
    try {
      plain = attn.selfAttention(spec).context;
    } catch (error) {
      // Only selfAttention adds X to the context (its output), which may overflow where the
      // context alone does not.
      if (/^X \+ the context overflowed/.test(error.message)) return;
      throw error;
    }
    const largest = Math.max(...plain.flat().map(Math.abs));
    t.context.forEach((row, i) =>
      row.forEach((v, j) =>
        assert.ok(
          Math.abs(v - plain[i][j]) <= 1e-12 * largest,
          `context[${i}][${j}] ${v}, selfAttention ${plain[i][j]}`,
        ),
      ),
    );
    assert.equal(t.tiles.length > 0, spec.trace === true, 'tiles only with trace');
  },
  // A turn keeps each pair's length, so each row's.
  rope(turned, [X]) {
    turned.forEach((row, i) => {
      const [a, b] = [Math.hypot(...row), Math.hypot(...Array.from(X[i]))];
      assert.ok(Math.abs(a - b) <= 1e-12 * b, `row ${i}: length ${b} became ${a}`);
    });
  },
};

// Rows of attention weights sum to 1, or (softmax 'plusOne') to at most 1.
function assertWeightSums(weights, softmax, where) {
  weights.forEach((row, i) => {
    const sum = row.reduce((s, w) => s + w, 0);
    if (softmax === 'plusOne') assert.ok(sum <= 1 + SUM_TOLERANCE, `${where}[${i}] sums to ${sum}, over 1`);
    else assert.ok(Math.abs(sum - 1) <= SUM_TOLERANCE, `${where}[${i}] sums to ${sum}`);
  });
}

/**
 * One random call of a declared engine function ({ name, run, check(result), valid }): well
 * formed (valid: the engine must accept it) or hostile (tests/node/declared-calls.mjs), or a
 * method of the API called with garbage.
 */
function engineCall(rng, g) {
  if (rng.chance(1 / 14)) {
    // A method called with garbage, or detached from the API object.
    const name = rng.pick(
      // Not the factories: an object made from garbage options and never disposed stays.
      Object.keys(attn).filter((k) => typeof attn[k] === 'function' && !k.startsWith('create') && k !== 'heapStats'),
    );
    const args = Array.from({ length: rng.int(0, 4) }, () => g.garbage());
    const method = attn[name];
    return { name: `${name}(garbage)`, run: () => method(...args), check: () => {} };
  }
  const declaration = rng.pick(attn.functions);
  const { name } = declaration;
  const valid = rng.chance(0.4);
  const { args, what } = valid
    ? { args: wellFormed(declaration, rng), what: 'well formed' }
    : hostile(declaration, rng, { limits: attn.limits, garbage: g.garbage });
  return {
    name: `${name}, ${what}`,
    fn: name,
    valid,
    run: () => attn[name](...args),
    check(result) {
      checkResult(declaration.result, result, name);
      PROPERTIES[name]?.(result, args);
    },
  };
}

// A valid value of a declared option, cheap to train with: an end of its range, its default or
// a value between (integers up to min + 3, so a session stays small), any choice, any seed.
function optionValue(rng, o) {
  switch (o.kind) {
    case 'choice':
      return rng.pick(o.choices);
    case 'boolean':
      return rng.chance(0.5);
    case 'seed':
      return rng.pick([0, 1, 7, 2 ** 53]);
    case 'integer':
      return rng.pick([o.min, o.default, Math.min(o.max, o.min + rng.int(1, 3))]);
    default: {
      const hi = o.max === null ? o.default * 4 || 1 : o.max;
      const inside = o.min + (hi - o.min) * (0.05 + 0.9 * rng.next());
      return rng.pick([o.default, inside, ...(o.minOpen ? [] : [o.min]), ...(o.maxOpen || o.max === null ? [] : [hi])]);
    }
  }
}

const STRANGERS = [
  'blue',
  'Cars',
  'CATS!',
  '"fast"',
  '...',
  '',
  '\u0000',
  '\ud800',
  'é',
  '😀',
  '\t\n',
  'x'.repeat(300),
  '<img src=x onerror=alert(1)>',
];

// A sentence of the model's own words (those of its declared example), shuffled, now and then
// with a stranger in it; or the example itself.
function sentence(rng, g, example) {
  if (rng.chance(0.3)) return g.arg(example);
  const known = example.split(' ');
  const words = Array.from({ length: rng.int(0, rng.chance(0.05) ? 40 : 8) }, () =>
    rng.chance(0.9) ? rng.pick(known) : rng.pick(STRANGERS),
  );
  return g.arg(words.join(rng.chance(0.9) ? ' ' : ' , '));
}

// An argument for a declared parameter: mostly within its declaration, sometimes just outside
// it or garbage (g.field, g.arg). A prompt (tokens) is text or an array of tokens, now and then
// far over the context; a record has a random part of its fields.
function paramValue(rng, g, param) {
  switch (param.kind) {
    case 'text':
      return sentence(rng, g, param.example);
    case 'tokens': {
      if (rng.chance(0.02)) return Array.from({ length: 10_000 }, () => 'a');
      const text = sentence(rng, g, param.example);
      return typeof text === 'string' && rng.chance(0.3) ? text.split(' ').filter(Boolean) : text;
    }
    case 'integer': {
      // Each end and one past it, or anywhere inside (a range as wide as a seed's, to 2^53, near
      // its low end).
      const top = param.max - param.min > 1000 ? param.min + 40 : param.max;
      return g.field(rng.pick([param.min - 1, param.min, param.fallback, top, top + 1, rng.int(param.min, top)]));
    }
    case 'number': {
      const inside = param.min + (param.max - param.min) * rng.next() * (rng.chance(0.5) ? 0.05 : 1);
      return g.field(rng.pick([inside, param.fallback, param.max, param.min, param.max * 2]));
    }
    case 'boolean':
      return g.field(rng.chance(0.5));
    case 'record': {
      if (rng.chance(0.1)) return g.field({});
      const out = {};
      for (const f of param.fields) if (rng.chance(0.5)) out[f.name] = paramValue(rng, g, f);
      if (rng.chance(0.03)) out.unknown = 1;
      return out;
    }
    default:
      throw new Error(`api-fuzz: no arguments for a parameter of kind ${param.kind}`);
  }
}

// layers x heads maps of `rows` rows, each a distribution (an empty output has no rows).
const assertMaps = (maps, where, rows, partial = false) =>
  maps.forEach((layer, l) =>
    layer.forEach((head, h) => {
      assert.equal(head.length, rows, `${where}[${l}][${h}] has ${head.length} rows, expected ${rows}`);
      if (rows > 0) assertDistributions(head, `${where}[${l}][${h}]`, partial);
    }),
  );

// What a method's result means, beyond the shape its declaration gives (checked for every method
// of every model by model-results.mjs): the weights are distributions, and so on.
const MEANINGS = {
  'Trainer.attention': (m) =>
    m.layers.forEach((layer, l) => layer.forEach((w, h) => assertDistributions(w, `attention.layers[${l}][${h}]`))),
  'Trainer.predict': (p) => {
    assertDistributions([p.probabilities], 'predict.probabilities');
    assert.ok(p.candidates.includes(p.word));
  },
  'Translator.translate': (r) => {
    assert.equal(r.confidence.length, r.output.length);
    assertFinite(r.confidence, 'translate.confidence');
    assertMaps(r.cross, 'translate.cross', r.output.length);
    assertMaps(r.encoderSelf, 'translate.encoderSelf', r.source.length);
    assertMaps(r.decoderSelf, 'translate.decoderSelf', r.output.length);
  },
  'LanguageModel.attention': (m, model) =>
    assertMaps(m.layers, 'attention.layers', m.tokens.length, model.options().softmax === 'plusOne'),
  'LanguageModel.evaluateAt': (e) => {
    for (const key of ['copyAccuracy', 'accuracy']) assert.ok(e[key] >= 0 && e[key] <= 1, `evaluateAt.${key}`);
  },
  'LanguageModel.sinkScores': (s, model) =>
    s.total.forEach((heads, l) =>
      heads.forEach((t, h) => {
        const first = s.firstToken[l][h];
        assert.ok(first >= 0 && first <= t + SUM_TOLERANCE, `sinkScores.firstToken[${l}][${h}] ${first} > ${t}`);
        if (model.options().softmax === 'plusOne') assert.ok(t <= 1 + SUM_TOLERANCE, `sinkScores.total ${t}`);
        else assert.ok(Math.abs(t - 1) <= SUM_TOLERANCE, `sinkScores.total[${l}][${h}] is ${t}`);
      }),
    ),
  'LanguageModel.next': (r) => {
    assert.equal(r.probabilities.length, r.vocabulary.length);
    assertDistributions([r.probabilities], 'next.probabilities');
  },
  'LanguageModel.generate': (r) => {
    assert.equal(r.steps.length, r.tokens.length);
    r.steps.forEach((s, k) => {
      assertDistributions([s.probabilities, s.unfiltered], `generate.steps[${k}]`);
      assert.equal(s.token, r.tokens[k]);
      assertFinite([s.position, s.cacheEntries, s.multiplyAdds], `generate.steps[${k}]`);
    });
  },
};

/**
 * A session of a declared model (attn.models): created with random valid options (or one broken,
 * an unknown key, or garbage), then a few random calls: step, reset, setLearningRate, and its
 * declared methods with well-formed and hostile arguments; every result held to its declared
 * shape; then dispose. A new model is fuzzed with no new code here.
 */
function modelSession(rng, g, calls, model, tally) {
  g.startCall();
  const options = {};
  for (const o of model.options) if (rng.chance(0.5)) options[o.key] = g.arg(optionValue(rng, o));
  if (rng.chance(0.05)) options[rng.pick(['unknown', '__proto__', 'constructor', 'task'])] = 1;
  const create = `create${model.name}`;
  const m = calls.attempt(create, () => attn[create](rng.chance(0.95) ? options : g.garbage()));
  if (m === undefined) return;
  try {
    for (let k = rng.int(1, 4); k > 0; k--) {
      const r = rng.next();
      if (r < 0.2) {
        const n = g.field(rng.int(1, 2));
        calls.attempt(
          `${model.name}.step`,
          () => m.step(n),
          (s) => {
            assertFinite([s.step, s.loss, s.accuracy], 'step');
            assert.ok(s.accuracy >= 0 && s.accuracy <= 1);
          },
        );
      } else if (r < 0.27) {
        const lr = g.arg(rng.pick([0.01, 0.05]));
        calls.attempt(`${model.name}.setLearningRate`, () => m.setLearningRate(lr));
      } else if (r < 0.32) {
        const seed = g.field(rng.int(0, 1000));
        calls.attempt(`${model.name}.reset`, () => m.reset(seed));
      } else {
        const method = rng.pick(model.methods);
        const args = method.params.map((param) => paramValue(rng, g, param));
        const name = `${model.name}.${method.name}`;
        const outcome = calls.attempt(
          name,
          () => m[method.name](...args),
          (v) => {
            const problem = mismatch(method.result, v, `${name}()`);
            assert.equal(problem, null, problem ?? '');
            MEANINGS[name]?.(v, m);
          },
        );
        tally.methods[name] ??= { ok: 0, refused: 0 };
        tally.methods[name][outcome === undefined ? 'refused' : 'ok']++;
      }
    }
  } finally {
    m.dispose();
  }
  assert.throws(() => m.step(1), /disposed/);
}

/** Runs `count` calls from `seed`; returns the tally of outcomes. */
function fuzz(seed, count) {
  const rng = random(seed);
  const g = generators(rng);
  // functions, methods: outcomes per declared engine function and model method
  const tally = { ok: 0, refused: 0, functions: {}, methods: {} };
  let index = 0;
  const calls = {
    attempt(name, run, check = () => {}, valid = false) {
      index++;
      const where = `call ${index} (${name}, seed ${seed})`;
      let result;
      try {
        result = run();
      } catch (error) {
        assertApiError(error, where);
        if (valid) assert.fail(`${where}: a well-formed call was refused: ${error.message}`);
        tally.refused++;
        return undefined;
      }
      try {
        check(result);
      } catch (error) {
        error.message = `${where}: ${error.message}`;
        throw error;
      }
      tally.ok++;
      return result;
    },
  };
  while (index < count) {
    if (rng.chance(0.09)) modelSession(rng, g, calls, rng.pick(attn.models), tally);
    else {
      const c = engineCall(rng, g);
      const outcome = calls.attempt(c.name, c.run, c.check, c.valid) === undefined ? 'refused' : 'ok';
      if (c.fn) {
        tally.functions[c.fn] ??= { ok: 0, refused: 0 };
        tally.functions[c.fn][outcome]++;
      }
    }
  }
  return tally;
}

describe('the JS API under random and hostile calls', () => {
  test(`${CALLS} calls from seed ${SEED}: a valid result or an Error with a message; heap flat`, (t) => {
    const reference = { softmax: attn.softmax([8, 2, 5]), similarity: attn.similarity([1e-200, 0], [1e-200, 0]) };
    // The same calls twice, measured on the second pass: the engine keeps its argument and result
    // buffers between calls (up to 1 MB each, a larger one is given back), so the first pass
    // grows them to this sequence's sizes; a leak would grow the second pass again.
    fuzz(SEED, CALLS);
    const before = attn.heapStats();
    const tally = fuzz(SEED, CALLS);
    const after = attn.heapStats();
    t.diagnostic(
      `${tally.ok} results, ${tally.refused} errors; wasm heap ${before.heapBytes} -> ${after.heapBytes} bytes, ` +
        `in use ${before.allocatedBytes} -> ${after.allocatedBytes}, embind handles ${before.jsHandles} -> ${after.jsHandles}`,
    );
    // Both outcomes happen often, so neither check is vacuous, and for every declared function.
    assert.ok(tally.ok > CALLS / 5 && tally.refused > CALLS / 5, JSON.stringify(tally));
    for (const { name } of attn.functions) {
      const outcomes = tally.functions[name];
      assert.ok(outcomes?.ok > 10 && outcomes?.refused > 10, `${name}: ${JSON.stringify(outcomes)}`);
    }
    // Every declared method of every model answered some calls, and one that takes an argument
    // refused some too (a method without one has nothing a caller can get wrong).
    for (const model of attn.models) {
      for (const { name, params } of model.methods) {
        const outcomes = tally.methods[`${model.name}.${name}`];
        const refusals = params.length === 0 || outcomes?.refused > 0;
        assert.ok(outcomes?.ok > 0 && refusals, `${model.name}.${name}: ${JSON.stringify(outcomes)}`);
      }
    }
    assert.deepEqual(attn.softmax([8, 2, 5]), reference.softmax, 'the module answers as before');
    assert.deepEqual(attn.similarity([1e-200, 0], [1e-200, 0]), reference.similarity);
    assert.equal(after.heapBytes, before.heapBytes, 'the wasm heap grew');
    // malloc's bytes in use wobble by a chunk or two without trending (see trainer.test.mjs).
    assert.ok(
      Math.abs(after.allocatedBytes - before.allocatedBytes) <= 64,
      `bytes in use ${before.allocatedBytes} -> ${after.allocatedBytes}`,
    );
    assert.equal(after.jsHandles, before.jsHandles, 'embind handles leaked');
  });

  // A sparse matrix of huge length is refused by its size (or its missing row) before anything is
  // allocated for it: no V8 RangeError from sizing a typed array first.
  test('a sparse matrix of huge length is refused before anything is allocated', () => {
    for (const length of [1e9, 2 ** 32 - 1]) {
      const X = new Array(length);
      X[0] = [1, 2, 3, 4, 5];
      assert.throws(
        () => attn.linear(X, [[1], [1], [1], [1], [1]]),
        (e) => {
          assertApiError(e, `linear(X of length ${length})`);
          return /^X (row 2|has [\d,]+ rows, which exceeds the limit)/.test(e.message);
        },
      );
    }
  });

  // The checks the fuzz applies to every result, from the declared result types, can fail.
  test('a result unlike its declaration is caught', () => {
    const declared = (name) => attn.functions.find((f) => f.name === name).result;
    const spec = {
      X: [[1, 0]],
      Wq: [[1], [0]],
      Wk: [[1], [0]],
      Wv: [
        [1, 0],
        [0, 1],
      ],
      causal: true,
    };
    const good = attn.selfAttention(spec);
    checkResult(declared('selfAttention'), good, 'selfAttention');
    const broken = [
      [{ ...good, weights: [[0.75, 0.75]] }, /weights\[0\] sums to 1.5, over 1/],
      [{ ...good, scores: [[-Infinity]] }, /scores\[0\] is masked everywhere/],
      [{ ...good, context: [[NaN, 0]] }, /context\[0\]\[0\] is NaN/],
      [{ ...good, Q: [[1], [1, 2]] }, /Q\[1\] has 2 columns/],
      [{ ...good, V: undefined }, /V is undefined, not a matrix/],
      [Object.fromEntries(Object.entries(good).filter(([key]) => key !== 'K')), /K is missing/],
    ];
    for (const [result, message] of broken) {
      assert.throws(() => checkResult(declared('selfAttention'), result, 'selfAttention'), message);
    }
    // A row of weights short of 1 is a result of softmax 'plusOne' only.
    const short = { ...good, weights: [[0.5]] };
    checkResult(declared('selfAttention'), short, 'selfAttention');
    assert.throws(() => PROPERTIES.selfAttention(short, [{ X: [[1, 0]] }]), /weights\[0\] sums to 0.5/);
    PROPERTIES.selfAttention(short, [{ X: [[1, 0]], softmax: 'plusOne' }]);
    checkResult(declared('similarity'), attn.similarity([0, 0], [1, 2]), 'similarity'); // null cosine
    assert.throws(() => checkResult(declared('softmax'), [0.25, Infinity], 'softmax'), /softmax\[1\] is Infinity/);
  });

  test('the edge cases found by fuzzing stay fixed', () => {
    // T * sqrt(d_k) = 2e308 overflows: an Error, not NaN weights.
    assert.throws(() => attn.softmaxTrace([1, -Infinity], 1e308, 4), /temperature \* sqrt\(d_k\) overflowed/);
    // Parallel tiny vectors: cos 1 and 0 degrees although a . b underflows to 0.
    const s = attn.similarity([1e-200, 0], [1e-200, 0]);
    assert.equal(s.dot, 0);
    assert.equal(s.cosine, 1);
    assert.equal(s.angleDegrees, 0);
    // An untrained translator that writes <eos> first: no output rows, yet the encoder's maps
    // are numbers (they were undefined).
    const t = attn.createTranslator({ seed: 29, width: 8, batch: 2, heads: 2 });
    try {
      const r = t.translate('the boy eats the apple');
      assert.deepEqual(r.output, []);
      assertMaps(r.encoderSelf, 'translate.encoderSelf', r.source.length);
      assert.equal(r.encoderSelf[0][0].length, 5);
    } finally {
      t.dispose();
    }
  });
});
