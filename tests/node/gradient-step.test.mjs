// Lesson 8's learning step (web/src/widgets/gradient-step/learn.js) on the wasm engine: the loss
// it defines, L = ½ |c_1 − c*|², has the gradients the widget shows (finite differences through
// the same forward pass), and a step against them lowers the loss while one along them raises it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadAttention } from '../../wasm/js/node.js';
import { listLessons, compileLesson, loadWidgetSchemas } from '../../web/plugins/content-plugin.js';
import { lossAndGradients, replay, step, targetContextOf } from '../../web/src/widgets/gradient-step/learn.js';

const attn = await loadAttention();
// The lesson's own example and first target: lesson 5's worked 2-token example, X / 50.
const contentDir = fileURLToPath(new URL('../../content/lessons', import.meta.url));
const schemas = await loadWidgetSchemas();
const lesson = listLessons(contentDir)
  .map((entry) => compileLesson(entry, schemas))
  .find((l) => l.slug === 'learning-by-hand');
const example = lesson.widgets.find((w) => w.name === 'gradient-step').config;
const target = example.targets[0].weights; // (0.9, 0.1)

/** dL/dW by a central difference in every entry of W[key] (L is smooth: h = 1e-5 gives ~1e-10). */
function numeric(W, key, cstar) {
  const h = 1e-5;
  return W[key].map((row, i) =>
    row.map((_, j) => {
      const at = (x) => {
        const M = W[key].map((r) => [...r]);
        M[i][j] = x;
        return lossAndGradients(attn, { ...W, [key]: M }, cstar).loss;
      };
      return (at(W[key][i][j] + h) - at(W[key][i][j] - h)) / (2 * h);
    }),
  );
}

const relativeError = (a, n) => {
  const diff = Math.hypot(...a.flat().map((x, k) => x - n.flat()[k]));
  return diff / Math.max(Math.hypot(...a.flat()), Math.hypot(...n.flat()), 1e-12);
};

test("the widget's gradients of L = ½ |c1 − c*|² match finite differences", () => {
  const cstar = targetContextOf(attn, example, target);
  const { grads, loss } = lossAndGradients(attn, example, cstar);
  // By hand (see tests/browser/gradient-step.test.mjs): c1 − c* = [0.1718, 0.1718, 0.1819, 0.1213].
  assert.ok(Math.abs(loss - 0.0534) < 5e-5, `loss ${loss}`);
  for (const [key, g] of [
    ['Wq', grads.dWq],
    ['Wk', grads.dWk],
    ['Wv', grads.dWv],
  ]) {
    const e = relativeError(g, numeric(example, key, cstar));
    assert.ok(e < 1e-6, `d${key}: relative error ${e}`);
  }
});

test('the check catches a gradient 0.01% off', () => {
  const cstar = targetContextOf(attn, example, target);
  const { grads } = lossAndGradients(attn, example, cstar);
  const wrong = grads.dWq.map((row) => [...row]);
  wrong[0][2] *= 1.0001; // the largest entry
  assert.ok(relativeError(wrong, numeric(example, 'Wq', cstar)) > 1e-6);
});

test('a step against the gradient lowers the loss; one along it (a sign slip) raises it', () => {
  const cstar = targetContextOf(attn, example, target);
  const start = lossAndGradients(attn, example, cstar);
  const down = lossAndGradients(attn, step(attn, example, start.grads, 100), cstar).loss;
  const up = lossAndGradients(attn, step(attn, example, start.grads, -100), cstar).loss;
  assert.ok(down < start.loss && start.loss < up, `${down} < ${start.loss} < ${up}`);
  // W_V stays put unless asked for.
  assert.deepEqual(step(attn, example, start.grads, 100).Wv, example.Wv);
  assert.notDeepEqual(step(attn, example, start.grads, 100, { values: true }).Wv, example.Wv);
});

test('ten steps of lr 1000 lower the loss every time and move token 1 towards the target', () => {
  const { history } = replay(attn, example, target, Array(10).fill(1000));
  for (let k = 1; k < history.length; k++) assert.ok(history[k].loss < history[k - 1].loss, `step ${k}`);
  assert.ok(history[10].forward.weights[0][0] > 0.8, `${history[10].forward.weights[0][0]}`);
});
