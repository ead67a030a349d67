// Checks JS input and converts between JS arrays and the typed-memory shapes
// the embind layer takes: a vector is a Float64Array, a matrix is
// { rows, cols, data } with data a row-major Float64Array. Shared by api.js
// and trainer.js. Only shape and type are checked here; the C++ engine checks
// values (NaN, Infinity, sizes that must agree) and names the problem itself.

/** How a value reads in an error message ("the text \"abc\"", "nothing", "3"). */
export function describe(value) {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // Long pasted text is cut so the message stays readable.
  if (typeof value === 'string') return `the text "${value.length > 24 ? `${value.slice(0, 24)}...` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  return `a value of type ${typeof value}`;
}

function count(n) {
  return n === 1 ? '1 number' : `${n} numbers`;
}

function isList(value) {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** A non-empty array of numbers -> Float64Array. */
export function toVector(values, name) {
  if (!isList(values)) throw new Error(`${name} must be an array of numbers, got ${describe(values)}`);
  if (values.length === 0) throw new Error(`${name} is empty`);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') {
      throw new Error(`${name} entry ${i + 1} must be a number, got ${describe(v)}`);
    }
    out[i] = v;
  }
  return out;
}

/** undefined / null -> null (not given); otherwise as toVector. */
export function toOptionalVector(values, name) {
  return values === undefined || values === null ? null : toVector(values, name);
}

/** A non-empty, rectangular array of rows of numbers -> { rows, cols, data }. */
export function toMatrix(rows, name) {
  if (!Array.isArray(rows)) {
    throw new Error(`${name} must be a matrix (an array of rows), got ${describe(rows)}`);
  }
  if (rows.length === 0) throw new Error(`${name} is empty`);
  const cols = isList(rows[0]) ? rows[0].length : 0;
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!isList(row)) {
      throw new Error(`${name} row ${i + 1} must be an array of numbers, got ${describe(row)}`);
    }
    if (row.length === 0) throw new Error(`${name} row ${i + 1} is empty`);
    if (row.length !== cols) {
      throw new Error(
        `${name} row ${i + 1} has ${count(row.length)} but row 1 has ${count(cols)}; every row must have the same length`,
      );
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') {
        throw new Error(`${name} row ${i + 1}, column ${j + 1} must be a number, got ${describe(v)}`);
      }
      data[i * cols + j] = v;
    }
  }
  return { rows: rows.length, cols, data };
}

export function toOptionalMatrix(rows, name) {
  return rows === undefined || rows === null ? null : toMatrix(rows, name);
}

// Plain loops, not Array.from(data.subarray(...)): in Node 20 / V8 that is ~13x slower and
// made copying results out the largest part of a selfAttention call (npm run bench).

/** { rows, cols, data } -> array of rows (plain numbers). */
export function fromMatrix({ rows, cols, data }) {
  const out = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = fromVector(data, i * cols, cols);
  return out;
}

/** data[start .. start + length) as an array of numbers (all of it by default). */
export function fromVector(data, start = 0, length = data.length - start) {
  const out = new Array(length);
  for (let j = 0; j < length; j++) out[j] = data[start + j];
  return out;
}

/** A finite number; `fallback` when undefined. */
export function toNumber(value, name, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new Error(`${name} must be a number, got ${describe(value)}`);
  return value;
}

/** A whole number that fits a C++ int. */
export function toInteger(value, name) {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new Error(`${name} must be a whole number, got ${typeof value === 'number' ? value : describe(value)}`);
  }
  if (Math.abs(value) > 2147483647) throw new Error(`${name} is too large: ${value}`);
  return value;
}

export function toBoolean(value, name, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new Error(`${name} must be true or false, got ${describe(value)}`);
  return value;
}

/** Unwraps the bindings' { value } | { error } envelope: C++ errors become JS Errors. */
export function unwrap(result) {
  if (result.error !== undefined) throw new Error(result.error);
  return result.value;
}
