// Widget state declared once as data (as TensorFlow Playground's state.ts does): each field has
// a type that parses it from the URL string and formats it back. A widget writes
//
//   const S = declareState({ scores: param.vector({ maxLength: 12 }), t: param.number({ min: 0.05 }) });
//   let values = S.read(state, { scores: config.scores, t: 1 });   // URL first, then defaults
//   setState(S.write({ scores: [8, 2, 5] }));                      // -> { scores: '8,2,5' }
//
// A value in the URL that does not parse (a hand-edited link) falls back to the default.
import { parseNumber, parseVector } from '../ui/parse.js';

const num = (x) => String(Number(x.toPrecision(12)));

export const param = {
  number: (opts = {}) => ({
    parse: (s) => {
      const r = parseNumber(s, opts);
      return r.ok ? r.value : undefined;
    },
    format: (v) => num(v),
  }),
  integer: (opts = {}) => param.number({ ...opts, integer: true }),
  boolean: () => ({
    parse: (s) => (s === '1' || s === 'true' ? true : s === '0' || s === 'false' ? false : undefined),
    format: (v) => (v ? '1' : '0'),
  }),
  choice: (options) => ({
    parse: (s) => (options.includes(s) ? s : undefined),
    format: (v) => String(v),
  }),
  text: ({ maxLength = 200 } = {}) => ({
    parse: (s) => (typeof s === 'string' && s.length <= maxLength ? s : undefined),
    format: (v) => String(v),
  }),
  vector: (opts = {}) => ({
    parse: (s) => {
      const r = parseVector(s, opts);
      return r.ok ? r.value : undefined;
    },
    format: (v) => v.map(num).join(','),
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
  }),
};

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
    /** Strings for setState; keys not in the schema are an error in the widget's code. */
    write(values) {
      const out = {};
      for (const [key, v] of Object.entries(values)) {
        if (!schema[key]) throw new Error(`state field "${key}" is not declared`);
        out[key] = v === undefined || v === null ? undefined : schema[key].format(v);
      }
      return out;
    },
  };
}
