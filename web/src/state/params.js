// A widget's inputs declared once as data (as TensorFlow Playground's state.ts declares its
// state): the lesson fence's config and the URL state, both with the same types. Every type
// checks a JSON value (config) and parses / formats the string the URL holds (state):
//
//   const S = declareState({ scores: param.vector({ maxLength: 12 }), t: param.number({ min: 0.05 }) });
//   let values = S.read(state, { scores: config.scores, t: 1 });   // URL first, then defaults
//   setState(S.write({ scores: [8, 2, 5] }));                      // -> { scores: '8,2,5' }
//
//   const C = declareConfig({ scores: param.required(param.vector()), labels: param.list(param.text()) });
//   C.validate(config);   // throws: "temprature" is not a setting of this widget (did you mean ...)
//
// No DOM or engine here: the Markdown plugin imports the config schemas at build time.
// A value in the URL that does not parse (a hand-edited link) falls back to the default.
import { parseNumber, parseVector } from '../ui/parse.js';

const num = (x) => String(Number(x.toPrecision(12)));
const show = (x) => {
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 40 ? `${s.slice(0, 40)}…` : s;
};
const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

/** A check: null when `x` is fine, else what is wrong ("must be ..."). */
function checkNumber(x, { min = -Infinity, max = Infinity, integer = false } = {}) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return `must be a number, not ${show(x)}`;
  if (integer && !Number.isInteger(x)) return `must be a whole number, not ${x}`;
  if (x < min || x > max) return `must be between ${min} and ${max}, not ${x}`;
  return null;
}

function checkVector(x, { minLength = 1, maxLength = 16, ...opts } = {}) {
  if (!Array.isArray(x)) return `must be a list of numbers like [1, 2], not ${show(x)}`;
  if (x.length < minLength || x.length > maxLength)
    return `must hold ${minLength === maxLength ? minLength : `${minLength} to ${maxLength}`} numbers, not ${x.length}`;
  for (let i = 0; i < x.length; i++) {
    const bad = checkNumber(x[i], opts);
    if (bad) return `[${i}] ${bad}`;
  }
  return null;
}

function checkMatrix(x, { minRows = 1, maxRows = 8, minCols = 1, maxCols = 8, ...opts } = {}) {
  if (!Array.isArray(x) || !x.every(Array.isArray)) return `must be a matrix (a list of rows), not ${show(x)}`;
  if (x.length < minRows || x.length > maxRows) return `must have ${minRows} to ${maxRows} rows, not ${x.length}`;
  for (let r = 0; r < x.length; r++) {
    if (x[r].length !== x[0].length)
      return `must have rows of one length (row 0 has ${x[0].length}, row ${r} ${x[r].length})`;
    const bad = checkVector(x[r], { ...opts, minLength: minCols, maxLength: maxCols });
    if (bad) return `[${r}]${bad.startsWith('[') ? '' : ' '}${bad}`;
  }
  return null;
}

export const param = {
  number: (opts = {}) => ({
    parse: (s) => {
      const r = parseNumber(s, opts);
      return r.ok ? r.value : undefined;
    },
    format: (v) => num(v),
    check: (x) => checkNumber(x, opts),
  }),
  integer: (opts = {}) => param.number({ ...opts, integer: true }),
  boolean: () => ({
    parse: (s) => (s === '1' || s === 'true' ? true : s === '0' || s === 'false' ? false : undefined),
    format: (v) => (v ? '1' : '0'),
    check: (x) => (typeof x === 'boolean' ? null : `must be true or false, not ${show(x)}`),
  }),
  choice: (options) => ({
    parse: (s) => (options.includes(s) ? s : undefined),
    format: (v) => String(v),
    check: (x) => (options.includes(x) ? null : `must be one of ${options.map(show).join(', ')}, not ${show(x)}`),
  }),
  text: ({ maxLength = 200 } = {}) => ({
    parse: (s) => (typeof s === 'string' && s.length <= maxLength ? s : undefined),
    format: (v) => String(v),
    check: (x) =>
      typeof x !== 'string'
        ? `must be a string, not ${show(x)}`
        : x.length > maxLength
          ? `must be at most ${maxLength} characters`
          : null,
  }),
  vector: (opts = {}) => ({
    parse: (s) => {
      const r = parseVector(s, opts);
      return r.ok ? r.value : undefined;
    },
    format: (v) => v.map(num).join(','),
    check: (x) => checkVector(x, opts),
  }),
  /** Rows separated by ";", entries by ",": "6,1,4,4;8,4,6,3". All rows the same length. */
  matrix: ({ maxRows = 8, maxCols = 8, ...opts } = {}) => ({
    parse: (s) => {
      const rows = String(s).split(';');
      if (rows.length > maxRows) return undefined;
      const m = [];
      for (const row of rows) {
        const r = parseVector(row, { ...opts, maxLength: maxCols });
        if (!r.ok) return undefined;
        m.push(r.value);
      }
      return m.every((r) => r.length === m[0].length) ? m : undefined;
    },
    format: (m) => m.map((r) => r.map(num).join(',')).join(';'),
    check: (x) => checkMatrix(x, { maxRows, maxCols, ...opts }),
  }),

  // Config only (JSON in a lesson fence, never in a URL).
  /** A list of `item`s: [item, ...]. */
  list: (item, { minLength = 0, maxLength = 64 } = {}) => ({
    check(x, path) {
      if (!Array.isArray(x)) return [{ path, message: `must be a list [...], not ${show(x)}` }];
      if (x.length < minLength || x.length > maxLength)
        return [{ path, message: `must hold ${minLength} to ${maxLength} entries, not ${x.length}` }];
      return x.flatMap((v, i) => problems(item, v, `${path}[${i}]`));
    },
  }),
  /** An object whose keys are names the teacher picks (e.g. words) and whose values are `item`s. */
  record: (item, { minKeys = 0, maxKeys = 64 } = {}) => ({
    check(x, path) {
      if (!isObject(x)) return [{ path, message: `must be an object {"name": ...}, not ${show(x)}` }];
      const keys = Object.keys(x);
      if (keys.length < minKeys || keys.length > maxKeys)
        return [{ path, message: `must name ${minKeys} to ${maxKeys} entries, not ${keys.length}` }];
      return keys.flatMap((k) => problems(item, x[k], `${path}.${k}`));
    },
  }),
  /** An object with these fields and no others. */
  object: (fields) => ({ check: (x, path) => objectProblems(fields, x, path) }),
  /** `"hide": [...]`: names of controls the widget can hide. */
  hide: (names) => param.list(param.choice(names)),
  /** A field the config must have (every other field is optional). */
  required: (type) => ({ ...type, required: true }),
};

/** [{ path, message }] for value `x` of `type` at `path`. */
function problems(type, x, path) {
  const r = type.check(x, path);
  if (r === null) return [];
  if (typeof r !== 'string') return r;
  // "[1][2] must be ..." from a vector or matrix: the index belongs to the path.
  const [, index, message] = /^((?:\[\d+\])*) ?(.*)$/s.exec(r);
  return [{ path: path + index, message }];
}

function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function objectProblems(fields, x, path) {
  const at = (k) => (path ? `${path}.${k}` : k);
  if (!isObject(x)) return [{ path, message: `must be an object {...}, not ${show(x)}` }];
  const out = [];
  const known = Object.keys(fields);
  for (const k of Object.keys(x)) {
    if (Object.hasOwn(fields, k)) continue;
    const near = known.find((f) => editDistance(f.toLowerCase(), k.toLowerCase()) <= 2);
    out.push({
      path: at(k),
      message: `is not a setting here${near ? ` (did you mean "${near}"?)` : ''}; the settings are: ${known.join(', ')}`,
    });
  }
  for (const [k, type] of Object.entries(fields)) {
    if (x[k] === undefined) {
      if (type.required) out.push({ path: at(k), message: 'is required' });
    } else out.push(...problems(type, x[k], at(k)));
  }
  return out;
}

/**
 * The config a widget accepts from its lesson fence. `check(config)` returns further problems
 * the field types cannot see (shapes that must fit together), as [{ path, message }].
 */
export function declareConfig(fields, { check } = {}) {
  return {
    fields,
    /** Every problem of `config`: [{ path, message }] (empty when it is valid). */
    problems(config) {
      const found = objectProblems(fields, config, '');
      return found.length || !check ? found : check(config);
    },
    /** Throws an Error naming every bad key, e.g. `"temprature" is not a setting here ...`. */
    validate(config, where = 'widget config') {
      const found = this.problems(config);
      if (found.length) throw new Error(`${where}: ${found.map((p) => `"${p.path}" ${p.message}`).join('; ')}`);
      return config;
    },
  };
}

export function declareState(schema) {
  return {
    schema,
    /** Typed values: the URL's where valid, else defaults[key]. */
    read(state = {}, defaults = {}) {
      const out = {};
      for (const [key, type] of Object.entries(schema)) {
        const raw = Object.prototype.hasOwnProperty.call(state, key) ? state[key] : undefined;
        const parsed = raw === undefined ? undefined : type.parse(raw);
        out[key] = parsed !== undefined ? parsed : defaults[key];
      }
      return out;
    },
    /**
     * Strings for setState; keys not in the schema are an error in the widget's code. A value the
     * URL could not read back (e.g. text over its maxLength) is left out, so the link stays valid.
     */
    write(values) {
      const out = {};
      for (const [key, v] of Object.entries(values)) {
        if (!schema[key]) throw new Error(`state field "${key}" is not declared`);
        if (v === undefined || v === null) out[key] = undefined;
        else {
          const s = schema[key].format(v);
          out[key] = schema[key].parse(s) === undefined ? undefined : s;
        }
      }
      return out;
    },
  };
}
