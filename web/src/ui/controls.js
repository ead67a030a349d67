// Small labelled controls shared by widgets: preset buttons, checkboxes, sliders, selects, and
// the guard that turns an engine Error into a message next to the input that caused it.
import { el, newId } from './dom.js';
import { fmt } from './format.js';

/** presets({ label, items: [{ label, title? }], onPick(index) }) -> { node } */
export function presets({ label = 'Examples', items, onPick }) {
  const id = newId('presets');
  return {
    node: el(
      'div',
      { class: 'presets', role: 'group', 'aria-labelledby': id },
      el('span', { class: 'presets-label', id }, label),
      items.map((item, i) =>
        el(
          'button',
          // data-preset: the control sweep (tests/browser/control-sweep.test.mjs) presses every preset.
          {
            type: 'button',
            class: 'button small',
            title: item.title,
            dataset: { preset: '' },
            onclick: () => onPick(i),
          },
          item.label,
        ),
      ),
    ),
  };
}

/** checkbox({ label, checked, onChange(bool) }) -> { node, input, set(bool) } */
export function checkbox({ label, checked = false, onChange }) {
  const id = newId('check');
  const input = el('input', { type: 'checkbox', id, checked, onchange: () => onChange?.(input.checked) });
  return {
    node: el('div', { class: 'check' }, input, el('label', { for: id }, label)),
    input,
    set: (v) => (input.checked = v),
  };
}

/** slider({ label, min, max, step, value, format(v), onInput(v) }) -> { node, input, set(v) } */
export function slider({ label, min, max, step, value, format = String, onInput }) {
  const id = newId('slider');
  const out = el('output', { for: id, class: 'slider-value' }, format(value));
  const input = el('input', {
    type: 'range',
    id,
    min: String(min),
    max: String(max),
    step: String(step),
    value: String(value),
  });
  input.addEventListener('input', () => {
    const v = Number(input.value);
    out.textContent = format(v);
    input.setAttribute('aria-valuetext', format(v));
    onInput?.(v);
  });
  input.setAttribute('aria-valuetext', format(value));
  return {
    node: el('div', { class: 'slider' }, el('label', { for: id }, label), input, out),
    input,
    set(v) {
      input.value = String(v);
      out.textContent = format(v);
      input.setAttribute('aria-valuetext', format(v));
    },
  };
}

/**
 * The temperature T on a logarithmic slider: T = 10^p for p from -1 to 1, so T = 1 sits in the
 * middle and 0.1 to 1 gets as much room as 1 to 10. T is rounded to two significant digits (0.1,
 * 0.25, 1, 4.5, 10). temperatureSlider({ value, onInput(t) }) -> { node, input, set(t) }
 */
export function temperatureSlider({ label = 'Temperature T', value, onInput }) {
  const tOf = (p) => Number((10 ** p).toPrecision(2));
  const s = slider({
    label,
    min: -1,
    max: 1,
    step: 0.01,
    value: Math.log10(value),
    format: (p) => fmt(tOf(p), 2),
    onInput: (p) => onInput(tOf(p)),
  });
  return { node: s.node, input: s.input, set: (t) => s.set(Math.log10(t)) };
}

/** select({ label, options: [{ value, label }], value, onChange }) -> { node, input } */
export function select({ label, options, value, onChange }) {
  const id = newId('select');
  const input = el(
    'select',
    { id, onchange: () => onChange?.(input.value) },
    options.map((o) => el('option', { value: o.value, selected: o.value === value }, o.label)),
  );
  return { node: el('div', { class: 'select' }, el('label', { for: id }, label), input), input };
}

let refusals = 0;

/**
 * How many engine calls tryEngine has refused so far. The widget kit compares it around a
 * render: a render that showed an engine error leaves the URL at the last state that worked, so
 * a link never holds a state that opens as an error.
 */
export const engineRefusals = () => refusals;

/**
 * Run an engine call; on a thrown Error show its message (which names the problem, e.g.
 * "W_Q has 3 rows but X has 4 columns") in `message` and return undefined.
 */
export function tryEngine(message, fn) {
  try {
    const result = fn();
    message.clear();
    return result;
  } catch (e) {
    refusals += 1;
    message.show(`The engine could not compute this: ${e?.message || e}`);
    return undefined;
  }
}

/**
 * Let a lesson hide controls it doesn't need (as TensorFlow Playground's _hide flags do): the
 * widget fence says "hide": ["temperature", ...] and the widget passes its named nodes (or arrays
 * of nodes) here.
 */
export function hideControls(config, controls) {
  for (const name of Array.isArray(config.hide) ? config.hide : []) {
    if (controls[name]) for (const node of [controls[name]].flat()) node.hidden = true;
    else console.warn(`"hide": no control named "${name}" (known: ${Object.keys(controls).join(', ')})`);
  }
}
