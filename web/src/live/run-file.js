// A live model's run as a JSON file: the options and seed that reproduce it and the curves it
// drew. Each model declares its format (runFormat below: its name, how to check its options,
// which curve fields it keeps); the widget loads it on demand (Save / Load, run-file-box.js). A
// loaded file is input like a text box: it is checked field by field and a bad file is named with
// the first thing wrong.
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_POINTS = 5000; // the curves keep at most 2000 points; room for other versions of the page

export class RunFileError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RunFileError';
  }
}

/** Throws the RunFileError that names a file's problem (for checkOptions too). */
export const fail = (message) => {
  throw new RunFileError(message);
};
export const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * runFormat({ format, checkOptions, fields, fractions }) -> { runToJson, parseRun, readRunFile }
 * format: the file's "format" name; checkOptions(options) -> the options to keep (fail() for a
 * bad one); fields: the curve fields saved beside step; fractions: those between 0 and 1 (the
 * others are losses: 0 to 1e6).
 */
export function runFormat({ format, checkOptions, fields, fractions }) {
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
    if (data.version !== 1) fail(`version ${JSON.stringify(data.version)} of the run format is not known here`);
    if (!isObject(data.options)) fail('"options" must be an object with the run\'s settings');
    return { options: checkOptions(data.options), points: checkPoints(data.curves) };
  }

  return {
    /** { options, points, step } -> the file's text */
    runToJson: ({ options, points, step }) =>
      `${JSON.stringify(
        {
          format,
          version: 1,
          savedAt: new Date().toISOString(),
          options,
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
