// Predict first, then see: "Show me anyway" opens the covered part without a guess, and a link
// carrying the state of a figure under a cover shows that figure with the guess still open. For
// EVERY predict block of every lesson, the answer (the engine's number as the page prints it and
// the sentences the fence names in "reveals") is nowhere on the page, visible text or
// accessibility tree, before the guess and is there after: checks/predict.mjs, run on every
// lesson by lessons-desktop.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget } from './widget-harness.mjs';

const ctx = useWidget();

test('"Show me anyway" opens the cover without a guess: the answer, no verdict, the form locked', async () => {
  const { site, page } = ctx;
  await site.open(page, '#/context', { covers: 'closed' });
  const block = page.locator('.predict-mount').first();
  const cover = page.locator('.predict-cover').first();
  assert.equal(await cover.isVisible(), false);
  assert.equal(await page.locator('.widget-context-shift').isVisible(), false, 'the figure waits for the guess');
  await block.getByRole('button', { name: 'Show me anyway' }).click();
  await cover.waitFor({ state: 'visible' });
  const result = block.locator('.predict-result');
  await page.waitForFunction((el) => el.textContent !== '', await result.elementHandle());
  assert.equal(await result.getAttribute('data-kind'), 'shown');
  assert.match(await result.textContent(), /^No guess this time: “phones” gets the most, 0\.417\.$/);
  assert.equal(await block.locator('input[type="radio"]').first().isDisabled(), true);
  // The figure mounted while hidden draws as it should once shown.
  assert.match(await page.locator('.widget-context-shift .attention-lines .lines-summary').textContent(), /0\.42/);
  assert.deepEqual(page.problems(), []);
});

test('a link carrying the state of a figure under a cover shows that figure, and the guess stays open', async () => {
  const { site, page } = ctx;
  await site.open(page, '#/context?context-shift.s=I%20love%20apple%20juice', { covers: 'closed' });
  const block = page.locator('.predict-mount').first();
  assert.equal(await page.locator('.widget-context-shift').isVisible(), true, 'the linked figure is on screen');
  assert.equal(await page.locator('.widget-context-shift .sentence-input').inputValue(), 'I love apple juice');
  assert.equal(await block.locator('.predict-closed').isVisible(), false);
  assert.equal(await block.locator('input[type="radio"]').first().isDisabled(), false, 'a guess can still be made');
  assert.equal(await block.locator('.predict-result').textContent(), '');
  // A plain link to the lesson keeps the cover closed.
  await site.open(page, '#/context', { covers: 'closed' });
  assert.equal(await page.locator('.widget-context-shift').isVisible(), false);
  assert.deepEqual(page.problems(), []);
});
