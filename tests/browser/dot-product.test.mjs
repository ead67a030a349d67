// The dot-product widget (lesson 2) in a real browser: the products, lengths, cosine and angle,
// dragging and the keyboard, deep links, and hostile input. Expected numbers are hand-checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForLesson } from './helpers.mjs';
import { useWidget, rejectsBadInput, hashSettled } from './widget-harness.mjs';

const ctx = useWidget();

test('dot-product: Apple·juice = 8 with its terms, then keyboard and deep link', async () => {
  await ctx.site.open(ctx.page, '#/dot-product');
  const w = ctx.page.locator('.widget-dot-product');
  // (2, 2)·(4, 0) = 8 + 0 = 8; |a| = 2.828, |b| = 4, cos = 8 / 11.31 = 0.707, 45°.
  const text = await w.locator('.readout').textContent();
  assert.match(text, /a · b = 2·4 \+ 2·0 = 8/);
  assert.match(text, /‖a‖ = 2\.828 · ‖b‖ = 4/);
  assert.match(text, /cos θ = 0\.707 · θ = 45°/);
  // The plot marks the angle and the projection of a = (2, 2) onto b = (4, 0): the foot is
  // (a·b / |b|²) b = (8 / 16)·(4, 0) = (2, 0), a bar along b and a dashed drop from a's tip.
  assert.equal(await w.locator('.plot2d .angle-label').textContent(), 'θ = 45°');
  assert.equal(await w.locator('.plot2d .angle-arc').count(), 1);
  const guides = await w
    .locator('.plot2d .arrow:not([marker-end])')
    .evaluateAll((ls) => ls.map((l) => ['x1', 'y1', 'x2', 'y2'].map((k) => Number(l.getAttribute(k)).toFixed(1))));
  assert.equal(guides.length, 2, 'the projection bar and the drop');
  const [drop, bar] = guides;
  assert.deepEqual(drop.slice(2), bar.slice(2), 'the drop ends where the bar ends: the foot (2, 0)');
  assert.equal(drop[0], drop[2], 'the drop from (2, 2) to (2, 0) is vertical, at right angles to b');
  // Apple·love = 2·(−4) + 2·3 = −2: slightly more than 90° (98.1°).
  await w.getByLabel('Word b').selectOption('love');
  assert.match(await w.locator('.readout').textContent(), /= −2\b[\s\S]*θ = 98\.1°/);
  // Keyboard: move b's tip right by one step (0.5): (−3.5, 3) -> 2·(−3.5) + 2·3 = −1.
  await w.locator('.plot-point[data-id="b"]').focus();
  await ctx.page.keyboard.press('ArrowRight');
  assert.match(await w.locator('.readout').textContent(), /a · b = 2·\(−3\.5\) \+ 2·3 = −1/);
  assert.equal(await w.getByLabel('b = (food, tech)').inputValue(), '-3.5, 3');
  const url = await hashSettled(ctx.page, 'dot-product.b=-3.5,3');

  const other = await ctx.site.newPage();
  await other.goto(url);
  await waitForLesson(other);
  assert.match(await other.locator('.widget-dot-product .readout').textContent(), /= −1\b/);
  // (−3.5, 3) is no word of the lesson: the tip is labelled b, the picker says so.
  assert.equal(await other.locator('.widget-dot-product .plot-point[data-id="b"] text').textContent(), 'b');
  assert.equal(await other.locator('.widget-dot-product').getByLabel('Word b').inputValue(), '');
  await other.close();
});

test('dot-product: drag a tip with the mouse', async () => {
  await ctx.site.open(ctx.page, '#/dot-product');
  const w = ctx.page.locator('.widget-dot-product');
  const point = w.locator('.plot-point[data-id="a"] circle');
  await point.scrollIntoViewIfNeeded();
  const box = await point.boundingBox();
  await ctx.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await ctx.page.mouse.down();
  await ctx.page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 5 });
  await ctx.page.mouse.up();
  const value = await w.getByLabel('a = (food, tech)').inputValue();
  assert.notEqual(value, '2, 2', 'the vector moved');
  assert.match(value, /^-?\d+(\.5)?, -?\d+(\.5)?$/, 'snapped to half steps');
});

test('dot-product: bad input is refused', async () => {
  await ctx.site.open(ctx.page, '#/dot-product');
  const w = ctx.page.locator('.widget-dot-product');
  await rejectsBadInput(ctx.page, w, w.getByLabel('a = (food, tech)'), '2, 2', 'vector a');
  await rejectsBadInput(ctx.page, w, w.getByLabel('b = (food, tech)'), '4, 0', 'vector b');
  await w.getByLabel('a = (food, tech)').fill('1, 2, 3');
  assert.match(await w.locator('.vector-field .field-message').first().textContent(), /at most 2/);
  // A zero vector has no direction: the engine returns no cosine, the page says why.
  await w.getByLabel('a = (food, tech)').fill('0, 0');
  assert.match(await w.locator('.readout').textContent(), /a · b = 0·4 \+ 0·0 = 0[\s\S]*length 0/);
  assert.doesNotMatch(await w.locator('.readout').textContent(), /NaN|null|undefined/);
});
