// The attention-entropy widget (lesson 3) in a real browser: each row's weights and entropy in
// bits from the engine, the temperature slider, a deep link. Expected numbers are hand-checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForLesson } from './helpers.mjs';
import { useWidget, hashSettled } from './widget-harness.mjs';

const ctx = useWidget();
const bitsOf = async (w) => (await w.locator('.bar-value').allTextContents()).map((t) => Number(t.replace('−', '-')));

test('attention-entropy: one winner, two tied winners, nearly even; temperature and deep link', async () => {
  await ctx.site.open(ctx.page, '#/softmax');
  const w = ctx.page.locator('.widget-attention-entropy');
  // Row A = softmax([1, 5, 0, 1]) = [0.018, 0.958, 0.006, 0.018]: H = 0.31 bits;
  // row B = softmax([0, 4, 4, 0]) = [0.009, 0.491, 0.491, 0.009]: H = 1.13;
  // row C = softmax([0.9, 1, 0.8, 1.2]) = [0.229, 0.253, 0.208, 0.310], nearly even: H = 1.98;
  // the even row of four: log2 4 = 2.
  assert.deepEqual(await bitsOf(w), [0.31, 1.13, 1.98]);
  assert.match(await w.textContent(), /2 bits: spread evenly over all 4 words/);
  const firstRow = await w.locator('table.matrix tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(firstRow.map(Number), [0.018, 0.958, 0.006, 0.018]);

  // A hotter softmax spreads every row: at T = 10 all three are close to 2 bits.
  const slider = w.getByLabel('Temperature T');
  await slider.focus();
  await ctx.page.keyboard.press('End'); // the slider's top: T = 10
  const hot = await bitsOf(w);
  assert.ok(
    hot.every((h) => h > 1.9 && h <= 2),
    `at T = 10 every row is nearly even: ${hot}`,
  );
  const url = await hashSettled(ctx.page, 'attention-entropy.t=10');

  const other = await ctx.site.newPage();
  await other.goto(url);
  await waitForLesson(other);
  assert.deepEqual(await bitsOf(other.locator('.widget-attention-entropy')), hot);
  await other.close();
});

test('attention-entropy: a hand-edited link with a bad temperature falls back to the lesson default', async () => {
  for (const t of ['NaN', 'Infinity', '1e308', 'abc', '<img src=x onerror=alert(1)>', '0']) {
    await ctx.site.open(ctx.page, `#/softmax?attention-entropy.t=${encodeURIComponent(t)}`);
    const w = ctx.page.locator('.widget-attention-entropy');
    assert.deepEqual(await bitsOf(w), [0.31, 1.13, 1.98], t);
    assert.deepEqual(ctx.page.problems(), [], t);
  }
});
