// The concept check's questions (content/concept-check.md) and the exercises' "vary" hooks are
// content checked at build time like the lessons' fences: the real ones pass, each question's
// "taught" sentence is in the lesson it links to, and a bad question or variation fails the build
// naming the file, line and fault. (Their engine checks: tests/node/review-and-check.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileConceptCheck } from '../../web/plugins/concept-check.js';
import { listLessons, loadCheck } from '../../web/plugins/content-plugin.js';
import { renderMarkdown } from '../../web/plugins/markdown.js';

const contentDir = fileURLToPath(new URL('../../content', import.meta.url));
const slugs = listLessons(path.join(contentDir, 'lessons')).map((l) => l.slug);
const plainWords = (md) => md.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();

test('the concept check: about fifteen questions on every concept, each wrong choice with its misconception and lesson', () => {
  const check = loadCheck(contentDir);
  assert.ok(check.questions.length >= 14 && check.questions.length <= 20, `${check.questions.length} questions`);
  for (const c of check.concepts)
    assert.ok(
      check.questions.some((q) => q.concept === c.id),
      c.id,
    );
  for (const q of check.questions) {
    assert.equal(q.choices.filter((c) => c.right).length, 1, q.id);
    for (const c of q.choices.filter((x) => !x.right)) {
      assert.ok(c.misconception.length > 10, `${q.id}: a misconception is named`);
      assert.ok(slugs.includes(c.lesson), `${q.id}: links to a lesson`);
    }
  }
  // The right answer is not always in one place, so position gives nothing away.
  const places = new Set(check.questions.map((q) => q.choices.findIndex((c) => c.right)));
  assert.ok(places.size >= 3, `the right answers sit at ${[...places]}`);
});

test("each question's answer is taught in the lesson it links to", () => {
  const check = loadCheck(contentDir);
  const files = listLessons(path.join(contentDir, 'lessons'));
  for (const q of check.questions) {
    const lesson = plainWords(fs.readFileSync(files.find((f) => f.slug === q.lesson).file, 'utf8'));
    assert.ok(lesson.includes(plainWords(q.taught)), `${q.id}: "${q.taught}" is not in lesson ${q.lesson}`);
  }
});

const question = {
  id: 'shift',
  concept: 'softmax',
  lesson: 'softmax',
  taught: 'Only differences matter',
  prompt: 'Add 10 to every score. The weights?',
  choices: [
    { text: 'They change', misconception: 'size matters', lesson: 'softmax' },
    { text: 'Nothing', right: true },
    { text: 'Equal', misconception: 'ratios', lesson: 'softmax' },
  ],
  why: 'The factor cancels.',
};
const checkFile = (questions, concepts = { softmax: 'Softmax' }) =>
  [
    '---\ntitle: Concept check\n---\nIntro.\n',
    '```concepts\n' + JSON.stringify(concepts) + '\n```\n',
    ...questions.map((q) => '```question\n' + JSON.stringify(q) + '\n```\n'),
  ].join('\n');
const five = (q) => Array.from({ length: 5 }, (_, i) => ({ ...question, id: `q${i}`, ...(i === 2 ? q : {}) }));
const compile = (text) => compileConceptCheck(text, 'concept-check.md', ['softmax', 'context']);

test('a question with a bad shape fails the build, naming the file, line and fault', () => {
  assert.equal(compile(checkFile(five({}))).questions.length, 5);
  const bad = (q, pattern) => assert.throws(() => compile(checkFile(five(q))), pattern);
  bad({ concept: 'gradients' }, /concept-check\.md:\d+ .*"concept" must be one of/);
  bad({ lesson: 'no-such' }, /"lesson" "no-such" is not a lesson/);
  bad({ taught: '' }, /needs "taught"/);
  bad({ why: undefined }, /needs "why"/);
  bad({ choices: question.choices.slice(0, 2) }, /three to six/);
  bad({ choices: [...question.choices, { text: 'Also', right: true }] }, /exactly one choice with "right": true/);
  bad(
    { choices: [{ text: 'x', lesson: 'softmax' }, ...question.choices.slice(1)] },
    /choice 1 is wrong, so it needs "misconception"/,
  );
  bad(
    { choices: [{ text: 'x', misconception: 'y', lesson: 'nope' }, ...question.choices.slice(1)] },
    /choice 1's "lesson" "nope"/,
  );
  bad({ hint: 'x' }, /a key "hint"/);
  bad({ engine: [[1, '~', 2]] }, /op must be one of/);
  bad({ engine: [[{ call: 'softmax', args: 3, answer: '' }, '==', 1]] }, /needs "args"/);
  assert.throws(
    () => compile(checkFile([...five({}), { ...question, id: 'q1' }])),
    /a second question with the id "q1"/,
  );
  assert.throws(() => compile(checkFile(five({}), { softmax: 'S', unused: 'U' })), /no question on the concept unused/);
  assert.throws(() => compile(checkFile(five({}).slice(0, 4))), /only 4 questions/);
});

test('a lesson may not take the route of a page (#/check, #/review)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lessons-'));
  fs.writeFileSync(path.join(dir, '01-review.md'), '---\ntitle: x\n---\n');
  assert.throws(() => listLessons(dir), /"review" is the route of the site's Review page/);
  fs.rmSync(dir, { recursive: true });
});

const exercise = {
  prompt: 'What weight does softmax give to the score 8 in [8, 2, 5]?',
  call: 'softmax',
  args: [[8, 2, 5]],
  answer: '[0]',
  tolerance: 0.005,
  vary: {
    values: { a: { int: [4, 9], was: 8 }, b: { pick: [1, 2, 3], was: 2 } },
    prompt: 'What weight does softmax give to the score {a} in [{a}, {b}, 5]?',
    args: [[{ $: 'a' }, { $: 'b' }, 5]],
    misconceptions: [
      { call: 'softmax', args: [[{ $: 'a' }, { $: 'b' }, 5]], answer: '[1]', feedback: 'The weight of {b}.' },
    ],
  },
};
const renderExercise = (ex) => renderMarkdown('```exercise\n' + JSON.stringify(ex) + '\n```\n', 'lesson.md');

test('an exercise\'s "vary" is checked: its templates with the lesson\'s numbers must be the exercise', () => {
  const { exercises } = renderExercise(exercise);
  assert.match(exercises[0].vary.prompt, /score \{a\} in \[\{a\}, \{b\}, 5\]/, 'placeholders survive rendering');
  const bad = (vary, pattern) =>
    assert.throws(() => renderExercise({ ...exercise, vary: { ...exercise.vary, ...vary } }), pattern);
  bad({ prompt: 'What weight does softmax give to the score {a} in [{a}, {b}, 6]?' }, /must be the exercise's prompt/);
  bad({ args: [[{ $: 'a' }, 3, 5]] }, /must be the exercise's args/);
  bad(
    { values: { a: { int: [4, 9], was: 10 }, b: exercise.vary.values.b } },
    /"vary\.values\.a"\.was must be the lesson's number/,
  );
  bad({ values: { a: { int: [4, 9], was: 8 }, b: { pick: [1, 3], was: 2 } } }, /one of its "pick"/);
  bad({ values: { a: { int: [4, 9], was: 8 } } }, /uses \{b\}, which "vary\.values" does not declare/);
  bad(
    { values: { ...exercise.vary.values, c: { int: [0, 3], was: 1 } } },
    /"vary\.values\.c" is not in "vary\.prompt"/,
  );
  bad({ order: [['a', '~', 'b']] }, /"vary\.order" rule/);
  bad({ misconceptions: [{ call: 'softmax', args: [[1]], answer: '[9', feedback: 'x' }] }, /"answer" path/);
  bad({ colour: 'red' }, /"vary" has a key "colour"/);
  // A placeholder inside math would be read by KaTeX, not filled in.
  assert.throws(
    () =>
      renderExercise({
        ...exercise,
        prompt: 'The score $8$ in [8, 2, 5]?',
        vary: { ...exercise.vary, prompt: 'The score ${a}$ in [{a}, {b}, 5]?' },
      }),
    /inside math/,
  );
  assert.throws(
    () => renderExercise({ prompt: 'Why?', choices: ['a', 'b'], correct: 0, vary: exercise.vary }),
    /"vary" is for exercises the engine checks/,
  );
});
