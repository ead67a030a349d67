// Lesson 6 widget add-norm: the worked 2-token example of lesson 5 (X = [[6, 1, 4, 4],
// [8, 4, 6, 3]]) with W_V a tenth of lesson 5's, columns moved round by one; context from the
// engine's attention, the residual sum and layer norm. Hand-checked: token 1: X = [6, 1, 4, 4],
// context = V of token 2 = X2 W_V = [53, 63, 58, 68] / 10, sum = [11.3, 7.3, 9.8, 10.8],
// mean = 39.2 / 4 = 9.8, variance = (1.5² + 2.5² + 0² + 1²) / 4 = 2.375,
// x̂[0] = 1.5 / √(2.375 + 1e-5) = 0.97333.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget, cells, rejectsBadInput, hashSettled, openDeepLink } from './widget-harness.mjs';

const ctx = useWidget('#/residual-and-norm', '.widget-add-norm');

test('context from attention, the residual sum and the layer norm trace', async () => {
  assert.deepEqual(await cells(ctx.w, 'context', 0), ['5.3', '6.3', '5.8', '6.8']);
  assert.deepEqual(await cells(ctx.w, 'sum', 0), ['11.3', '7.3', '9.8', '10.8']);
  assert.deepEqual(await cells(ctx.w, 'stats', 0), ['9.8', '2.375']);
  assert.equal((await cells(ctx.w, 'normalized', 0))[0], '0.973');
  // The normalised rows have mean 0 per row (checked by the engine on its own output).
  assert.match(await ctx.w.locator('.readout').first().textContent(), /mean 0\.000000, 0\.000000/);
});

test('without the residual both tokens come out identical', async () => {
  await ctx.w.getByLabel('Add X back (residual connection)').uncheck();
  assert.deepEqual(await cells(ctx.w, 'sum', 0), ['5.3', '6.3', '5.8', '6.8']);
  assert.deepEqual(await cells(ctx.w, 'normalized', 0), await cells(ctx.w, 'normalized', 1));
  // The cosine table: LN(X1) = [2.25, -2.75, 0.25, 0.25] / 1.7854 against LN(context) =
  // [-0.75, 0.25, -0.25, 0.75] / 0.5590, both of length 2: dot / 4 = -2.2544 / 4 = -0.564
  // (the residual's 0.954 is the engine's).
  assert.match(await ctx.w.locator('table.trace tbody tr').first().textContent(), /token 1\s*0\.954\s*−0\.564/);
  assert.match(await ctx.w.textContent(), /forgotten which token was which/);
  await ctx.w.getByLabel('Add X back (residual connection)').check();
  assert.notDeepEqual(await cells(ctx.w, 'normalized', 0), await cells(ctx.w, 'normalized', 1));
});

test('gamma and beta scale and shift the normalised row', async () => {
  await ctx.w.getByLabel('γ (scale)').fill('2, 2, 2, 2');
  await ctx.w.getByLabel('β (shift)').fill('1, 1, 1, 1');
  // 2 · 0.97333 + 1 = 2.947
  assert.equal((await cells(ctx.w, 'output', 0))[0], '2.947');
});

test('bad gamma, beta, eps and X get a message; the ctx.page keeps working', async () => {
  await rejectsBadInput(ctx.page, ctx.w, ctx.w.getByLabel('γ (scale)'), '1, 1, 1, 1', 'gamma', [
    '1, 2',
    '1, 1, 1, 1, 1',
  ]);
  await rejectsBadInput(ctx.page, ctx.w, ctx.w.getByRole('textbox', { name: 'ε', exact: true }), '0.00001', 'eps', [
    '0',
    '-1',
  ]);
  await rejectsBadInput(
    ctx.page,
    ctx.w,
    ctx.w.getByRole('textbox', { name: 'X row 1, column 1', exact: true }),
    '6',
    'X',
  );
  assert.equal((await cells(ctx.w, 'output', 0))[0], '1.973');
});

test('typed context: a shift shared by all features does not change the normalised row', async () => {
  await ctx.w.getByLabel('Context comes from').selectOption('manual');
  const before = await cells(ctx.w, 'normalized', 0);
  for (const [c, v] of [
    [1, '105.3'],
    [2, '106.3'],
    [3, '105.8'],
    [4, '106.8'],
  ]) {
    await ctx.w.getByRole('textbox', { name: `context row 1, column ${c}`, exact: true }).fill(v);
  }
  assert.deepEqual(await cells(ctx.w, 'sum', 0), ['111.3', '107.3', '109.8', '110.8']);
  assert.deepEqual(await cells(ctx.w, 'normalized', 0), before);
});

test('a deep link restores the settings', async () => {
  // The whole edited row, not just src=manual: that is in the URL after the first of the four
  // edits, and the debounced write of the last one may not have happened yet.
  await hashSettled(ctx.page, 'src=manual');
  const url = await hashSettled(ctx.page, '105.3,106.3,105.8,106.8');
  const [p2, w2] = await openDeepLink(ctx.site, url, '.widget-add-norm');
  assert.deepEqual(await cells(w2, 'sum', 0), ['111.3', '107.3', '109.8', '110.8']);
  assert.equal(await w2.getByLabel('β (shift)').inputValue(), '1, 1, 1, 1');
  assert.deepEqual(p2.problems(), []);
  await p2.close();
});

test('add-norm: W_Q, W_K, W_V are called projections, never "attention weights" (the weights are softmax\'s)', async () => {
  const { site, page } = ctx;
  await site.open(page, '#/residual-and-norm');
  const w = page.locator('.widget-add-norm');
  const text = await w.evaluate((root) => root.textContent);
  assert.doesNotMatch(text, /attention weights/i);
  assert.match(await w.locator('.weights-details summary').textContent(), /projection matrices W_Q, W_K, W_V/);
});
