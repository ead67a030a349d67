// Lesson 13's rope-rotation widget in a real browser: what the walks and the control sweep do
// not drive, the track's handles by pointer and by keyboard, and both positions moved at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget, rejectsBadInput } from './widget-harness.mjs';

const ctx = useWidget('#/attention-at-scale', '.widget-rope-rotation >> nth=0');
const score = () => ctx.w.locator('.readout-big').textContent();
const field = (name) => ctx.w.getByLabel(name, { exact: true });

test('the keyboard moves a handle; moving both keeps the score, moving one does not', async () => {
  assert.match(await score(), /^score 11\.1194 at m = 3, n = 7 \(n − m = 4\)$/);
  const q = ctx.w.getByRole('slider', { name: 'Position m of the query' });
  await q.focus();
  await ctx.page.keyboard.press('ArrowRight');
  await ctx.page.keyboard.press('ArrowRight');
  assert.equal(await field('Query position m').inputValue(), '5');
  assert.equal(await q.getAttribute('aria-valuenow'), '5');
  const two = await score();
  assert.match(two, /at m = 5, n = 7 \(n − m = 2\)/);
  assert.notEqual(two.split(' at ')[0], 'score 11.1194', 'a new distance, a new score');
  await ctx.w.getByRole('button', { name: 'Move both positions 5 places right' }).click();
  assert.equal((await score()).split(' at ')[0], two.split(' at ')[0], 'both moved: the same score');
  assert.match(await score(), /at m = 10, n = 12/);
  await q.focus();
  await ctx.page.keyboard.press('Home');
  assert.equal(await field('Query position m').inputValue(), '0');
  await field('Query position m').fill('3');
  await field('Key position n').fill('7');
});

test('a pointer drags a handle, and a press on the track takes the nearer handle there', async () => {
  const track = ctx.w.locator('.position-track');
  const box = await track.boundingBox();
  // The viewBox is 600 wide with 22 on each side for positions 0..63.
  const xOf = (p) => box.x + ((22 + (p / 63) * 556) / 600) * box.width;
  const y = box.y + box.height * 0.54;
  await ctx.page.mouse.move(xOf(7), y);
  await ctx.page.mouse.down();
  await ctx.page.mouse.move(xOf(20), y, { steps: 4 });
  await ctx.page.mouse.move(xOf(30), y, { steps: 4 });
  await ctx.page.mouse.up();
  assert.equal(await field('Key position n').inputValue(), '30');
  assert.match(await score(), /at m = 3, n = 30 \(n − m = 27\)/);
  await ctx.page.mouse.click(xOf(1), y); // nearer the query's handle, at 3
  assert.equal(await field('Query position m').inputValue(), '1');
  await field('Query position m').fill('3');
  await field('Key position n').fill('7');
  assert.match(await score(), /^score 11\.1194/);
});

test('a base of 0 or less, or not a number, gets a message next to the field', async () => {
  const second = ctx.page.locator('.widget-rope-rotation').nth(1);
  await rejectsBadInput(ctx.page, second, second.getByLabel('or type the base'), '100', 'base', ['0', '-5', '0.5']);
  assert.match(await second.locator('.readout-big').textContent(), /^score 7\.3253 /);
  await second.getByLabel('or type the base').fill('10000');
});
