// The lesson fences for active learning are checked at build time like the widget fences: a
// predict block, an exercise's misconceptions and a conceptual question with a bad shape fail the
// build, naming the file and the fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../web/plugins/markdown.js';

const fence = (info, body) => '```' + info + '\n' + JSON.stringify(body) + '\n```\n';
const render = (info, body) => renderMarkdown(fence(info, body), 'lesson.md');

const predict = {
  prompt: 'Add 100 to every score. The weight of $8$?',
  kind: 'sign',
  choices: ['up', 'down', 'same'],
  check: { call: 'softmax', args: [[108, 102, 105]], answer: '[0]', label: 'after' },
  baseline: { call: 'softmax', args: [[8, 2, 5]], answer: '[0]' },
};

test('predict fences become mount points with their prose rendered', () => {
  const { html, predictions } = render('predict', predict);
  assert.match(html, /class="predict-mount" data-predict-index="0"/);
  assert.equal(predictions.length, 1);
  assert.match(predictions[0].prompt, /katex/);
});

test('a "sign" predict without a baseline asks for the sign of the checked number itself', () => {
  const { predictions } = render('predict', { ...predict, baseline: undefined });
  assert.equal(predictions[0].baseline, undefined);
});

test('a predict fence with a bad shape fails the build, saying what is wrong', () => {
  const bad = (patch, pattern) => assert.throws(() => render('predict', { ...predict, ...patch }), pattern);
  bad({ kind: 'guess' }, /lesson\.md.*"kind" must be one of choice, sign, number/);
  bad({ check: undefined }, /needs "check"/);
  bad({ check: { call: 'soft max', args: [], answer: '' } }, /"check" "call" must be an engine function name/);
  bad({ check: { ...predict.check, answer: 'weights[0' } }, /"answer" path/);
  bad({ choices: ['up', 'down'] }, /three choices/);
  bad({ kind: 'choice', choices: ['a', 'b'] }, /"baseline" is for/);
  bad({ kind: 'number' }, /takes no choices/);
  bad({ tolerance: -1 }, /"tolerance" must be a number >= 0/);
  bad({ check: { ...predict.check, label: 3 } }, /"label" must be a string/);
});

const exercise = { prompt: 'Weight of 8?', call: 'softmax', args: [[8, 2, 5]], answer: '[0]', tolerance: 0.005 };

test('misconceptions: a literal value or an engine call, each with its feedback', () => {
  const ok = {
    ...exercise,
    misconceptions: [
      { value: 0.84, feedback: 'Not softmax.' },
      { call: 'softmax', args: [[8, 2, 5]], answer: '[1]', tolerance: 0.001, feedback: 'The weight of 2.' },
    ],
  };
  assert.equal(render('exercise', ok).exercises[0].misconceptions.length, 2);
  const bad = (misconceptions, pattern) =>
    assert.throws(() => render('exercise', { ...exercise, misconceptions }), pattern);
  bad([], /non-empty list/);
  bad([{ value: 0.84 }], /misconception 1 needs "feedback"/);
  bad([{ feedback: 'x' }], /misconception 1 needs a "value" number, or "call"/);
  bad([{ value: 'NaN', feedback: 'x' }], /"value" number/);
  bad([{ call: 'softmax', args: 1, answer: '', feedback: 'x' }], /misconception 1 needs "args"/);
  bad([{ value: 1, tolerance: -1, feedback: 'x' }], /misconception 1 "tolerance"/);
});

test('conceptual questions: choices, the right one given, feedback per wrong choice', () => {
  const concept = {
    prompt: 'Which is mixed?',
    choices: ['queries', 'values'],
    correct: 1,
    choiceFeedback: ['Queries only ask.', null],
  };
  assert.equal(render('exercise', concept).exercises[0].correct, 1);
  const bad = (patch, pattern) => assert.throws(() => render('exercise', { ...concept, ...patch }), pattern);
  bad({ correct: 2 }, /needs "correct": the index of the right choice/);
  bad({ correct: undefined }, /needs "correct"/);
  bad({ choiceFeedback: ['only one'] }, /one string \(or null\) per choice/);
  bad({ choices: ['one'] }, /at least two strings/);
  // A computed exercise cannot also declare its answer.
  assert.throws(
    () => render('exercise', { ...exercise, choices: ['a', 'b', 'c'], reduce: 'argmax', correct: 0 }),
    /"correct" is only for questions without a "call"/,
  );
});

// A predict block's cover: the part of the lesson that gives its answer away, up to end-predict.
const coverLesson = (patch = {}, between = 'The weight stays **the same** after the shift.\n\n') =>
  fence('predict', { ...predict, covers: true, ...patch }) + '\n' + between + '```end-predict\n```\n';

test('a covering predict wraps what follows, up to end-predict, in a cover hidden from the start', () => {
  const { html, predictions } = renderMarkdown(
    coverLesson({ reveals: ['The weight stays the same'] }) + '\nAfter.\n',
    'lesson.md',
  );
  assert.match(
    html,
    /<section class="predict-mount" data-predict-index="0"><\/section>\s*<div class="predict-cover" data-predict-cover="0" hidden>\s*<p>The weight stays <strong>the same<\/strong>[^]*<\/div>\s*<p>After\.<\/p>/,
  );
  assert.equal(predictions[0].covers, true);
  assert.deepEqual(predictions[0].reveals, ['The weight stays the same']);
  // Without "covers" nothing is wrapped.
  assert.doesNotMatch(render('predict', predict).html, /predict-cover/);
});

test('a cover that is not closed, empty, nested or names a sentence it does not hold fails the build', () => {
  const bad = (md, pattern) => assert.throws(() => renderMarkdown(md, 'lesson.md'), pattern);
  bad(fence('predict', { ...predict, covers: true }) + '\nText.\n', /lesson\.md.*needs an end-predict fence/);
  bad('Text.\n\n```end-predict\n```\n', /end-predict without a predict/);
  bad(coverLesson({}, ''), /closes an empty cover/);
  bad(coverLesson({}, fence('predict', predict)), /a predict inside the cover/);
  bad(
    coverLesson({ reveals: ['the weight doubles'] }),
    /"reveals" names "the weight doubles", which is not in the part it covers/,
  );
  bad(coverLesson({ covers: 'yes' }), /"covers" must be true/);
  bad(fence('predict', { ...predict, reveals: ['x'] }), /"reveals" needs "covers": true/);
  bad(coverLesson({ reveals: [] }), /"reveals" must be a non-empty list/);
});

test('an argument may be another engine call, checked like the call itself', () => {
  const inner = { call: 'softmax', args: [[1, 2]], answer: '' };
  const check = { call: 'attentionEntropy', args: [[{ engine: inner }]], answer: '' };
  const ok = { ...predict, kind: 'choice', choices: ['a', 'b'], check, baseline: undefined };
  assert.equal(render('predict', ok).predictions.length, 1);
  const withInner = (engine) => ({ ...ok, check: { ...ok.check, args: [[{ engine }]] } });
  assert.throws(() => render('predict', withInner({ ...inner, call: 'soft max' })), /\(inner call\) "call" must be/);
  assert.throws(
    () => render('predict', { ...ok, check: { ...ok.check, args: [[{ engine: inner, extra: 1 }]] } }),
    /\{ "engine": \{ call, args, answer \} \} alone/,
  );
});

test('exercise feedback renders its Markdown: no raw asterisks reach the learner', () => {
  const ex = {
    prompt: 'Which?',
    choices: ['a', 'b'],
    correct: 0,
    choiceFeedback: [null, 'Not *this* one: **b** is the food value.'],
  };
  const [got] = render('exercise', ex).exercises;
  assert.equal(got.choiceFeedback[1], 'Not <em>this</em> one: <strong>b</strong> is the food value.');
  const withMisconception = render('exercise', {
    ...exercise,
    misconceptions: [{ value: 0.7, feedback: 'That is the **food** value of *apple*.' }],
  }).exercises[0];
  assert.equal(
    withMisconception.misconceptions[0].feedback,
    'That is the <strong>food</strong> value of <em>apple</em>.',
  );
});

// A stepper: ```steps``` opens it, each ```step``` starts a stage with its title, ```end-steps```
// closes it. Every stage holds something, and a stepper and a predict cover nest, never cross.
const steps = (label = 'The forward pass') => fence('steps', { label });
const step = (title) => fence('step', { title });
const endSteps = '```end-steps\n```\n';

test('a stepper becomes one box per stage, every stage in the HTML with its title', () => {
  const md =
    'Before.\n\n' + steps() + step('Scores') + '\nS.\n\n' + step('Weights $A$') + '\nA.\n\n' + endSteps + '\nAfter.\n';
  const { html, steppers } = renderMarkdown(md, 'lesson.md');
  assert.match(html, /<div class="stepper" data-stepper-index="0" role="group" aria-label="The forward pass">/);
  assert.equal(html.match(/<section class="stepper-step"/g).length, 2);
  assert.match(html, /Stage 2: <\/span>Weights <span class="katex">/);
  assert.match(html, /<p>S\.<\/p>\n<\/section>\n<section class="stepper-step" data-step="1">/);
  assert.match(html, /<p>A\.<\/p>\n<\/section>\n<\/div>\n<p>After\.<\/p>/);
  assert.deepEqual(steppers, [{ label: 'The forward pass', steps: ['Scores', 'Weights $A$'] }]);
});

test('a stepper with a bad shape fails the build, naming the fence and the fault', () => {
  const bad = (md, pattern) => assert.throws(() => renderMarkdown(md, 'lesson.md'), pattern);
  const two = step('A') + '\na\n\n' + step('B') + '\nb\n\n';
  bad(fence('steps', {}) + two + endSteps, /lesson\.md:1.*steps needs "label"/);
  bad(steps() + fence('step', {}) + '\na\n\n' + step('B') + '\nb\n\n' + endSteps, /step needs "title"/);
  bad(
    steps() + fence('step', { title: 'A', open: true }) + '\na\n\n' + endSteps,
    /step takes only "title" \(not "open"\)/,
  );
  bad(steps() + '\nLoose.\n\n' + two + endSteps, /text between steps and its first step/);
  bad(steps() + step('A') + step('B') + '\nb\n\n' + endSteps, /lesson\.md:4.*an empty stage/);
  bad(steps() + two + step('C') + endSteps, /an empty stage/);
  bad(steps() + step('A') + '\na\n\n' + endSteps, /at least two steps/);
  bad(steps() + two, /needs an end-steps fence/);
  bad(step('A') + '\na\n', /step outside a stepper/);
  bad(endSteps, /end-steps without a steps fence/);
  bad(
    steps() + step('A') + '\na\n\n' + steps() + two + endSteps + endSteps,
    /a stepper inside the stepper opened at lesson\.md:1/,
  );
  // A cover may sit in a stage, or a stepper in a cover, but one may not close inside the other.
  const cover = fence('predict', { ...predict, covers: true });
  const endCover = '```end-predict\n```\n';
  bad(
    steps() + step('A') + cover + '\na\n\n' + step('B') + '\nb\n\n' + endCover + endSteps,
    /a stage starts inside the predict cover/,
  );
  bad(steps() + step('A') + cover + '\na\n\n' + endSteps, /end-steps inside the predict cover/);
  bad(cover + steps() + two + endCover + endSteps, /end-predict inside the stepper/);
  assert.doesNotThrow(() =>
    renderMarkdown(steps() + step('A') + cover + '\na\n\n' + endCover + step('B') + '\nb\n\n' + endSteps, 'l.md'),
  );
  assert.doesNotThrow(() => renderMarkdown(cover + '\nx\n\n' + steps() + two + endSteps + endCover, 'l.md'));
});
