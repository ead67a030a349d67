// The concept check's right answers and the review's fresh numbers, on the engine:
//  - every "engine" check of a concept-check question (content/concept-check.md) holds, so a right
//    answer that rests on a number (softmax ignores a shift, layer norm ignores the scale) is the
//    engine's, not the author's belief;
//  - every exercise that declares how its example varies ("vary", web/src/review/variation.js)
//    gives, for many seeds, a fair variant: other numbers than the lesson's, a finite answer the
//    learner could not mistake for a misconception's, the same variant for the same seed, and
//    (for the simplest ones) the answer worked out here by hand from the drawn numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadAttention } from '../../wasm/js/node.js';
import { listLessons, compileLesson, loadWidgetSchemas, loadCheck } from '../../web/plugins/content-plugin.js';
import { engineValue, expectedAnswer, misconceptionValues } from '../../web/src/lesson/exercise.js';
import { variant } from '../../web/src/review/variation.js';

const contentDir = fileURLToPath(new URL('../../content', import.meta.url));
const engine = await loadAttention();
const schemas = await loadWidgetSchemas();
const lessons = listLessons(`${contentDir}/lessons`).map((e) => compileLesson(e, schemas));
const SEEDS = 25;

const side = (v) => (typeof v === 'number' ? v : engineValue(engine, v));
const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
const flat = (v) => (Array.isArray(v) ? v.flat(Infinity) : [v]);
const HOLDS = {
  '==': (a, b) => a.length === b.length && a.every((x, i) => close(x, b[i])),
  '!=': (a, b) => !HOLDS['=='](a, b),
  '<': (a, b) => a.every((x, i) => x < b[i]),
  '>': (a, b) => a.every((x, i) => x > b[i]),
  '<=': (a, b) => a.every((x, i) => x <= b[i]),
  '>=': (a, b) => a.every((x, i) => x >= b[i]),
};

test("every concept-check question's engine checks hold", () => {
  const check = loadCheck(contentDir);
  let checked = 0;
  for (const q of check.questions) {
    for (const [left, op, right] of q.engine) {
      const a = flat(side(left));
      const b = flat(side(right));
      const bb = b.length === 1 && a.length > 1 ? a.map(() => b[0]) : b;
      assert.ok(HOLDS[op](a, bb), `${q.id}: ${JSON.stringify(a)} ${op} ${JSON.stringify(b)}`);
      checked++;
    }
  }
  assert.ok(checked >= 10, `only ${checked} engine checks`);
});

const varied = lessons.flatMap((l) =>
  l.exercises.map((ex, i) => ({ slug: l.slug, i, ex })).filter(({ ex }) => ex.vary),
);

test('at least one exercise per lesson of lessons 1 to 7 varies, and fifteen in all', () => {
  assert.ok(varied.length >= 15, `${varied.length} exercises vary`);
  for (const slug of lessons.slice(0, 7).map((l) => l.slug))
    assert.ok(
      varied.some((v) => v.slug === slug),
      `${slug}: no exercise declares "vary"`,
    );
});

test('every varying exercise gives fair variants with new numbers, the same for the same seed', () => {
  for (const { slug, i, ex } of varied) {
    const where = `${slug} exercise ${i + 1}`;
    const lessonAnswer = expectedAnswer(engine, ex);
    let differentAnswers = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      const v = variant(ex, engine, `${slug}#e${i}:${seed}`);
      assert.ok(v, `${where}, seed ${seed}: no fair variant`);
      assert.notDeepEqual([v.args, v.answer], [ex.args, ex.answer], `${where}: the variant's numbers are the lesson's`);
      assert.doesNotMatch(v.prompt, /\{[a-z][a-z0-9]*\}/, `${where}: a placeholder left in the prompt`);
      const want = expectedAnswer(engine, v);
      if (!v.choices) {
        assert.ok(Number.isFinite(want), where);
        for (const m of misconceptionValues(engine, v))
          assert.ok(Math.abs(m.value - want) > m.tolerance, `${where}: a misconception matches the answer`);
      }
      if (want !== lessonAnswer) differentAnswers++;
      assert.deepEqual(variant(ex, engine, `${slug}#e${i}:${seed}`), v, `${where}: a seed gives one variant`);
    }
    // New numbers mostly ask for a new answer too (a choice may keep its winner, and a ReLU that
    // zeroes both hidden units gives the bias alone, as the lesson's example does).
    assert.ok(differentAnswers >= (ex.choices ? 5 : SEEDS / 2), `${where}: ${differentAnswers} new answers`);
  }
});

test('variants worked out by hand from their drawn numbers', () => {
  const find = (slug, call) => varied.find((v) => v.slug === slug && v.ex.call === call).ex;
  const softmaxOf = (s) => {
    const e = s.map((x) => Math.exp(x - Math.max(...s)));
    const sum = e.reduce((a, b) => a + b);
    return e.map((x) => x / sum);
  };
  for (let seed = 0; seed < 5; seed++) {
    // The dot product: a1 b1 + a2 b2.
    const dot = variant(find('dot-product', 'dot'), engine, `dot:${seed}`);
    const { a1, a2, b1, b2 } = dot.values;
    assert.equal(expectedAnswer(engine, dot), a1 * b1 + a2 * b2);
    // Softmax's weight of the largest score.
    const sm = variant(find('softmax', 'softmax'), engine, `softmax:${seed}`);
    const { a, b, c } = sm.values;
    assert.ok(Math.abs(expectedAnswer(engine, sm) - softmaxOf([a, b, c])[0]) < 1e-12);
    // One head's cross-attention: h rows times e columns.
    const cross = variant(find('encoder-decoder', 'dot'), engine, `cross:${seed}`);
    assert.equal(expectedAnswer(engine, cross), cross.values.h * cross.values.e);
  }
});
