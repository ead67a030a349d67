// Calls of the engine's functions made from their declarations alone (wasm/bindings/functions.hpp,
// which the JS API hands over as attn.functions), for the JS API fuzz (api-fuzz.test.mjs): a
// newly declared function is fuzzed with no new test code.
//
// - wellFormed: shapes from the declared size symbols (X is n x d and W_Q d x k, so they fit),
//   sizes in the function's declared ranges and relations (1..6 unless declared; a block at most
//   n tokens, kvHeads a divisor of the heads; as in engine_golden.cpp), values of the declared
//   kind (scores with some -Infinity, rows of weights summing to 1, numbers from the declared
//   samples, any declared choice), grouped fields on the first element of each group only. The
//   engine must accept every one.
// - hostile: a well-formed call with one part broken, chosen by what that part is declared to
//   be: another kind of value, NaN or an infinity, a size over its limit (a list over its own
//   declared max), a sparse array, a wrong nested shape, or every array scaled to extreme
//   magnitudes. The engine may refuse it, with a message, or must return a valid result.
// - checkResult: what every result must be, from the declared result type: each number finite
//   (-Infinity only where the declaration says "masked"), rows of a "distribution" in [0, 1]
//   summing to 1 ("subdistribution": to at most 1), every field that is not optional present.

// A size symbol's range when a function declares none (functions.hpp's Size).
const DEFAULT_SIZE = [1, 6];
// Row sums of weights are 1 to rounding; 1e-12 leaves room for a few thousand terms.
const SUM_TOLERANCE = 1e-12;

const SPECIAL = [NaN, Infinity, -Infinity, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, -0, 1e-200];

/** The declared fields of an object or an argument list, one level (groups are already flat). */
const fieldsOf = (type) => type.fields ?? [];

// ------------------------------------------------------------------ well-formed calls

/** Arguments for one call of `declaration`: each size symbol drawn once, so shapes fit together. */
export function wellFormed(declaration, rng) {
  const sizes = {};
  const ranges = declaration.sizes ?? {};
  // [min, max], or [min, max, 'atMost' | 'divides', symbol]: at most that size, or a divisor of it.
  const draw = (symbol) => {
    const [lo, hi, relation, of] = ranges[symbol] ?? DEFAULT_SIZE;
    if (relation === 'atMost') return rng.int(lo, Math.min(hi, symbolSize(of)));
    if (relation === 'divides') {
      const whole = symbolSize(of);
      const divisors = [];
      for (let g = lo; g <= Math.min(hi, whole); g++) if (whole % g === 0) divisors.push(g);
      return rng.pick(divisors);
    }
    return rng.int(lo, hi);
  };
  const symbolSize = (symbol) => (sizes[symbol] ??= draw(symbol));
  const size = (expr) => expr.split('*').reduce((product, symbol) => product * symbolSize(symbol), 1);
  // The whole numbers given so far, by key, and the list element being made: a grouped field
  // (Type::grouped_by in packed.hpp) is given on the first element of each group alone.
  const integers = {};
  let place = { index: 0, count: 1 };

  const uniform = (lo, hi) => lo + (hi - lo) * rng.next();
  const rowsOf = (values, rows, cols) =>
    Array.from({ length: rows }, () => {
      if (values === 'distribution') {
        // >= 0, some exactly 0 (never the first, so the row has weight somewhere), sum 1.
        const row = Array.from({ length: cols }, (_, j) => (j > 0 && rng.chance(0.25) ? 0 : uniform(0.01, 1)));
        const sum = row.reduce((s, w) => s + w, 0);
        return row.map((w) => w / sum);
      }
      return Array.from({ length: cols }, (_, j) => {
        // Scores, some masked (never the first: a row needs one position to look at).
        if (values === 'masked' && j > 0 && rng.chance(0.25)) return -Infinity;
        return Math.round(uniform(-10, 10) * 100) / 100;
      });
    });

  const value = (type) => {
    switch (type.kind) {
      case 'number':
        return type.samples ? rng.pick(type.samples) : Math.round(uniform(-10, 10) * 100) / 100;
      case 'integer':
        integers[type.key] = size(type.rows);
        return integers[type.key];
      case 'choice':
        return rng.pick(type.choices);
      case 'boolean':
        return rng.chance(0.5);
      case 'vector':
        return rowsOf(type.values, 1, size(type.rows))[0];
      case 'matrix':
        return rowsOf(type.values, size(type.rows), size(type.cols));
      case 'object': {
        const { index, count } = place;
        const out = {};
        for (const f of fieldsOf(type)) {
          if (f.groupedBy !== undefined && index % (count / (integers[f.groupedBy] ?? count)) !== 0) continue;
          // Optional fields and fields with a default are sometimes left out.
          if (leftOut(f)) {
            if (f.kind === 'integer') delete integers[f.key];
            continue;
          }
          out[f.key] = value(f);
        }
        return out;
      }
      case 'list': {
        const count = size(type.rows);
        return Array.from({ length: count }, (_, index) => {
          place = { index, count };
          return value(type.fields[0]);
        });
      }
      default:
        throw new Error(`declared-calls: no generator for kind ${type.kind}`);
    }
  };
  // An optional object (null stands for {}) only when none of its fields is required.
  const mayLeaveOut = (type) =>
    type.fallback !== undefined || (type.optional && fieldsOf(type).every((f) => mayLeaveOut(f)));
  const leftOut = (type) => mayLeaveOut(type) && rng.chance(0.3);

  return declaration.args.map((a) => (leftOut(a) ? undefined : value(a)));
}

// ------------------------------------------------------------------ hostile calls

/** Every part of a call's arguments that could be broken: { type, get, set, path }. */
function parts(declaration, args) {
  const out = [];
  const visit = (type, holder, key, path) => {
    const part = { type, path, get: () => holder[key], set: (v) => (holder[key] = v) };
    out.push(part);
    const v = holder[key];
    if (type.kind === 'object' && v && typeof v === 'object') {
      for (const f of fieldsOf(type)) visit(f, v, f.key, `${path}.${f.key}`);
    } else if (type.kind === 'list' && Array.isArray(v)) {
      v.forEach((_, i) => visit(type.fields[0], v, i, `${path}[${i}]`));
    }
  };
  declaration.args.forEach((a, i) => visit(a, args, i, a.key || `argument ${i + 1}`));
  return out;
}

const copy = (v) => (Array.isArray(v) ? v.map(copy) : v);
const isMatrix = (v) => Array.isArray(v) && v.length > 0 && Array.isArray(v[0]);

/** Breakers by declared kind: each takes the part's current value, returns the broken one. */
function breakers(rng, limits, garbage) {
  const special = () => rng.pick(SPECIAL);
  const over = limits.dimension + 1;
  // A sparse array of huge length: must be refused by its length, before anything is sized.
  const sparse = (first) => {
    const a = new Array(rng.pick([1e9, 2 ** 32 - 1, over]));
    a[0] = first;
    return a;
  };
  const holeAt = (a) => {
    const out = copy(a);
    if (rng.chance(0.5)) delete out[rng.int(0, out.length - 1)];
    else out.length += rng.int(1, 3);
    return out;
  };
  const anyKind = () =>
    rng.pick([
      () => garbage(),
      () => 'abc',
      () => '3',
      () => rng.int(-3, 3),
      () => true,
      () => null,
      () => ({}),
      () => [],
      () => [[]],
      () => [1, [2, 3]],
    ])();

  const number = () => rng.pick([special, () => -1, () => 0, () => '1', () => 2 ** 53])();
  const integer = () =>
    rng.pick([special, () => 1.5, () => -1, () => 0, () => over, () => 1e9, () => 2 ** 31, () => '3'])();
  const vector = (v) => {
    const at = rng.int(0, v.length - 1);
    return rng.pick([
      () => v.map((x, j) => (j === at ? special() : x)),
      () => holeAt(v),
      () => sparse(1),
      () => Array.from({ length: over }, () => 1), // one entry over the limit
      () => [...v, 1], // a length the other arguments do not share
      () => v.slice(1), // the same, or empty
      () => [v], // a matrix for a vector
      () => new Float64Array(v), // a typed array is a vector too
      () => v.map((x, j) => (j === at ? String(x) : x)),
    ])();
  };
  const matrix = (m) => {
    const rows = m.length;
    const cols = m[0].length;
    const i = rng.int(0, rows - 1);
    const at = rng.int(0, cols - 1);
    return rng.pick([
      () => m.map((row, r) => (r === i ? row.map((x, j) => (j === at ? special() : x)) : row)),
      () => m.map((row, r) => (r === i ? [...row, 1] : row)), // a ragged row
      () => holeAt(m), // a missing row
      () => m.map((row, r) => (r === i ? holeAt(row) : row)), // a missing entry
      () => sparse(m[0]),
      () => Array.from({ length: over }, () => m[0]), // rows over the limit
      () => m.map(() => Array.from({ length: over }, () => 1)), // columns over the limit
      () => [...m, m[0]], // one row more than the other arguments have
      () => m.map((row) => row.slice(1)), // one column fewer (or empty rows)
      () => m[0], // a vector for a matrix
      () => m.map((row) => [row]), // three levels deep
      () => m.map((row, r) => (r === i ? new Float64Array(row) : row)), // a typed row is a row
      () => [],
    ])();
  };
  const object = (o, type) =>
    rng.pick([
      () => {
        const out = { ...o };
        const required = fieldsOf(type).filter((f) => !f.optional && f.fallback === undefined);
        if (required.length > 0) delete out[rng.pick(required).key];
        return out;
      },
      () => Object.values(o), // an array of its fields
      () => ({ ...o, unknown: garbage() }),
      () => Object.assign(Object.create(null), o),
    ])();
  const list = (l, type) =>
    rng.pick([
      () => [],
      () => Array.from({ length: type.max + 1 }, () => l[0]), // one element over its own limit
      () => holeAt(l),
      () => sparse(l[0]),
      () => l.map((e, i) => (i === 0 ? garbage() : e)),
    ])();
  // Near misses of a declared choice: another case, a space, a number for its index.
  const choice = (c) => rng.pick([c.toUpperCase(), ` ${c}`, `${c}s`, '', 0, 1, null, true, [c]]);
  return { anyKind, number, integer, choice, vector, matrix, object, list };
}

// Every vector and matrix argument scaled by its own power of ten: results that overflow must
// be refused, and those that do not must be right (a cosine of vectors of 1e-200 once read 0).
function scaleAll(args, rng) {
  const scale = (v, s) => (Array.isArray(v) ? v.map((x) => scale(x, s)) : typeof v === 'number' ? v * s : v);
  const walk = (v) => {
    if (Array.isArray(v)) return scale(v, 10 ** rng.int(-300, 300));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return args.map(walk);
}

/** A well-formed call with one part broken (or every array scaled); `what` says which. */
export function hostile(declaration, rng, { limits, garbage }) {
  const args = wellFormed(declaration, rng);
  if (rng.chance(0.2)) return { args: scaleAll(args, rng), what: 'every array scaled' };
  const all = parts(declaration, args);
  const part = rng.pick(all);
  const b = breakers(rng, limits, garbage);
  const v = part.get();
  let broken;
  if (rng.chance(0.2) || v === undefined) broken = b.anyKind();
  else if (part.type.kind === 'vector' && Array.isArray(v)) broken = b.vector(v);
  else if (part.type.kind === 'matrix' && isMatrix(v)) broken = b.matrix(v);
  else if (part.type.kind === 'list' && Array.isArray(v)) broken = b.list(v, part.type);
  else if (part.type.kind === 'object') broken = b.object(v, part.type);
  else if (part.type.kind === 'integer') broken = b.integer();
  else if (part.type.kind === 'number') broken = b.number();
  else if (part.type.kind === 'choice') broken = b.choice(rng.pick(part.type.choices));
  else broken = b.anyKind();
  part.set(broken);
  return { args, what: part.path };
}

// ------------------------------------------------------------------ what a result must be

const fail = (message) => {
  throw new Error(message);
};

function checkEntries(row, where, values) {
  if (!Array.isArray(row)) fail(`${where} is ${typeof row}, not an array of numbers`);
  row.forEach((v, j) => {
    if (typeof v !== 'number') fail(`${where}[${j}] is ${typeof v}, not a number`);
    if (!Number.isFinite(v) && !(values === 'masked' && v === -Infinity)) fail(`${where}[${j}] is ${v}`);
  });
  if (values === 'masked' && row.length > 0 && row.every((v) => v === -Infinity)) {
    fail(`${where} is masked everywhere`);
  }
  if (values === 'distribution' || values === 'subdistribution') {
    if (!row.every((w) => w >= 0 && w <= 1)) fail(`${where} has a weight outside [0, 1]: ${row}`);
    const sum = row.reduce((s, w) => s + w, 0);
    if (values === 'distribution' && !(Math.abs(sum - 1) <= SUM_TOLERANCE)) fail(`${where} sums to ${sum}`);
    if (values === 'subdistribution' && !(sum <= 1 + SUM_TOLERANCE)) fail(`${where} sums to ${sum}, over 1`);
  }
}

/** Throws, naming the place, unless `value` is what `type` declares a result to be. */
export function checkResult(type, value, where) {
  switch (type.kind) {
    case 'number':
      if (type.optional && value === null) return;
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${where} is ${value}, not a finite number`);
      return;
    case 'vector':
      checkEntries(value, where, type.values);
      return;
    case 'matrix': {
      if (type.optional && value === undefined) return;
      if (!Array.isArray(value)) fail(`${where} is ${typeof value}, not a matrix`);
      const cols = value[0]?.length;
      value.forEach((row, i) => {
        checkEntries(row, `${where}[${i}]`, type.values);
        if (row.length !== cols) fail(`${where}[${i}] has ${row.length} columns, row 0 ${cols}`);
      });
      return;
    }
    case 'list':
      if (!Array.isArray(value)) fail(`${where} is ${typeof value}, not a list`);
      value.forEach((e, i) => checkResult(type.fields[0], e, `${where}[${i}]`));
      return;
    case 'object':
      if (!value || typeof value !== 'object' || Array.isArray(value)) fail(`${where} is not an object`);
      for (const f of fieldsOf(type)) {
        if (!(f.key in value) && !f.optional) fail(`${where}.${f.key} is missing`);
        if (f.key in value) checkResult(f, value[f.key], `${where}.${f.key}`);
      }
      return;
    default:
      fail(`${where}: no check for a result of kind ${type.kind}`);
  }
}
