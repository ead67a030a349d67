// Lesson 7 widget multi-head: the heads from the lesson's config, their concatenation and W_O.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget, cells, rejectsBadInput, hashSettled, openDeepLink } from './widget-harness.mjs';

const ctx = useWidget('#/beyond-one-head', '.widget-multi-head');

test('two heads: concat = [head 1 | head 2], output = concat · I', async () => {
  assert.equal(await ctx.w.locator('section.head-card').count(), 2);
  const ctx1 = await cells(ctx.w, 'ctx1', 1);
  const ctx2 = await cells(ctx.w, 'ctx2', 1);
  assert.deepEqual(await cells(ctx.w, 'concat', 1), [...ctx1, ...ctx2]);
  // W_O is the 4 x 4 identity for two heads, so the output equals the concatenation.
  assert.deepEqual(await cells(ctx.w, 'output', 1), await cells(ctx.w, 'concat', 1));
  // Head 1 swaps the key features: "cat" (1.5, 0.2) looks mostly at "sat" (0.3, 1.4), whose key
  // is (1.4, 0.3): q·k = 1.5·1.4 + 0.2·0.3 = 2.16, the largest in its row.
  const row = (await cells(ctx.w, 'weights1', 1)).map(Number);
  assert.equal(row.indexOf(Math.max(...row)), 2);
});

test('four heads: the averaging head gives every word 1/3', async () => {
  await ctx.w.getByLabel('Number of heads').selectOption('4');
  assert.equal(await ctx.w.locator('section.head-card').count(), 4);
  assert.equal((await cells(ctx.w, 'concat', 0)).length, 8);
  // Head 3 has W_Q = 0: every score is 0, softmax of equal scores = 1/3 each.
  for (let r = 0; r < 3; r++) assert.deepEqual(await cells(ctx.w, 'weights3', r), ['0.33', '0.33', '0.33']);
});

test('hovering an output number explains it with concat row · W_O column', async () => {
  await ctx.w.locator('[data-matrix="output"] td[data-r="0"][data-c="0"]').hover();
  assert.match(await ctx.w.locator('.link-equation').textContent(), /output\[the\]\[1\] = .* = /);
  assert.ok((await ctx.w.locator('.is-source').count()) >= 16, 'concat row (8) and W_O column (8) light up');
});

test('bad input in X gets a message and the widget keeps working', async () => {
  await rejectsBadInput(
    ctx.page,
    ctx.w,
    ctx.w.getByRole('textbox', { name: 'X row 2, column 1', exact: true }),
    '1.5',
    'X',
  );
});

test('causal mask: the first word attends only to itself in every head', async () => {
  await ctx.w.getByLabel('Causal mask').check();
  for (const h of [1, 2, 3, 4]) assert.deepEqual(await cells(ctx.w, `weights${h}`, 0), ['1', '0', '0']);
});

test('a deep link restores the head count and the mask', async () => {
  const url = await hashSettled(ctx.page, 'causal=1');
  assert.match(decodeURIComponent(url), /h=4/);
  const [p2, w2] = await openDeepLink(ctx.site, url, '.widget-multi-head');
  assert.equal(await w2.locator('section.head-card').count(), 4);
  assert.deepEqual(await cells(w2, 'weights2', 0), ['1', '0', '0']);
  assert.deepEqual(p2.problems(), []);
  await p2.close();
});
