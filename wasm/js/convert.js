// Checks JS input and converts between JS arrays and typed memory, for api.js (which packs
// every argument of a call into one Float64Array, see Packer) and models.js. Only shape,
// type and size are checked here; the C++ engine checks values (NaN, Infinity, sizes that
// must agree) and names the problem itself. Shapes and sizes are checked before anything
// is allocated, so a sparse array of length 1e8 is refused at once, not after a 4 GB copy.

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

/** 1234567 -> "1,234,567", as the C++ engine writes its limits. */
export function grouped(n) {
  return n.toLocaleString('en-US');
}

function checkSize(n, name, unit, limit) {
  if (n > limit) throw new Error(`${name} has ${grouped(n)} ${unit}, which exceeds the limit of ${grouped(limit)}`);
}

/** The length of a non-empty list of at most `limit` entries (the entries not yet read). */
function vectorLength(values, name, limit) {
  if (!isList(values)) throw new Error(`${name} must be an array of numbers, got ${describe(values)}`);
  if (values.length === 0) throw new Error(`${name} is empty`);
  checkSize(values.length, name, 'entries', limit);
  return values.length;
}

function vectorEntry(v, name, i) {
  if (typeof v !== 'number') throw new Error(`${name} entry ${i + 1} must be a number, got ${describe(v)}`);
  return v;
}

/**
 * The column count of a non-empty, rectangular array of rows, each an array (entries not
 * yet read), with at most `limit` rows and columns.
 */
function matrixShape(rows, name, limit) {
  if (!Array.isArray(rows)) {
    throw new Error(`${name} must be a matrix (an array of rows), got ${describe(rows)}`);
  }
  if (rows.length === 0) throw new Error(`${name} is empty`);
  checkSize(rows.length, name, 'rows', limit);
  const cols = isList(rows[0]) ? rows[0].length : 0;
  checkSize(cols, name, 'columns', limit);
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
  }
  return cols;
}

/** Copies a checked matrix's entries (matrixShape) into out[start ...], row by row. */
function copyMatrix(rows, cols, name, out, start) {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') {
        throw new Error(`${name} row ${i + 1}, column ${j + 1} must be a number, got ${describe(v)}`);
      }
      out[start + i * cols + j] = v;
    }
  }
}

/**
 * One call's arguments packed into one Float64Array, in the layout of
 * wasm/bindings/packed.hpp. Reused from call to call; at most `limits.numbers` numbers.
 */
export class Packer {
  constructor(limits) {
    this.limits = limits;
    this.data = new Float64Array(1024);
    this.length = 0;
  }

  /** Room for n more numbers, checked against the limit before anything is allocated. */
  reserve(n) {
    const needed = this.length + n;
    if (needed > this.limits.numbers) {
      throw new Error(
        `the arguments hold ${grouped(needed)} numbers, which exceeds the limit of ${grouped(this.limits.numbers)} ` +
          `(${(this.limits.numbers * 8) / 2 ** 20} MB) per call`,
      );
    }
    if (needed > this.data.length) {
      const data = new Float64Array(Math.max(needed, 2 * this.data.length));
      data.set(this.data.subarray(0, this.length));
      this.data = data;
    }
  }

  push(x) {
    this.reserve(1);
    this.data[this.length++] = x;
  }

  vector(values, name) {
    const n = vectorLength(values, name, this.limits.dimension);
    this.reserve(n + 1);
    const data = this.data;
    data[this.length] = n;
    for (let i = 0; i < n; i++) data[this.length + 1 + i] = vectorEntry(values[i], name, i);
    this.length += n + 1;
  }

  matrix(rows, name) {
    const cols = matrixShape(rows, name, this.limits.dimension);
    this.reserve(rows.length * cols + 2);
    this.data[this.length] = rows.length;
    this.data[this.length + 1] = cols;
    copyMatrix(rows, cols, name, this.data, this.length + 2);
    this.length += rows.length * cols + 2;
  }

  /** Forgets a large buffer after its call, so one big call does not hold memory for good. */
  reset() {
    if (this.data.length > 1 << 17) this.data = new Float64Array(1024);
    this.length = 0;
  }
}

// Plain loops, not Array.from(data.subarray(...)): in Node 20 / V8 that is ~13x slower (it
// once made copying results out the largest part of a selfAttention call, npm run bench).

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
