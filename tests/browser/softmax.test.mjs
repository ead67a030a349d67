// The softmax widget (lesson 3) in a real browser: the weights and their trace, shifting every score,
// temperature and √dₖ, deep links, and hostile input. Expected numbers are hand-checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious } from './helpers.mjs';
import { useWidget, rejectsBadInput, hashSettled, shownText } from './widget-harness.mjs';

const ctx = useWidget();

test('softmax: [8, 2, 5] -> 0.950, 0.002, 0.047 and the big scores -> [0, 1] without overflow', async () => {
  await ctx.site.open(ctx.page, '#/softmax');
  const w = ctx.page.locator('.widget-softmax');
  // softmax([8,2,5]) = [0.9503, 0.0024, 0.0473] (hand-checked: 1/(1+e^-6+e^-3) = 0.9503).
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.950', '0.002', '0.047']);
  // Hovering the trace explains each number from the row above, with the engine's values.
  const eq = w.locator('.link-equation');
  await w.locator('[data-matrix="trace"] td[data-r="2"][data-c="1"]').hover();
  assert.match(await eq.textContent(), /2 − 8 = −6/);
  await w.locator('[data-matrix="trace"] td[data-r="4"][data-c="0"]').hover();
  // e^0 / (1 + e^-6 + e^-3) = 1 / 1.052266 = 0.950331 (by hand)
  assert.match(await eq.textContent(), /1 \/ 1\.0522\d* \(the sum of the row above\) = 0\.9503/);
  assert.equal(await w.locator('[data-matrix="trace"] .is-source').count(), 3, 'the whole row of exponentials');
  await w.getByRole('button', { name: '[2505.5, 3574]' }).click();
  // 2505.5 - 3574 = -1068.5: e^-1068.5 underflows to 0, so exactly [0, 1].
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.000', '1.000']);
  assert.doesNotMatch(await shownText(w), /NaN|∞/);
  await w.getByRole('button', { name: '[−2, 8, 8]' }).click();
  // softmax([-2, 8, 8]) = [e^-10/(1+1+e^-10), ...] = [0.0000227, 0.49999, 0.49999]
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.000', '0.500', '0.500']);
});

test('softmax: adding 100 to every score (done by the engine) leaves the weights alone', async () => {
  await ctx.site.open(ctx.page, '#/softmax');
  const w = ctx.page.locator('.widget-softmax');
  await w.getByRole('button', { name: '+ 100' }).click();
  assert.equal(await w.getByLabel('Scores', { exact: true }).inputValue(), '108, 102, 105');
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.950', '0.002', '0.047']);
  await w.getByRole('button', { name: '− 100' }).click();
  assert.equal(await w.getByLabel('Scores', { exact: true }).inputValue(), '8, 2, 5');
  await hashSettled(ctx.page, 'softmax.scores=8,2,5');
});

test('softmax: temperature and the sqrt(d_k) divisor, restored from a deep link', async () => {
  await ctx.site.open(ctx.page, '#/softmax?softmax.scores=8,2,5&softmax.scale=1&softmax.dk=4&softmax.t=1');
  const w = ctx.page.locator('.widget-softmax');
  // Divided by sqrt(4) = 2: softmax([4, 1, 2.5]) = [0.7856, 0.0391, 0.1753] (by hand).
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.786', '0.039', '0.175']);
  assert.equal(await w.getByLabel('Divide the scores by √dₖ').isChecked(), true);
  // Temperature 10 without scaling: softmax([0.8, 0.2, 0.5]) = [0.4367, 0.2397, 0.3236].
  await ctx.site.open(ctx.page, '#/softmax?softmax.scores=8,2,5&softmax.t=10');
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.437', '0.240', '0.324']);
  // The slider is logarithmic: its position is log10(T), so T = 10 is 1 and T = 1 the middle, 0.
  assert.equal(await w.locator('input[type="range"]').inputValue(), '1');
  assert.equal(await w.locator('output.slider-value').textContent(), '10');
  const formulas = w.locator('.math-display:visible');
  assert.equal(await formulas.count(), 1);
  assert.match(await formulas.textContent(), /z=s\/T/);
  await w.getByLabel('Divide the scores by √dₖ').check();
  assert.match(await w.locator('.math-display:visible').textContent(), /T\s*√?\s*dk/);
  await w.locator('input[type="range"]').fill('0');
  // T = 1, divided by sqrt(4) = 2: softmax([4, 1, 2.5]) = [0.786, 0.039, 0.175] again.
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.786', '0.039', '0.175']);
  await w.locator('input[type="range"]').fill('-0.5');
  assert.equal(await w.locator('output.slider-value').textContent(), '0.32', '10^-0.5 = 0.316, two digits');
});

test('softmax: editing writes the URL; bad input is refused', async () => {
  await ctx.site.open(ctx.page, '#/softmax');
  const w = ctx.page.locator('.widget-softmax');
  await w.getByLabel('Scores', { exact: true }).fill('1, 2, 3');
  await hashSettled(ctx.page, 'softmax.scores=1,2,3');
  await rejectsBadInput(ctx.page, w, w.getByLabel('Scores', { exact: true }), '8, 2, 5', 'scores');
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.950', '0.002', '0.047']);
  await w.getByLabel('Divide the scores by √dₖ').check();
  await rejectsBadInput(ctx.page, w, w.getByLabel('dₖ (key length)'), '4', 'd_k');
  await w.getByLabel('Scores', { exact: true }).fill(Array.from({ length: 13 }, () => '1').join(','));
  assert.match(await w.locator('.vector-field .field-message').textContent(), /at most 12/);
});

test('axe-core: no serious violation with a message, a hover explanation and an answered exercise on screen', async () => {
  await ctx.site.open(ctx.page, '#/softmax');
  const w = ctx.page.locator('.widget-softmax');
  await w.getByLabel('Scores', { exact: true }).fill('');
  await w.locator('[data-matrix="trace"] td[data-r="4"][data-c="0"]').hover();
  const ex = ctx.page.locator('.exercise').first();
  await ex.locator('input[type="text"]').fill('0.3');
  await ex.locator('button[type="submit"]').click();
  await ex.locator('.exercise-feedback', { hasText: 'too low' }).waitFor();
  await ex.getByRole('button', { name: 'Hint' }).click();
  // The rest of the lesson is as lessons-desktop.test.mjs scans it in full: here, what this test changed.
  assert.deepEqual(await axeSerious(ctx.page, { within: '.widget-softmax, .exercise' }), [], 'softmax + exercise');
});
