// A training run as a JSON file: the options and seed that reproduce it and the curves it drew.
// Loaded on demand (Save / Load in the training widget). A loaded file is input like a text
// box: it is checked field by field and a bad file is named with the first thing wrong.
import { HEADS, WIDTHS, LR, SEED_MAX } from '../training.schema.js';

export const RUN_FORMAT = 'self-attention-training-run';
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_POINTS = 5000; // the curves keep at most 2000 points; room for other versions of the page
const POINT_FIELDS = ['trainLoss', 'heldoutLoss', 'trainAccuracy', 'heldoutAccuracy', 'attention'];
const FRACTIONS = new Set(['trainAccuracy', 'heldoutAccuracy', 'attention']);

/** { options, points, step } -> the file's text */
export function runToJson({ options, points, step }) {
  return `${JSON.stringify(
    {
      format: RUN_FORMAT,
      version: 1,
      savedAt: new Date().toISOString(),
      options,
      step,
      curves: points.map((p) => Object.fromEntries([['step', p.step], ...POINT_FIELDS.map((k) => [k, p[k] ?? null])])),
    },
    null,
    1,
  )}\n`;
}

class RunFileError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RunFileError';
  }
}

const fail = (message) => {
  throw new RunFileError(message);
};
const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

function checkOptions(o) {
  if (!isObject(o)) fail('"options" must be an object with the run\'s settings');
  if (typeof o.task !== 'string' || o.task.length === 0 || o.task.length > 60)
    fail('"options.task" must be a task name');
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > SEED_MAX)
    fail(`"options.seed" must be a whole number from 0 to ${SEED_MAX}`);
  if (!HEADS.includes(o.heads)) fail(`"options.heads" must be one of ${HEADS.join(', ')}`);
  if (!WIDTHS.includes(o.width)) fail(`"options.width" must be one of ${WIDTHS.join(', ')}`);
  if (typeof o.lr !== 'number' || !Number.isFinite(o.lr) || o.lr < LR.min || o.lr > LR.max)
    fail(`"options.lr" must be a number from ${LR.min} to ${LR.max}`);
  if (typeof o.layerNorm !== 'boolean') fail('"options.layerNorm" must be true or false');
  return { task: o.task, seed: o.seed, heads: o.heads, width: o.width, lr: o.lr, layerNorm: o.layerNorm };
}

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
    for (const k of POINT_FIELDS) {
      const x = p[k] ?? null;
      if (x !== null) {
        if (typeof x !== 'number' || !Number.isFinite(x)) fail(`curves[${i}].${k} must be a finite number or null`);
        if (x < 0 || (FRACTIONS.has(k) && x > 1) || x > 1e6)
          fail(`curves[${i}].${k} is ${x}, outside ${FRACTIONS.has(k) ? '0 to 1' : 'the range of a loss'}`);
      }
      point[k] = x;
    }
    return point;
  });
}

/** text -> { options, points }; throws RunFileError naming the first problem. */
export function parseRun(text) {
  if (typeof text !== 'string' || text.length === 0) fail('the file is empty');
  if (text.length > MAX_FILE_BYTES) fail('the file is larger than 2 MB; a saved run is far smaller');
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    fail('the file is not JSON');
  }
  if (!isObject(data) || data.format !== RUN_FORMAT)
    fail(`this is not a saved training run (its "format" is not "${RUN_FORMAT}")`);
  if (data.version !== 1) fail(`version ${JSON.stringify(data.version)} of the run format is not known here`);
  return { options: checkOptions(data.options), points: checkPoints(data.curves) };
}

/** A File (from an <input type="file">) -> { options, points }; throws RunFileError. */
export async function readRunFile(file) {
  if (!file) fail('no file was chosen');
  if (file.size > MAX_FILE_BYTES) fail('the file is larger than 2 MB; a saved run is far smaller');
  return parseRun(await file.text());
}
