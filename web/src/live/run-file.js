// A live model's run as a JSON file: the options and seed that reproduce it and the curves it
// drew. Each model declares its format (runFormat below: its name, the model it trains, which
// curve fields it keeps); the widget loads it on demand (Save / Load, run-file-box.js). A loaded
// file is input like a text box: it is checked field by field and a bad file is named with the
// first thing wrong. The options saved and checked are the model's declaration's (model-options.js),
// every one of them, so an option declared later in the C++ is carried and checked with no edit here.
import { declaredOptions, modelParam, withDefaults } from '../state/model-options.js';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_POINTS = 5000; // the curves keep at most 2000 points; room for other versions of the page
// Version 2 names the model and writes every declared option. Version 1 (earlier pages) wrote only
// the options the lesson set: each one it left out ran at its declared default, so it reads as that.
const VERSION = 2;

export class RunFileError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RunFileError';
  }
}

/** Throws the RunFileError that names a file's problem. */
const fail = (message) => {
  throw new RunFileError(message);
};
const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const show = (x) => {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};

/**
 * The run's options, every one the model declares, each within its declared range and within what
 * the widget offers (`offered`: its config schema's fields, where narrower). An option the file
 * does not carry is its declared default: version 1 wrote only the options a lesson set, and a
 * file saved before an option was declared ran without it, which is what its default means.
 */
function checkOptions(model, offered, given) {
  const declared = declaredOptions(model);
  const unknown = Object.keys(given).find((k) => !declared.some((o) => o.key === k));
  if (unknown !== undefined)
    fail(
      `"options.${unknown}" is not an option of the ${model}; its options are ${declared.map((o) => o.key).join(', ')}`,
    );
  const options = {};
  for (const o of declared) {
    const x = given[o.key];
    if (x === undefined) {
      options[o.key] = o.default;
      continue;
    }
    if (modelParam(model, o.key).check(x) !== null) fail(`"options.${o.key}" must be ${o.range}, not ${show(x)}`);
    const narrower = offered[o.key]?.check(x);
    if (narrower) fail(`"options.${o.key}" ${narrower} (what this figure offers)`);
    options[o.key] = x;
  }
  return options;
}

/**
 * runFormat({ format, model, offered, fields, fractions }) -> { runToJson, parseRun, readRunFile }
 * format: the file's "format" name; model: the declared model it trains ('Trainer'); offered: the
 * widget's config fields ({ key: param type }) that narrow an option's range; fields: the curve
 * fields saved beside step; fractions: those between 0 and 1 (the others are losses: 0 to 1e6).
 */
export function runFormat({ format, model, offered = {}, fields, fractions }) {
  const isFraction = new Set(fractions);

  function checkPoints(curves) {
    if (!Array.isArray(curves) || curves.length < 1) fail('"curves" must be a list of measured points');
    if (curves.length > MAX_POINTS) fail(`"curves" has ${curves.length} points; at most ${MAX_POINTS} are read`);
    let last = -1;
    return curves.map((p, i) => {
      if (!isObject(p)) fail(`curves[${i}] must be an object`);
      if (!Number.isInteger(p.step) || p.step <= last || p.step > 1e9)
        fail(`curves[${i}].step must be a whole number larger than the step before it`);
      last = p.step;
      const point = { step: p.step };
      for (const k of fields) {
        const x = p[k] ?? null;
        if (x !== null) {
          if (typeof x !== 'number' || !Number.isFinite(x)) fail(`curves[${i}].${k} must be a finite number or null`);
          if (x < 0 || (isFraction.has(k) && x > 1) || x > 1e6)
            fail(`curves[${i}].${k} is ${x}, outside ${isFraction.has(k) ? '0 to 1' : 'the range of a loss'}`);
        }
        point[k] = x;
      }
      return point;
    });
  }

  /** text -> { options, points }; throws RunFileError naming the first problem. */
  function parseRun(text) {
    if (typeof text !== 'string' || text.length === 0) fail('the file is empty');
    if (text.length > MAX_FILE_BYTES) fail('the file is larger than 2 MB; a saved run is far smaller');
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      fail('the file is not JSON');
    }
    if (!isObject(data) || data.format !== format)
      fail(`this is not a saved training run (its "format" is not "${format}")`);
    if (data.version !== 1 && data.version !== VERSION)
      fail(`version ${show(data.version)} of the run format is not known here`);
    // Version 1 files came from this format's one model.
    if (data.version !== 1 && data.model !== model)
      fail(`"model" is ${show(data.model)}: this figure trains the ${model}, so it cannot compare that run`);
    if (!isObject(data.options)) fail('"options" must be an object with the run\'s settings');
    return { options: checkOptions(model, offered, data.options), points: checkPoints(data.curves) };
  }

  return {
    /** { options, points, step } -> the file's text; an option not given is saved as its default. */
    runToJson: ({ options, points, step }) =>
      `${JSON.stringify(
        {
          format,
          version: VERSION,
          model,
          savedAt: new Date().toISOString(),
          options: withDefaults(model, options),
          step,
          curves: points.map((p) => Object.fromEntries([['step', p.step], ...fields.map((k) => [k, p[k] ?? null])])),
        },
        null,
        1,
      )}\n`,
    parseRun,
    /** A File (from an <input type="file">) -> { options, points }; throws RunFileError. */
    async readRunFile(file) {
      if (!file) fail('no file was chosen');
      if (file.size > MAX_FILE_BYTES) fail('the file is larger than 2 MB; a saved run is far smaller');
      return parseRun(await file.text());
    },
  };
}
