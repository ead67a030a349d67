// Lesson 7 widget positional: the sinusoidal PE heatmap and word order with and without PE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget, rejectsBadInput, hashSettled, openDeepLink, messageOf } from './widget-harness.mjs';

const ctx = useWidget('#/beyond-one-head', '.widget-positional');

const verdicts = () => ctx.w.locator('.compare-list .verdict').allTextContents();

test('PE[0] = [0, 1, 0, 1, ...]; PE[1][0] = sin 1 = 0.841, read with the keyboard too', async () => {
  assert.match(await ctx.w.locator('.readout').textContent(), /^PE\[0\] = \[0, 1, 0, 1, 0, 1, 0, 1\]/);
  assert.match(await ctx.w.locator('.readout').textContent(), /PE\[1\] = \[0\.841, 0\.54,/);
  const canvas = ctx.w.locator('canvas');
  await canvas.focus();
  await ctx.page.keyboard.press('ArrowDown');
  assert.equal(await ctx.w.locator('.heat-readout').textContent(), 'position 1, dimension 0: 0.841');
  await ctx.page.keyboard.press('ArrowRight');
  assert.equal(await ctx.w.locator('.heat-readout').textContent(), 'position 1, dimension 1: 0.54');
});

test('without PE, dog bites man and man bites dog give each word the same context', async () => {
  assert.deepEqual(await verdicts(), ['same', 'same', 'same']);
});

test('with PE the contexts differ', async () => {
  await ctx.w.getByLabel('Add the positional encoding to the embeddings').check();
  assert.deepEqual(await verdicts(), ['different', 'different', 'different']);
});

test('n and d: bad values get a message; a smaller matrix is drawn', async () => {
  const n = ctx.w.getByLabel(/Positions n/);
  await rejectsBadInput(ctx.page, ctx.w, n, '4', 'n', ['0', '129', '2.5']);
  await ctx.w.getByLabel(/Dimensions d/).fill('6');
  assert.deepEqual(await ctx.w.locator('canvas').evaluate((c) => c.style.aspectRatio), '6 / 4');
});

test('sentences: unknown words and markup get a message, never HTML', async () => {
  const s1 = ctx.w.getByRole('textbox', { name: 'Sentence 1', exact: true });
  for (const bad of [
    '',
    '<img src=x onerror=alert(1)>',
    'dog eats man',
    Array.from({ length: 10000 }, () => 'dog').join(' '),
  ]) {
    await s1.fill(bad);
    assert.match(await messageOf(ctx.page, s1), /\S/, JSON.stringify(bad.slice(0, 20)));
    assert.equal(await s1.getAttribute('aria-invalid'), 'true');
  }
  assert.equal(await ctx.page.locator('.widget img').count(), 0);
  await s1.fill('dog bites dog');
  assert.equal(await s1.getAttribute('aria-invalid'), null);
  assert.deepEqual(ctx.page.problems(), []);
});

test('a deep link restores n, d, the PE switch and the sentences', async () => {
  const url = await hashSettled(ctx.page, 's1=dog bites dog');
  const [p2, w2] = await openDeepLink(ctx.site, url, '.widget-positional');
  assert.equal(await w2.getByRole('textbox', { name: 'Sentence 1', exact: true }).inputValue(), 'dog bites dog');
  assert.equal(await w2.getByLabel('Add the positional encoding to the embeddings').isChecked(), true);
  assert.equal(await w2.locator('canvas').evaluate((c) => c.style.aspectRatio), '6 / 4');
  assert.deepEqual(p2.problems(), []);
  await p2.close();
});
