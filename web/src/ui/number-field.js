// Validated inputs: a single number, or a list of numbers typed as "8, 2, 5". onChange fires only
// with valid values; otherwise the message next to the field says what is wrong
// (aria-describedby), and the last valid value stays on screen in the views.
import { el, newId, attachMessage } from './dom.js';
import { parseNumber, parseVector, DEFAULT_LIMIT, NUMBER_CHARS, listChars } from './parse.js';

/**
 * The allowed values, written on the input as data-* attributes: the control sweep
 * (tests/browser/control-sweep.test.mjs) reads them to drive every field at both ends, in the
 * middle and just outside, so a new widget built from these fields is swept with no list to keep.
 */
export function markRange(
  input,
  { min = -DEFAULT_LIMIT, max = DEFAULT_LIMIT, integer = false, minLength, maxLength, least, most },
) {
  Object.assign(input.dataset, {
    min: String(least ?? min),
    max: String(most ?? max),
    integer: integer ? '1' : '0',
  });
  if (minLength !== undefined)
    Object.assign(input.dataset, { minLength: String(minLength), maxLength: String(maxLength) });
}

// maxLength: the longest text parse() reads, the box's maxlength.
function field({ label, text, parse, maxLength, onChange, width, hint, className = '' }) {
  const id = newId('field');
  const input = el('input', {
    id,
    type: 'text',
    class: 'number-input',
    maxlength: String(maxLength),
    value: text,
    autocomplete: 'off',
    spellcheck: 'false',
    inputmode: 'text',
    style: width ? { width } : undefined,
  });
  const node = el('div', { class: `field ${className}`.trim() }, el('label', { for: id }, label), input);
  if (hint) {
    const hintNode = el('p', { class: 'field-hint', id: newId('hint') }, hint);
    input.setAttribute('aria-describedby', hintNode.id);
    node.append(hintNode);
  }
  const message = attachMessage(input, node);
  const check = () => {
    const r = parse(input.value);
    message.show(r.ok ? '' : r.message);
    if (r.ok) onChange?.(r.value);
    return r;
  };
  input.addEventListener('input', check);
  return { node, input, message, check };
}

/**
 * numberField({ label, value, min, max, integer, step, onChange, check, least, most })
 * ArrowUp / ArrowDown change the value by `step`. check(value) may refuse a parsed number with a
 * message of its own (null: accepted), e.g. a learning rate of 0 that would take no step; `least`
 * and `most` are then the smallest and largest values the field does take (the ends the control
 * sweep tries, and just beyond which it expects a refusal at the field).
 */
export function numberField({
  label,
  value,
  min,
  max,
  integer = false,
  step = 1,
  onChange,
  name,
  hint,
  width = '6.5rem',
  check,
  least,
  most,
}) {
  const opts = { min, max, integer, name: name || label };
  const parse = (s) => {
    const r = parseNumber(s, opts);
    const refused = r.ok && check?.(r.value);
    return refused ? { ok: false, message: refused } : r;
  };
  const f = field({
    label,
    text: String(value),
    parse,
    maxLength: NUMBER_CHARS,
    onChange,
    width,
    hint,
    className: 'number-field',
  });
  f.input.setAttribute('inputmode', 'decimal');
  markRange(f.input, { ...opts, least, most });
  f.input.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    const r = parse(f.input.value);
    if (!r.ok) return;
    e.preventDefault();
    let next = r.value + (e.key === 'ArrowUp' ? step : -step) * (e.shiftKey ? 10 : 1);
    next = Number(next.toPrecision(12));
    if (min !== undefined) next = Math.max(min, next);
    if (max !== undefined) next = Math.min(max, next);
    f.input.value = String(next);
    f.check();
  });
  return {
    node: f.node,
    input: f.input,
    message: f.message,
    set(v) {
      f.input.value = String(v);
      f.message.clear();
    },
  };
}

/** vectorField({ label, value: [8, 2, 5], minLength, maxLength, min, max, onChange }) */
export function vectorField({
  label,
  value,
  minLength = 1,
  maxLength = 12,
  min,
  max,
  onChange,
  name,
  hint,
  width = '14rem',
}) {
  const opts = { minLength, maxLength, min, max, name: name || 'The list' };
  const f = field({
    label,
    text: value.join(', '),
    parse: (s) => parseVector(s, opts),
    maxLength: listChars(maxLength),
    onChange,
    width,
    hint,
    className: 'vector-field',
  });
  markRange(f.input, { min, max, minLength, maxLength });
  return {
    node: f.node,
    input: f.input,
    message: f.message,
    set(v) {
      f.input.value = v.join(', ');
      f.message.clear();
    },
  };
}
