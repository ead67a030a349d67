// Lesson 7 widget attention-cost: the engine's n x n matrix for n <= 512, counts for any n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget, rejectsBadInput, hashSettled, openDeepLink } from './widget-harness.mjs';

const ctx = useWidget('#/beyond-one-head', '.widget-attention-cost');

const shape = () => ctx.w.locator('.readout').first().textContent();
const current = () => ctx.w.locator('tr.current').locator('th, td').allTextContents();

test('n = 64: a 64 x 64 score matrix from the engine', async () => {
  assert.match(await shape(), /64 × 64 = 4,096 scores; the output is 64 × 8/);
  // 64² = 4,096 scores, 64²·8 heads·6 layers·4 bytes = 786,432 bytes, 2·64²·8 = 65,536 multiply-adds.
  assert.deepEqual(await current(), ['64', '4,096', '786 KB', '65,536']);
  assert.equal(await ctx.w.locator('canvas').evaluate((c) => c.style.aspectRatio), '64 / 64');
});

test("the heat map's legend reads as decimals: 0.00 to 0.12, not 4.03e−4", async () => {
  const ends = await ctx.w
    .locator('.heat-legend')
    .evaluate((legend) => [legend.firstChild.textContent, legend.lastChild.textContent]);
  assert.deepEqual(ends, ['0.00', '0.12']);
});

test('the picture grows with n, and n = 512 is smoothed rather than drawn with moiré', async () => {
  const canvas = ctx.w.locator('canvas');
  const width = () => canvas.evaluate((c) => c.getBoundingClientRect().width);
  await ctx.w.getByRole('button', { name: '8', exact: true }).click();
  const small = await width();
  await ctx.w.getByRole('button', { name: '64', exact: true }).click();
  const middle = await width();
  await ctx.w.getByRole('button', { name: '512', exact: true }).click();
  const large = await width();
  assert.ok(small < middle && middle < large, `widths ${small}, ${middle}, ${large} grow with n`);
  assert.ok(large > 2 * small);
  // 512 cells at one canvas pixel each, shown smaller than that: smoothed, not pixelated.
  assert.equal(await canvas.evaluate((c) => c.width), 512);
  assert.equal(await canvas.evaluate((c) => getComputedStyle(c).imageRendering), 'auto');
  await ctx.w.getByRole('button', { name: '8', exact: true }).click();
  assert.equal(await canvas.evaluate((c) => getComputedStyle(c).imageRendering), 'pixelated');
  await ctx.w.getByRole('button', { name: '64', exact: true }).click();
});

test('typing n = 150 then 300 computes a 300 x 300 matrix; doubling n quadruples the scores', async () => {
  await ctx.w.getByLabel('or type n').fill('150');
  assert.deepEqual((await current()).slice(0, 2), ['150', '22,500']);
  await ctx.w.getByLabel('or type n').fill('300');
  assert.match(await shape(), /300 × 300 = 90,000 scores/);
  assert.deepEqual((await current()).slice(0, 2), ['300', '90,000']);
});

test('n = 32,768 is counted, not computed', async () => {
  await ctx.w.getByRole('button', { name: '32,768' }).click();
  assert.match(await shape(), /32,768 × 32,768 = 1,073,741,824 scores/);
  assert.equal(await ctx.w.locator('canvas').isVisible(), false);
  assert.match(await ctx.w.textContent(), /4\.29 GB just for its scores/);
});

test('bad n gets a message; the slider still works', async () => {
  await rejectsBadInput(ctx.page, ctx.w, ctx.w.getByLabel('or type n'), '100', 'n', ['0', '-5', '2.5', '2000000']);
  await ctx.w.getByLabel(/^n \(1/).fill('10');
  assert.match(await shape(), /10 × 10 = 100 scores/);
});

test('a deep link restores n', async () => {
  const url = await hashSettled(ctx.page, 'n=10');
  const [p2, w2] = await openDeepLink(ctx.site, url, '.widget-attention-cost');
  assert.match(await w2.locator('.readout').first().textContent(), /10 × 10 = 100 scores/);
  assert.deepEqual(p2.problems(), []);
  await p2.close();
});
