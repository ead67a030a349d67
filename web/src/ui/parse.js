// Strict parsing of what the learner types. Every function returns { ok: true, value } or
// { ok: false, message } with a message that says what is wrong in plain words.

export const DEFAULT_LIMIT = 1e6;

// The longest text read as one number (longer is refused as "too long to be a number"), and so
// the maxlength of a number's text box: a box never holds what its parser cannot take.
export const NUMBER_CHARS = 40;
/** The maxlength of a box for a list of at most `count` numbers: each with a separator, and [ ]. */
export const listChars = (count) => count * (NUMBER_CHARS + 2) + 2;

/**
 * parseNumber("2.5", { min, max, integer, name }) — rejects empty text, letters, NaN,
 * Infinity and magnitudes beyond the limit (so 1e308 never reaches the engine).
 */
export function parseNumber(text, { min = -DEFAULT_LIMIT, max = DEFAULT_LIMIT, integer = false, name = 'This' } = {}) {
  const s = String(text ?? '')
    .trim()
    .replace(/\u2212/g, '-');
  if (s === '') return { ok: false, message: `${name} is empty: type a number.` };
  if (s.length > NUMBER_CHARS) return { ok: false, message: `${name} is too long to be a number.` };
  if (/^[+-]?(inf|infinity|∞)$/i.test(s))
    return { ok: false, message: `${name} must be a finite number, not infinity.` };
  if (/^[+-]?nan$/i.test(s)) return { ok: false, message: `${name} must be a number (NaN is not one).` };
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) {
    return { ok: false, message: `${name} must be a number like 2, -0.5 or 1e3.` };
  }
  const value = Number(s);
  if (!Number.isFinite(value)) return { ok: false, message: `${name} is too large to compute with.` };
  if (integer && !Number.isInteger(value)) return { ok: false, message: `${name} must be a whole number.` };
  if (value < min || value > max) {
    return { ok: false, message: `${name} must be between ${min} and ${max}.` };
  }
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}

/**
 * parseVector("8, 2, 5", { minLength, maxLength, ...numberOpts }) — numbers separated by commas
 * or spaces, optional surrounding brackets. The messages start with `name` and a colon, so they
 * read right whether the name is singular ("The list") or plural ("The scores").
 */
export function parseVector(text, { minLength = 1, maxLength = 16, name = 'The list', ...numOpts } = {}) {
  const s = String(text ?? '')
    .trim()
    .replace(/^\[|\]$/g, '')
    .trim();
  if (s === '') return { ok: false, message: `${name}: nothing typed yet; type numbers separated by commas.` };
  const parts = s.split(/[\s,;]+/).filter(Boolean);
  if (parts.length > maxLength)
    return { ok: false, message: `${name}: ${parts.length} numbers; at most ${maxLength} are allowed.` };
  if (parts.length < minLength)
    return {
      ok: false,
      message: `${name}: ${parts.length} number${parts.length === 1 ? '' : 's'}; at least ${minLength} are needed.`,
    };
  const value = [];
  for (let i = 0; i < parts.length; i++) {
    const r = parseNumber(parts[i], { ...numOpts, name: `Number ${i + 1}` });
    if (!r.ok) return r;
    value.push(r.value);
  }
  return { ok: true, value };
}
