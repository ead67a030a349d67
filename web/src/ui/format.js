// Number formatting for everything the page shows: never "NaN", never "-0", infinities as ∞.

const MINUS = '\u2212';

/**
 * fmt(x, digits): at most `digits` decimals, trailing zeros trimmed unless fixed: true.
 * Very large or tiny magnitudes switch to exponent form so cells keep their width.
 */
export function fmt(x, digits = 3, { fixed = false } = {}) {
  if (typeof x !== 'number' || Number.isNaN(x)) return '—';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return `${MINUS}∞`;
  const ax = Math.abs(x);
  let s;
  const tiny = ax !== 0 && ax < 10 ** -digits / 2; // would print as 0: show its size instead
  if (ax >= 1e7 || (tiny && !fixed)) {
    s = x.toExponential(Math.min(digits, 3)).replace(/\.?0+e/, 'e');
  } else {
    s = x.toFixed(digits);
    if (!fixed && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  if (/^-0(\.0*)?$/.test(s)) s = s.slice(1);
  return s.replaceAll('-', MINUS);
}

/**
 * fmtDecimal(x, digits): fmt for sentences people read as decimals. A number too small for
 * `digits` decimals gets as many as it takes to show two significant digits (0.00033, not
 * 3.285e−4), up to 12; below that it is "0" with fmt's own exponent only as a last resort.
 */
export function fmtDecimal(x, digits = 3) {
  const ax = Math.abs(x);
  if (!Number.isFinite(x) || ax === 0 || ax >= 10 ** -digits / 2 || ax < 1e-12) return fmt(x, digits);
  return fmt(x, Math.min(12, Math.ceil(-Math.log10(ax)) + 1));
}

/** Format a vector as "[a, b, c]". */
export function fmtVector(v, digits = 3, opts) {
  return `[${v.map((x) => fmt(x, digits, opts)).join(', ')}]`;
}

/** Format a product term "a·b" with a negative right factor in parentheses. */
export function fmtProduct(a, b, digits = 3) {
  const fb = fmt(b, digits);
  return `${fmt(a, digits)}·${b < 0 ? `(${fb})` : fb}`;
}

/**
 * A dot product written out: "6·4 + 1·1 + 4·4 = 24 + 1 + 16" (the factors, then the engine's own
 * products `terms`); the caller appends " = total".
 */
export function fmtDot(a, b, terms, digits = 4) {
  const factors = a.map((x, k) => fmtProduct(x, b[k], digits)).join(' + ');
  return a.length > 1 ? `${factors} = ${terms.map((t) => fmt(t, digits)).join(' + ')}` : factors;
}
