// Lesson 7 widget causal-mask: future scores −∞, their weights 0, every row still sums to 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget, cells, rejectsBadInput, hashSettled, openDeepLink } from './widget-harness.mjs';

const ctx = useWidget('#/beyond-one-head', '.widget-causal-mask');

async function checkMasked(widget) {
  for (let i = 0; i < 4; i++) {
    const scores = await cells(widget, 'scores', i);
    const weights = await cells(widget, 'weights', i);
    for (let j = i + 1; j < 4; j++) {
      assert.equal(scores[j], '−∞', `score ${i},${j}`);
      assert.equal(weights[j], '0', `weight ${i},${j}`);
    }
    for (let j = 0; j <= i; j++) assert.notEqual(weights[j], '0', `weight ${i},${j} is open`);
    assert.deepEqual(await cells(widget, 'row sums', i), ['1']);
  }
}

test('masked: above the diagonal scores are −∞ and weights 0; rows sum to 1', async () => {
  await checkMasked(ctx.w);
  assert.deepEqual(await cells(ctx.w, 'weights', 0), ['1', '0', '0', '0'], 'the first word sees only itself');
  assert.equal(await ctx.w.locator('[data-matrix="weights"] td.masked').count(), 6);
});

test('unmasked: every word sees every word and rows still sum to 1', async () => {
  await ctx.w.getByLabel(/Causal mask/).uncheck();
  assert.equal(await ctx.w.locator('td.masked').count(), 0);
  assert.notEqual((await cells(ctx.w, 'weights', 0))[3], '0');
  for (let i = 0; i < 4; i++) assert.deepEqual(await cells(ctx.w, 'row sums', i), ['1']);
  await ctx.w.getByLabel(/Causal mask/).check();
});

test('bad input in X gets a message and the mask still holds', async () => {
  await rejectsBadInput(
    ctx.page,
    ctx.w,
    ctx.w.getByRole('textbox', { name: 'X row 3, column 2', exact: true }),
    '5',
    'X',
  );
  await checkMasked(ctx.w);
});

test('a deep link restores X and the mask', async () => {
  const url = await hashSettled(ctx.page, '0.9,5,0.6');
  const [p2, w2] = await openDeepLink(ctx.site, url, '.widget-causal-mask');
  assert.equal(await w2.getByRole('textbox', { name: 'X row 3, column 2', exact: true }).inputValue(), '5');
  await checkMasked(w2);
  assert.deepEqual(p2.problems(), []);
  await p2.close();
});
