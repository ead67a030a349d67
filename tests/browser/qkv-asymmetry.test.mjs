// Lesson 4 widget qkv-asymmetry: raw dot products are symmetric, projected scores are not, and
// symmetry returns when W_Q = W_K. Numbers hand-checked from the lesson's example:
// Apple = (2, 2), phones = (0, 4); W_Q = [[1, 0], [0, 2]], W_K = [[1, 1], [0, 1]].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget, cells, rejectsBadInput, hashSettled, openDeepLink } from './widget-harness.mjs';

const ctx = useWidget('#/query-key-value', '.widget-qkv-asymmetry');

const cell = (name, r, c) => ctx.w.getByRole('textbox', { name: `${name} row ${r}, column ${c}`, exact: true });

test('raw dot products are symmetric, projected scores are not', async () => {
  // x(Apple)·x(phones) = 2·0 + 2·4 = 8 both ways.
  assert.equal((await cells(ctx.w, 'raw', 0))[1], '8');
  assert.equal((await cells(ctx.w, 'raw', 1))[0], '8');
  // q(Apple) = (2, 4), k(phones) = (0, 4): 16; q(phones) = (0, 8), k(Apple) = (2, 4): 32.
  assert.equal((await cells(ctx.w, 'scores', 0))[1], '16');
  assert.equal((await cells(ctx.w, 'scores', 1))[0], '32');
  assert.equal(await ctx.w.locator('[data-matrix="raw"] .verdict').textContent(), 'symmetric');
  assert.equal(await ctx.w.locator('[data-matrix="scores"] .verdict').textContent(), 'not symmetric');
  assert.match(await ctx.w.locator('.compare-list').textContent(), /Apple → phones = 16, phones → Apple = 32/);
  assert.equal(await ctx.w.locator('td.pair-cell').count(), 4, 'both directions outlined in both matrices');
  // Hover explains a score with the engine's own dot product: q(Apple) = (2, 4), k(phones) = (0, 4).
  await ctx.w.locator('[data-matrix="scores"] td[data-r="0"][data-c="1"]').hover();
  assert.match(await ctx.w.locator('.link-equation').textContent(), /q\(Apple\) · k\(phones\) = 2·0 \+ 4·4 = 16/);
});

test('editing W_K changes the scores (W_K = I makes W_Q W_Kᵀ = diag(1, 2), symmetric)', async () => {
  await cell('W_K', 1, 2).fill('0');
  // Scores = X diag(1,2) Xᵀ: Apple→phones = 2·0 + 2·2·4 = 16 = phones→Apple.
  await ctx.page.waitForFunction(
    () =>
      document.querySelector('.widget-qkv-asymmetry [data-matrix="scores"] tbody tr:nth-child(2) td')?.textContent ===
      '16',
  );
  assert.equal((await cells(ctx.w, 'scores', 0))[1], '16');
  assert.equal(await ctx.w.locator('[data-matrix="scores"] .verdict').textContent(), 'symmetric');
});

test('"W_Q = W_K = identity" gives back the raw dot products', async () => {
  await ctx.w.getByRole('button', { name: 'W_Q = W_K = identity' }).click();
  for (let r = 0; r < 4; r++) assert.deepEqual(await cells(ctx.w, 'scores', r), await cells(ctx.w, 'raw', r));
  await ctx.w.getByRole('button', { name: 'Reset to the example' }).click();
  assert.equal((await cells(ctx.w, 'scores', 1))[0], '32');
});

test('bad input in a cell gets a message and the widget keeps working', async () => {
  await rejectsBadInput(ctx.page, ctx.w, cell('W_Q', 2, 2), '3', 'W_Q[2][2]');
  // q(phones) = (0, 12), k(Apple) = (2, 4): 48.
  assert.equal((await cells(ctx.w, 'scores', 1))[0], '48');
});

test('a deep link restores the matrices', async () => {
  const url = await hashSettled(ctx.page, 'Wq=1,0;0,3');
  const [p2, w2] = await openDeepLink(ctx.site, url, '.widget-qkv-asymmetry');
  assert.equal((await cells(w2, 'scores', 1))[0], '48');
  assert.equal(await w2.getByRole('textbox', { name: 'W_Q row 2, column 2', exact: true }).inputValue(), '3');
  assert.deepEqual(p2.problems(), []);
  await p2.close();
});
