// Lesson 13's attention-tiles widget in a real browser: what the walks and the control sweep do
// not drive, the stepper's buttons through lesson 5's four tiles to the output, and the block
// size refused where it does not fit the example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget, rejectsBadInput } from './widget-harness.mjs';

const ctx = useWidget('#/attention-at-scale', '.widget-attention-tiles');
const where = () => ctx.w.locator('.tile-where').textContent();
const next = () => ctx.w.getByRole('button', { name: 'Next tile ▶' }).click();

test("lesson 5's tiles, one at a time: m and l of token 1 as the prose says, then lesson 5's output", async () => {
  assert.match(await where(), /^Before the first tile/);
  await next();
  await next();
  assert.equal(await where(), 'Tile 2 of 4: query 1 against key 2');
  assert.deepEqual(await ctx.w.locator('.tile-grid td.current').allTextContents(), ['1.43']);
  assert.deepEqual(await ctx.w.locator('.tile-rows tr.current td').allTextContents(), [
    '1.0022 → 1.4296',
    '1.0000 → 1.6522',
    '[1.2258, 0.9258, 1.1179, 1.0653]',
  ]);
  await ctx.w.getByRole('button', { name: '◀ Previous tile' }).click();
  assert.equal(await where(), 'Tile 1 of 4: query 1 against key 1');
  await ctx.w.getByRole('button', { name: 'End' }).click();
  assert.equal(await ctx.w.locator('.tile-verdict .verdict').textContent(), 'the same');
  assert.ok(await ctx.w.getByRole('button', { name: 'Next tile ▶' }).isDisabled());
  await ctx.w.getByRole('button', { name: 'Start' }).click();
});

test('a block size of 0, larger than the example, or not a whole number gets a message', async () => {
  const block = ctx.w.getByLabel('Block size');
  await rejectsBadInput(ctx.page, ctx.w, block, '2', 'block size', ['0', '3', '1.5']);
  await block.fill('3');
  assert.match(await ctx.w.locator('.field-message').first().textContent(), /at most 2, the number of tokens/);
  await block.fill('2');
  assert.match(await where(), /\(1 tiles? of up to 2 × 2 in all\)/);
  await block.fill('1');
});
