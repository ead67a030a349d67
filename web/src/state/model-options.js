// A widget's model options with the ranges, choices and defaults of the model's own declaration
// (wasm/js/model-declarations.js, generated from the C++ by scripts/model-files.mjs): a schema
// says which options a widget exposes and may narrow what a control offers, but never states a
// range again, and a narrowing that leaves the declared range fails at import, naming it.
//
//   heads: param.choice(optionChoices('Trainer', 'heads', [1, 2, 4])),   // each checked: 1 to 4
//   width: modelParam('Translator', 'width'),                              // 4 to 32, as declared
//   engine.createTrainer(modelOptions('Trainer', config))                  // only declared keys
import models from '../../../wasm/js/model-declarations.js';
import { param } from './params.js';

// A model's declaration by name (an Error when no model has that name).
function declaration(model) {
  const m = models.find((d) => d.name === model);
  if (!m) throw new Error(`no model ${model} is declared (wasm/bindings/models.hpp)`);
  return m;
}

/** Every option a model declares, in its declared order: { key, label, kind, doc, default, range, ... }. */
export const declaredOptions = (model) => declaration(model).options;

/** The declaration of one option (an Error naming the model and key when there is none). */
export function declaredOption(model, key) {
  const m = declaration(model);
  const option = m.options.find((o) => o.key === key);
  if (!option)
    throw new Error(`${model} declares no option "${key}"; it has ${m.options.map((o) => o.key).join(', ')}`);
  return option;
}

// The nearest doubles inside an open end: (0, 10] allows Number.MIN_VALUE, [0, 1) 1 - 2^-53.
const inside = (x, up) =>
  x === 0 ? (up ? Number.MIN_VALUE : -Number.MIN_VALUE) : x + (up ? 1 : -1) * Math.abs(x) * 2 ** -53;

/** { min, max } a number field may offer: the declared range, or `narrower` inside it. */
export function optionRange(model, key, narrower = {}) {
  const o = declaredOption(model, key);
  if (o.min === undefined) throw new Error(`${model}'s option "${key}" is ${o.kind}, not a number`);
  const declared = {
    min: o.minOpen ? inside(o.min, true) : o.min,
    max: o.max === null ? Infinity : o.maxOpen ? inside(o.max, false) : o.max,
  };
  const range = { ...declared, ...narrower };
  if (range.min < declared.min || range.max > declared.max || range.min > range.max) {
    throw new Error(
      `${model}'s option "${key}" allows ${o.range}; a widget may not offer ${range.min} to ${range.max}`,
    );
  }
  return range;
}

/** The values a select offers: `offer` (each within the declaration), else every allowed value. */
export function optionChoices(model, key, offer) {
  const o = declaredOption(model, key);
  const allowed =
    o.kind === 'choice'
      ? o.choices
      : o.kind === 'integer' && o.max - o.min <= 64
        ? Array.from({ length: o.max - o.min + 1 }, (_, i) => o.min + i)
        : null;
  if (offer === undefined) {
    if (!allowed) throw new Error(`${model}'s option "${key}" (${o.range}) is too wide for a select: pass the values`);
    return allowed;
  }
  for (const value of offer) {
    const ok = allowed ? allowed.includes(value) : value >= o.min && value <= o.max;
    if (!ok) throw new Error(`${model}'s option "${key}" allows ${o.range}; a widget may not offer ${value}`);
  }
  return offer;
}

/** A config or URL param for an option, with the declared (or a narrower) range. */
export function modelParam(model, key, narrower) {
  const o = declaredOption(model, key);
  switch (o.kind) {
    case 'boolean':
      return param.boolean();
    case 'choice':
      return param.choice(optionChoices(model, key, narrower));
    case 'integer':
    case 'seed':
      return param.integer(optionRange(model, key, narrower));
    default:
      return param.number(optionRange(model, key, narrower));
  }
}

/**
 * The longest text a model's parameter `name` takes (its declared maxLength): what the text box
 * that feeds it takes as its maxlength, and what its URL state keeps. Every method that takes
 * a parameter of that name must declare the same bound (an Error naming the model otherwise).
 */
export function textMaxLength(model, name) {
  const m = declaration(model);
  const bounds = new Set(
    m.methods.flatMap((f) =>
      f.params.filter((p) => p.name === name && p.maxLength !== undefined).map((p) => p.maxLength),
    ),
  );
  if (bounds.size !== 1) {
    throw new Error(
      bounds.size === 0
        ? `${model} declares no text parameter "${name}"`
        : `${model}'s methods declare "${name}" with different bounds: ${[...bounds].join(', ')}`,
    );
  }
  return [...bounds][0];
}

/** The declared default of an option. */
export const optionDefault = (model, key) => declaredOption(model, key).default;

/** The config's values of the model's declared options (those given), for create<Name>(). */
export function modelOptions(model, config) {
  const out = {};
  for (const { key } of declaration(model).options) if (config[key] !== undefined) out[key] = config[key];
  return out;
}

/** Every declared option: the given value, else the declared default (what the model runs with). */
export function withDefaults(model, given) {
  return Object.fromEntries(declaration(model).options.map((o) => [o.key, given[o.key] ?? o.default]));
}
