// Lesson 6 widget encoder-block: "the cat sat" (d = 4) through one encoder block, two heads and
// a 4 -> 8 -> 4 feed-forward layer. Hand-checked: with every token set to "the" = [1, 0, 1, 0],
// every row of every head's scores is the same number, so every weight is 1/3 (0.33) and every
// token leaves the block with the same row; any block output row, being LayerNorm's, has mean 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget, cells, rejectsBadInput, hashSettled, openDeepLink } from './widget-harness.mjs';

const ctx = useWidget('#/residual-and-norm', '.widget-encoder-block');

test('every stage is drawn, and the output rows have mean 0 and variance just under 1', async () => {
  for (const name of ['weights head 1', 'weights head 2', 'attention', 'norm1', 'relu', 'ffn', 'output'])
    assert.equal((await cells(ctx.w, name, 0)).length > 0, true, `${name} is drawn`);
  assert.equal((await cells(ctx.w, 'relu', 0)).length, 8);
  assert.match(
    await ctx.w.locator('.readout', { hasText: 'Check with the engine' }).textContent(),
    /mean 0\.0000, 0\.0000, 0\.0000 and variance 0\.99997\d, 0\.99999\d, 0\.99999\d/,
  );
  // ReLU never leaves a negative number.
  for (let r = 0; r < 3; r += 1)
    for (const c of await cells(ctx.w, 'relu', r)) assert.ok(!c.startsWith('−'), `ReLU output ${c}`);
});

test('identical tokens: every weight 1/3, every token leaves the block with the same row', async () => {
  await ctx.w.getByRole('button', { name: 'Every token like “the”' }).click();
  assert.deepEqual(await cells(ctx.w, 'weights head 1', 0), ['0.33', '0.33', '0.33']);
  assert.deepEqual(await cells(ctx.w, 'weights head 2', 2), ['0.33', '0.33', '0.33']);
  const first = await cells(ctx.w, 'output', 0);
  assert.deepEqual(await cells(ctx.w, 'output', 1), first);
  assert.deepEqual(await cells(ctx.w, 'output', 2), first);
  await ctx.w.getByRole('button', { name: 'The example' }).click();
  assert.notDeepEqual(await cells(ctx.w, 'output', 1), await cells(ctx.w, 'output', 0));
});

test('switching the residuals off changes the output and loses the tokens', async () => {
  const before = await cells(ctx.w, 'output', 0);
  const box = ctx.w.getByLabel('Residual connections (add the input back before each norm)');
  await box.uncheck();
  assert.notDeepEqual(await cells(ctx.w, 'output', 0), before);
  await box.check();
  assert.deepEqual(await cells(ctx.w, 'output', 0), before);
});

test('bad X gets a message; the widget keeps working', async () => {
  await rejectsBadInput(
    ctx.page,
    ctx.w,
    ctx.w.getByRole('textbox', { name: 'X row 1, column 1', exact: true }),
    '1',
    'X',
  );
  assert.equal((await cells(ctx.w, 'relu', 0)).length, 8);
});

test('a deep link restores X and the residual switch', async () => {
  await ctx.w.getByRole('textbox', { name: 'X row 1, column 1', exact: true }).fill('3');
  await ctx.w.getByLabel('Residual connections (add the input back before each norm)').uncheck();
  await hashSettled(ctx.page, 'res=0');
  const url = await hashSettled(ctx.page, '3,0,1,0');
  const want = await cells(ctx.w, 'output', 0);
  const [p2, w2] = await openDeepLink(ctx.site, url, '.widget-encoder-block');
  assert.deepEqual(await cells(w2, 'output', 0), want);
  assert.equal(await w2.getByLabel('Residual connections (add the input back before each norm)').isChecked(), false);
  assert.deepEqual(p2.problems(), []);
  await p2.close();
});
