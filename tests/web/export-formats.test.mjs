// The text formats a matrix copies to (CSV, JSON, LaTeX bmatrix) and the training-run file:
// copies keep every digit, and a run file is checked like any input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrixToCsv, matrixToJson, matrixToLatex, fileStem } from '../../web/src/export/index.js';
import { runToJson, parseRun } from '../../web/src/widgets/training/run-file.js';
import { declaredOptions } from '../../web/src/state/model-options.js';

const M = [
  [1, -2.5, 0.1 + 0.2],
  [3e-7, 0, -1e21],
];

test('matrix copies keep every digit: CSV, JSON, LaTeX', () => {
  assert.equal(matrixToCsv(M), '1,-2.5,0.30000000000000004\n3e-7,0,-1e+21\n');
  assert.deepEqual(JSON.parse(matrixToJson(M)), M);
  assert.equal(
    matrixToLatex(M),
    '\\begin{bmatrix}\n  1 & -2.5 & 0.30000000000000004 \\\\\n  3 \\times 10^{-7} & 0 & -1 \\times 10^{21}\n\\end{bmatrix}\n',
  );
  // A masked score keeps its sign where the format can say it; JSON has no infinity.
  const masked = [[0.5, -Infinity]];
  assert.equal(matrixToCsv(masked), '0.5,-Infinity\n');
  assert.equal(matrixToJson(masked), '[[0.5,null]]');
  assert.match(matrixToLatex(masked), /0\.5 & -\\infty/);
  assert.equal(fileStem('Attention weights (A)'), 'attention-weights-a');
  assert.equal(fileStem('  '), 'figure');
});

const options = { task: 'adjectives', seed: 7, heads: 2, width: 16, lr: 0.01, layerNorm: false };
const points = [
  { step: 0, trainLoss: 2.3, heldoutLoss: 2.31, trainAccuracy: 0.1, heldoutAccuracy: 0.12, attention: 0.2 },
  { step: 10, trainLoss: 1.9, heldoutLoss: null, trainAccuracy: 0.3, heldoutAccuracy: null, attention: 0.4 },
];

// Every option the trainer declares, each at its default: what a run given none of them ran with.
const defaults = Object.fromEntries(declaredOptions('Trainer').map((o) => [o.key, o.default]));

test('a saved run parses back to its options and points', () => {
  const back = parseRun(runToJson({ options: { ...options, optimizer: 'adam' }, points, step: 10 }));
  assert.deepEqual(back, { options: { ...defaults, ...options, optimizer: 'adam' }, points });
});

test('a saved run keeps every option the trainer declares: a 2-layer SGD run comes back as one', () => {
  // lesson 9's two-layer preset, with an optimizer and batch other than the defaults
  const run = { ...options, layers: 2, heads: 1, width: 32, optimizer: 'sgd', batch: 8, momentum: 0.9, clip: 0.5 };
  assert.notEqual(run.optimizer, defaults.optimizer);
  assert.notEqual(run.batch, defaults.batch);
  const text = runToJson({ options: run, points, step: 10 });
  assert.deepEqual(
    Object.keys(JSON.parse(text).options),
    Object.keys(defaults),
    'the file holds every declared option',
  );
  const back = parseRun(text);
  for (const { key } of declaredOptions('Trainer')) assert.equal(back.options[key], run[key], key);
  // An option the lesson left out is saved as the default the trainer ran with.
  assert.deepEqual(parseRun(runToJson({ options, points, step: 10 })).options, { ...defaults, ...options });
});

test('a run saved by an earlier page (version 1, only the options the lesson set) reads its defaults', () => {
  const old = { format: 'self-attention-training-run', version: 1, options: { ...options, layers: 2 }, curves: points };
  assert.deepEqual(parseRun(JSON.stringify(old)).options, { ...defaults, ...options, layers: 2 });
});

test('a run saved before an option was declared reads that option as its default', () => {
  const good = JSON.parse(runToJson({ options: { ...options, layers: 2, clip: 0.5 }, points, step: 10 }));
  const { clip: _, ...noClip } = good.options;
  const back = parseRun(JSON.stringify({ ...good, options: noClip }));
  assert.equal(back.options.clip, defaults.clip);
  assert.equal(back.options.layers, 2);
});

test('a run file of another task or model is refused by name', () => {
  const good = JSON.parse(runToJson({ options, points, step: 10 }));
  const withOptions = (patch) => JSON.stringify({ ...good, options: { ...good.options, ...patch } });
  const cases = [
    [withOptions({ task: 'colours' }), /^"options\.task" must be 'adjectives' or 'pronouns', not "colours"$/],
    [withOptions({ task: 7 }), /^"options\.task" must be 'adjectives' or 'pronouns', not 7$/],
    [withOptions({ optimizer: 'rmsprop' }), /^"options\.optimizer" must be 'adam' or 'sgd', not "rmsprop"$/],
    [withOptions({ batch: 0 }), /^"options\.batch" must be 1 to 256, not 0$/],
    [withOptions({ layers: 3 }), /^"options\.layers" must be 1 or 2, not 3$/],
    [withOptions({ depth: 2 }), /^"options\.depth" is not an option of the Trainer/],
    [JSON.stringify({ ...good, model: 'Translator' }), /^"model" is "Translator": this figure trains the Trainer/],
    [JSON.stringify({ ...good, model: undefined }), /^"model" is undefined/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseRun(text),
      (e) => e.name === 'RunFileError' && message.test(e.message),
      String(message),
    );
  }
});

test('a bad run file is refused with a RunFileError naming the first problem', () => {
  const good = JSON.parse(runToJson({ options, points, step: 10 }));
  const bad = (patch) => JSON.stringify({ ...good, ...patch });
  const cases = [
    ['', /empty/],
    ['{', /not JSON/],
    ['[]', /not a saved training run/],
    [bad({ version: 3 }), /version 3/],
    [bad({ options: { ...good.options, heads: 3 } }), /options\.heads/],
    [bad({ options: { ...good.options, lr: 0 } }), /options\.lr/],
    [bad({ options: { ...good.options, layerNorm: 'yes' } }), /layerNorm/],
    [bad({ curves: [] }), /list of measured points/],
    [bad({ curves: [{ step: 5 }, { step: 5 }] }), /curves\[1\]\.step/],
    [bad({ curves: [{ step: 0, trainLoss: '1' }] }), /trainLoss must be a finite number/],
    [bad({ curves: [{ step: 0, attention: 1.5 }] }), /outside 0 to 1/],
    [bad({ curves: [{ step: 0, trainLoss: -1 }] }), /range of a loss/],
    ['x'.repeat(3 * 1024 * 1024), /larger than 2 MB/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseRun(text),
      (e) => e.name === 'RunFileError' && message.test(e.message),
      String(message),
    );
  }
});
