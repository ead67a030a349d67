// Every ```exercise``` in content/lessons is answerable: the page's own checker (expectedAnswer)
// runs it through the wasm engine, and the result matches the answer worked out by hand.
// If a lesson gains, loses or reorders an exercise, this table must be updated with a hand check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadAttention } from '../../wasm/js/node.js';
import { listLessons, compileLesson, loadWidgetSchemas } from '../../web/plugins/content-plugin.js';
import { expectedAnswer } from '../../web/src/lesson/exercise.js';

const contentDir = fileURLToPath(new URL('../../content/lessons', import.meta.url));

// slug -> expected answers in order; numbers to 4 decimals, choices by their label.
const HAND_CHECKED = {
  // 0.5*1.4 + 0.5*2.9 = 2.15; "bank" next to "river" leans to nature (vocabulary.json axes).
  context: [2.15, 'nature'],
  // 2*4 + 2*0 = 8; cos = (2*-4 + 2*3) / (sqrt(8) * 5) = -2 / 14.142 = -0.1414;
  // cat=[1,2]: cat.cat = 5, cat.sat = 5, cat.mat = 8 -> mat (the cat/sat/mat exercise).
  'dot-product': [8, -0.1414, 'mat'],
  // The scores [8, 2, 5] of "Transformers are amazing": e^8 / (e^8 + e^2 + e^5) = 0.9503;
  // 2505.5 - 3574 = -1068.5;
  // softmax([0.8, 0.2, 0.5]) first entry = 2.2255 / (2.2255 + 1.2214 + 1.6487) = 0.4368.
  softmax: [0.9503, -1068.5, 0.4368],
  // Apple=(2,2), phones=(0,4), W_Q=[[1,0],[0,2]], W_K=[[1,1],[0,1]], unscaled:
  // q(Apple)=(2,4) . k(phones)=(0,4) = 16; q(phones)=(0,8) . k(Apple)=(2,4) = 32.
  'query-key-value': [16, 32],
  // The worked 2-token example (X = [[6, 1, 4, 4], [8, 4, 6, 3]]): Q1.K2 / sqrt(4) = 7148 / 2
  // = 3574; output[0][0] = 6 + 68 = 74. The cat/sat/mat example in attention form, scores for cat
  // (5, 5, 8) / sqrt(2): weights (0.0967, 0.0967, 0.8066);
  // context[0][1] = 0.0967*2 + 0.0967*1 + 0.8066*3 = 2.7099.
  'attention-step-by-step': [3574, 74, 2.7099],
  // mean(74, 54, 67, 62) = 64.25; variance = (95.0625 + 105.0625 + 7.5625 + 5.0625) / 4 = 53.1875;
  // (74 - 64.25) / sqrt(53.1875 + 1e-5) = 9.75 / 7.2930 = 1.3369.
  'residual-and-norm': [64.25, 1.3369],
  // PE[1][0] = sin(1) = 0.8415; a causal first row sees only itself: weight 1; 1000 * 1000 = 1e6.
  'beyond-one-head': [0.8415, 1, 1e6],
  // A uniform row over 5 words: 1/5; softmax([0,0,4,0,1])[2] = e^4 / (3 + e^4 + e)
  // = 54.598 / (3 + 54.598 + 2.718) = 0.9052.
  training: [0.2, 0.9052],
};

const attn = await loadAttention();
const schemas = await loadWidgetSchemas();
const lessons = listLessons(contentDir).map((entry) => compileLesson(entry, schemas));

test('every lesson has at least one exercise and the table covers every lesson', () => {
  assert.deepEqual(lessons.map((l) => l.slug).sort(), Object.keys(HAND_CHECKED).sort());
  for (const l of lessons) assert.ok(l.exercises.length >= 1, `${l.slug} has an exercise`);
});

for (const lesson of lessons) {
  test(`exercises of lesson ${lesson.n} (${lesson.slug}) come out as worked by hand`, () => {
    const hand = HAND_CHECKED[lesson.slug];
    assert.equal(lesson.exercises.length, hand.length, 'one hand-checked answer per exercise');
    lesson.exercises.forEach((ex, i) => {
      const got = expectedAnswer(attn, ex);
      if (ex.choices) {
        assert.equal(ex.choices[got], hand[i], `exercise ${i + 1}: choice`);
      } else {
        const tol = 5e-5 * Math.max(1, Math.abs(hand[i])); // the table has 4 decimals
        assert.ok(Math.abs(got - hand[i]) <= tol, `exercise ${i + 1}: engine ${got}, by hand ${hand[i]}`);
        assert.ok(ex.tolerance > 0, `exercise ${i + 1} has a positive tolerance`);
      }
    });
  });
}
