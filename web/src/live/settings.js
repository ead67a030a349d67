// The settings of a live model that start a run over (seed, heads, layers, ...), as data: each
// becomes a labelled field in the fieldset every live widget shows them in.
import { el } from '../ui/dom.js';
import { numberField } from '../ui/number-field.js';
import { checkbox, select } from '../ui/controls.js';

const option = (x) => (typeof x === 'object' ? x : { value: String(x), label: String(x) });

function field({ key, label, choices, seedMax, toggle }, values, onChange) {
  const change = (x) => onChange({ [key]: x });
  if (choices) return select({ label, options: choices.map(option), value: values[key], onChange: change });
  if (seedMax !== undefined)
    return numberField({
      label: 'Seed',
      value: values[key],
      min: 0,
      max: seedMax,
      integer: true,
      name: 'The seed',
      width: '6rem',
      onChange: change,
    });
  if (toggle) return checkbox({ label, checked: values[key], onChange: change });
  throw new Error(`setting "${key}" needs choices, seedMax or toggle`);
}

/**
 * settingsBox({ legend, values, fields, onChange(patch) }) -> node
 * fields: [{ key, label, choices: [value | { value, label }] } | { key, seedMax } | { key, label,
 * toggle: true }], read from and named by values[key] (choices as strings: the URL's form).
 */
export function settingsBox({ legend, values, fields, onChange }) {
  return el(
    'fieldset',
    { class: 'settings' },
    el('legend', {}, legend),
    el('div', { class: 'controls' }, ...fields.map((f) => field(f, values, onChange).node)),
  );
}
