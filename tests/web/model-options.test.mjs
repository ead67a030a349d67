// Widget schemas take their model options' ranges from the C++ declarations; a control may offer
// less than the declaration allows, never more.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  declaredOption,
  modelOptions,
  modelParam,
  optionChoices,
  optionRange,
  textMaxLength,
} from '../../web/src/state/model-options.js';

test('ranges and choices are the declared ones, open ends just inside', () => {
  assert.deepEqual(optionRange('Translator', 'width'), { min: 4, max: 32 });
  const lr = optionRange('Trainer', 'lr');
  assert.ok(lr.min > 0 && lr.min < 1e-300, 'lr is (0, 10]: the smallest positive number is allowed');
  assert.equal(lr.max, 10);
  assert.ok(optionRange('Trainer', 'momentum').max < 1);
  assert.equal(optionRange('Trainer', 'clip').max, Infinity);
  assert.deepEqual(optionChoices('Trainer', 'layers'), [1, 2]);
  assert.deepEqual(optionChoices('Trainer', 'optimizer'), ['adam', 'sgd']);
});

test('a narrower offer inside the declaration is kept; one outside it fails, naming the range', () => {
  assert.deepEqual(optionChoices('Trainer', 'heads', [1, 2, 4]), [1, 2, 4]);
  assert.throws(() => optionChoices('Trainer', 'heads', [1, 8]), /"heads" allows 1 to 4; a widget may not offer 8/);
  assert.throws(() => optionRange('Translator', 'width', { max: 128 }), /"width" allows 4 to 32/);
  assert.throws(() => optionRange('Trainer', 'lr', { min: 0 }), /"lr" allows in \(0, 10\]/);
  assert.throws(() => declaredOption('Translator', 'task'), /Translator declares no option "task"/);
  assert.throws(() => declaredOption('Poet', 'seed'), /no model Poet/);
});

test('params check fence values against the declaration', () => {
  assert.equal(modelParam('Translator', 'width').check(32), null);
  assert.match(modelParam('Translator', 'width').check(64), /between 4 and 32/);
  assert.match(modelParam('Trainer', 'optimizer').check('rmsprop'), /must be one of/);
  assert.equal(modelParam('Trainer', 'layerNorm').check(true), null);
});

test("modelOptions keeps only the model's declared options that are set", () => {
  const config = { task: 'pronouns', layers: 2, sentence: 'it was tired', speed: 10, width: undefined };
  assert.deepEqual(modelOptions('Trainer', config), { task: 'pronouns', layers: 2 });
  assert.deepEqual(modelOptions('Translator', config), { layers: 2 });
});

test("an option added to a model's declaration reaches a widget's fence with its range", () => {
  // The translator's warm-up was added as the C++, one declaration line and a test; the schema
  // only names it.
  assert.deepEqual(optionRange('Translator', 'warmup'), { min: 0, max: 100000 });
  assert.deepEqual(modelOptions('Translator', { warmup: 50, speed: 3 }), { warmup: 50 });
});

test("the language model's options of issue 21 reach the widgets from its declaration", () => {
  assert.deepEqual(optionChoices('LanguageModel', 'positions'), ['learned', 'sinusoidal', 'rope', 'none']);
  assert.deepEqual(optionChoices('LanguageModel', 'softmax'), ['standard', 'plusOne']);
  assert.deepEqual(optionChoices('LanguageModel', 'kvHeads', [1, 2, 4]), [1, 2, 4]);
  assert.deepEqual(optionRange('LanguageModel', 'length'), { min: 8, max: 32 });
  assert.equal(optionRange('LanguageModel', 'ropeBase', { min: 1 }).max, 1e8);
  assert.throws(() => optionRange('LanguageModel', 'ropeBase', { min: 0 }), /"ropeBase" allows in \(0, 1e\+08\]/);
  assert.equal(modelParam('LanguageModel', 'bos').check(false), null);
  assert.deepEqual(modelOptions('LanguageModel', { positions: 'rope', kvHeads: 1, speed: 3 }), {
    positions: 'rope',
    kvHeads: 1,
  });
});

test("textMaxLength: a model's declared bound on a text parameter, the maxlength of the box that feeds it", () => {
  assert.equal(textMaxLength('Trainer', 'sentence'), 300);
  assert.equal(textMaxLength('Translator', 'sentence'), 200);
  assert.equal(textMaxLength('LanguageModel', 'prompt'), 200);
  assert.throws(() => textMaxLength('Trainer', 'prompt'), /Trainer declares no text parameter "prompt"/);
  assert.throws(() => textMaxLength('Trainer', 'sample size'), /no text parameter/);
  assert.throws(() => textMaxLength('Nothing', 'sentence'), /no model Nothing is declared/);
});
