// The attention-steps widget (lesson 5) in a real browser: the worked 2-token example's numbers,
// hover explanations, stages, deep links that restore state, and hostile input in every input.
// Expected numbers are hand-checked (see each comment); the page computes them with the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForLesson, axeSerious } from './helpers.mjs';
import { useWidget, cells, rejectsBadInput, hashSettled } from './widget-harness.mjs';

const ctx = useWidget();
const WHOLE = 'Whole-number example (X × 50)';
/** Opens lesson 5 and loads the worked example's whole numbers (one click from the default). */
async function openWholeNumbers() {
  await ctx.site.open(ctx.page, '#/attention-step-by-step');
  const w = ctx.page.locator('.widget-attention-steps');
  await w.getByRole('button', { name: WHOLE }).click();
  return w;
}

test('attention-steps opens on X ÷ 50, where both tokens mix both values', async () => {
  await ctx.site.open(ctx.page, '#/attention-step-by-step');
  const w = ctx.page.locator('.widget-attention-steps');
  // X = the worked example / 50, so the scores are its 2505.5 and 3574 / 2500 = 1.0022 and 1.4296;
  // softmax: 1 / (1 + e^0.4274) = 0.3947 and 0.6053. Token 2: 3535 / 2500 and 5064.5 / 2500.
  assert.deepEqual(await cells(w, 'scores', 0), ['1.0022', '1.4296']);
  assert.deepEqual(await cells(w, 'weights', 0), ['0.395', '0.605']);
  assert.deepEqual(await cells(w, 'weights', 1), ['0.352', '0.648']);
  assert.notDeepEqual(await cells(w, 'context', 0), await cells(w, 'context', 1), 'the two context rows differ');
});

test('attention-steps: one click shows the worked 2-token example: token 1 output [74, 54, 67, 62]', async () => {
  const w = ctx.page.locator('.widget-attention-steps');
  await w.getByRole('button', { name: WHOLE }).click();
  // The worked 2-token example of lesson 5 (X = [[6, 1, 4, 4], [8, 4, 6, 3]]), by hand:
  // Q1 = [23, 49, 45, 28]; scores / sqrt(4) = [2505.5, 3574]; softmax -> [0, 1];
  // context = V2 = [68, 53, 63, 58]; output = X1 + context = [74, 54, 67, 62].
  assert.deepEqual(await cells(w, 'Q', 0), ['23', '49', '45', '28']);
  assert.deepEqual(await cells(w, 'scores', 0), ['2505.5', '3574']);
  assert.deepEqual(await cells(w, 'weights', 0), ['0.000', '1.000']);
  assert.deepEqual(await cells(w, 'output', 0), ['74', '54', '67', '62']);
  assert.match(await w.locator('.readout').textContent(), /\[74, 54, 67, 62\]/);
  // Saturated: both tokens put weight 1 on token 2, so both context rows are V2.
  assert.deepEqual(await cells(w, 'context', 1), await cells(w, 'context', 0));
});

test('attention-steps: hovering Q[1][2] lights up X row 1 and W_Q column 2 with the real sum', async () => {
  const w = ctx.page.locator('.widget-attention-steps');
  await w.locator('[data-matrix="Q"] td[data-r="0"][data-c="1"]').hover();
  const eq = w.locator('.link-equation');
  // 6·4 + 1·1 + 4·4 + 4·2 = 24 + 1 + 16 + 8 = 49 (X row 1 times W_Q column 2, by hand)
  assert.match(await eq.textContent(), /6·4 \+ 1·1 \+ 4·4 \+ 4·2 = 24 \+ 1 \+ 16 \+ 8 = 49/);
  assert.equal(await w.locator('.matrix-editor .is-source').count(), 8, 'X row (4 cells) + W_Q column (4 cells)');
  // The same by keyboard: focus the cell, then move right to Q[1][3] = 45 = 6·3 + 1·3 + 4·4 + 4·2.
  await w.locator('[data-matrix="Q"] td[data-r="0"][data-c="1"]').focus();
  await ctx.page.keyboard.press('ArrowRight');
  assert.match(await eq.textContent(), /6·3 \+ 1·3 \+ 4·4 \+ 4·2 = 18 \+ 3 \+ 16 \+ 8 = 45/);
  // A weight explains itself through the softmax trace of its row.
  await w.locator('[data-matrix="weights"] td[data-r="0"][data-c="1"]').hover();
  assert.match(await eq.textContent(), /softmax of row 1/);
});

test('attention-steps: causal mask, resizing and a deep link that restores it all', async () => {
  const w = ctx.page.locator('.widget-attention-steps');
  await w.getByLabel('Causal mask').check();
  // With the mask, token 1 sees only itself: weight 1 on itself, output = X1 + V1 = [57, 37, 49, 50].
  // (V1 = [51, 36, 45, 46] = X1 W_V by hand; 6+51, 1+36, 4+45, 4+46.)
  assert.deepEqual(await cells(w, 'scores', 0), ['2505.5', '−∞']);
  assert.deepEqual(await cells(w, 'output', 0), ['57', '37', '49', '50']);
  await w.getByLabel('X row 1, column 1').fill('7');
  await w.getByLabel('Tokens (1–8)').fill('3');
  assert.equal(await w.locator('[data-matrix="weights"] tbody tr').count(), 3);
  // The new token is the mean of the two: (7 + 8) / 2, (1 + 4) / 2, (4 + 6) / 2, (4 + 3) / 2.
  await hashSettled(ctx.page, 'attention-steps.X=7,1,4,4;8,4,6,3;7.5,2.5,5,3.5');
  const url = await hashSettled(ctx.page, 'attention-steps.causal=1');

  const other = await ctx.site.newPage();
  await other.goto(url);
  await waitForLesson(other);
  const w2 = other.locator('.widget-attention-steps');
  assert.equal(await w2.getByLabel('Causal mask').isChecked(), true);
  assert.equal(await w2.getByLabel('X row 1, column 1').inputValue(), '7');
  assert.equal(await w2.locator('[data-matrix="weights"] tbody tr').count(), 3);
  assert.deepEqual(other.problems(), []);
  await other.close();
});

test("attention-steps: an added token is on the example's scale and takes a share of each row, not all of it", async () => {
  await ctx.site.open(ctx.page, '#/attention-step-by-step');
  const w = ctx.page.locator('.widget-attention-steps');
  await w.getByLabel('Tokens (1–8)').fill('3');
  // The mean of X's two rows, by hand: (0.12 + 0.16) / 2, (0.02 + 0.08) / 2, (0.08 + 0.12) / 2,
  // (0.08 + 0.06) / 2. (A row of 1s, 50 times these, took 0.9 and more of every row.)
  const row3 = [];
  for (let c = 1; c <= 4; c++) row3.push(await w.getByLabel(`X row 3, column ${c}`).inputValue());
  assert.deepEqual(row3, ['0.14', '0.05', '0.1', '0.07']);
  // Its key is the mean key, so each row scores it at the mean of the other two scores: its
  // weight lies between theirs. Token 1's scores 1.0022 and 1.4296 (above) and the mean 1.2159:
  // softmax of the three = 0.2651, 0.4065, 0.3283 (by hand: 1, e^0.4274 = 1.5333 and
  // e^0.2137 = 1.2383, over their sum 3.7716).
  assert.deepEqual(await cells(w, 'weights', 0), ['0.265', '0.407', '0.328']);
  for (let r = 0; r < 3; r++) {
    const onNew = Number((await cells(w, 'weights', r))[2]);
    assert.ok(onNew > 0.2 && onNew < 0.5, `row ${r + 1} gives the new token ${onNew}`);
  }
  assert.doesNotMatch(await w.textContent(), /could not compute/);
});

test("attention-steps: widening d fills the new column with each token's mean, on the example's scale", async () => {
  await ctx.site.open(ctx.page, '#/attention-step-by-step');
  const w = ctx.page.locator('.widget-attention-steps');
  await w.getByLabel('Width d (1–8)').fill('5');
  // Row means of X, by hand (a 1 here was 10 times the row's largest entry):
  // (0.12 + 0.02 + 0.08 + 0.08) / 4 = 0.075, (0.16 + 0.08 + 0.12 + 0.06) / 4 = 0.105.
  assert.equal(await w.getByLabel('X row 1, column 5').inputValue(), '0.075');
  assert.equal(await w.getByLabel('X row 2, column 5').inputValue(), '0.105');
  // W_Q's first row [1, 4, 3, 1] has mean 2.25; its new row holds the column means, e.g. column 1:
  // (1 + 1 + 3 + 1) / 4 = 1.5.
  assert.equal(await w.getByLabel('W_Q row 1, column 5').inputValue(), '2.25');
  assert.equal(await w.getByLabel('W_Q row 5, column 1').inputValue(), '1.5');
  // Both tokens still mix: token 2's scores 2.4659 and 3.5192 give 1 / (1 + e^1.0533) = 0.2586.
  assert.deepEqual(await cells(w, 'weights', 1), ['0.259', '0.741']);
});

test('attention-steps at 390 px: every cell shows its whole number', async () => {
  const phone = await ctx.site.newPage({ viewport: { width: 390, height: 844 } });
  await ctx.site.open(phone, '#/attention-step-by-step');
  const w = phone.locator('.widget-attention-steps');
  const clipped = () =>
    w
      .locator('.cell-input, table.matrix td')
      .evaluateAll((nodes) =>
        nodes
          .filter((n) => n.scrollWidth > n.clientWidth + 1)
          .map((n) => n.getAttribute('aria-label') ?? n.textContent),
      );
  assert.deepEqual(await clipped(), [], 'the small example (0.12, 0.16)');
  await w.getByLabel('Width d (1–8)').fill('5'); // 0.075 and 0.105: five characters
  assert.deepEqual(await clipped(), [], 'after widening');
  assert.deepEqual(phone.problems(), []);
  await phone.close();
});

test('attention-steps: the matrix editor is keyboard-navigable', async () => {
  const w = await openWholeNumbers();
  const label = () => ctx.page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  await w.getByLabel('X row 1, column 1').focus();
  await ctx.page.keyboard.press('ArrowDown');
  assert.equal(await label(), 'X row 2, column 1');
  await ctx.page.keyboard.press('End');
  await ctx.page.keyboard.press('ArrowRight'); // caret at the end of the text: next cell
  assert.equal(await label(), 'X row 2, column 2');
  await ctx.page.keyboard.press('Enter'); // Enter moves down like a spreadsheet (no row 3: stays)
  assert.equal(await label(), 'X row 2, column 2');
  await ctx.page.keyboard.press('ArrowUp');
  await ctx.page.keyboard.type('5'); // the cell's text was selected on arrival: replaced
  assert.equal(await w.getByLabel('X row 1, column 2').inputValue(), '5');
  // Q[1][1] = 6·1 + 5·1 + 4·3 + 4·1 = 27 (X row 1 now [6, 5, 4, 4], W_Q column 1)
  assert.equal(await w.locator('[data-matrix="Q"] td[data-r="0"][data-c="0"]').textContent(), '27');
});

test('attention-steps: X ÷ 10 (computed by the engine) keeps the weights near 0 and 1; ÷ 100 evens them', async () => {
  const w = await openWholeNumbers();
  await w.getByRole('button', { name: '÷ 10' }).click();
  assert.equal(await w.getByLabel('X row 1, column 1').inputValue(), '0.6');
  // Scores shrink 100-fold: 25.055 and 35.74 (the example's 2505.5 and 3574 / 100); weights ≈ [0, 1].
  assert.deepEqual(await cells(w, 'scores', 0), ['25.055', '35.74']);
  assert.deepEqual(await cells(w, 'weights', 0), ['0.000', '1.000']);
  await w.getByRole('button', { name: '÷ 10' }).click();
  // 0.25055 vs 0.3574: softmax = [0.4733, 0.5267] (1 / (1 + e^0.10685) = 0.4733, by hand).
  assert.deepEqual(await cells(w, 'weights', 0), ['0.473', '0.527']);
  await hashSettled(ctx.page, 'attention-steps.X=0.06,0.01,0.04,0.04;0.08,0.04,0.06,0.03');
  for (let i = 0; i < 5; i++) await w.getByRole('button', { name: '× 10' }).click();
  assert.match(await w.locator('.field-message').filter({ hasText: 'beyond' }).first().textContent(), /beyond ±1000/);
  assert.equal(await w.getByLabel('X row 2, column 1').inputValue(), '800');
});

test('attention-steps: stepping through the stages, kept in the URL', async () => {
  await ctx.site.open(ctx.page, '#/attention-step-by-step');
  const w = ctx.page.locator('.widget-attention-steps');
  await w.getByRole('button', { name: 'Step 1' }).click();
  assert.equal(await w.locator('[data-matrix="Q"]').isVisible(), true);
  assert.equal(await w.locator('[data-matrix="weights"]').isVisible(), false, 'later stages hidden');
  assert.equal(await w.locator('[data-matrix="output"]').isVisible(), false);
  const url = await hashSettled(ctx.page, 'attention-steps.step=1');
  await w.getByRole('button', { name: 'Step 2' }).click();
  assert.equal(await w.locator('[data-matrix="weights"]').isVisible(), true);
  assert.equal(await w.locator('[data-matrix="output"]').isVisible(), false);
  await ctx.site.open(ctx.page, url.replace(/^[^#]*/, ''));
  assert.equal(await w.locator('[data-matrix="weights"]').isVisible(), false, 'the link restores step 1');
  await w.getByRole('button', { name: 'All steps' }).click();
  assert.equal(await w.locator('[data-matrix="output"]').isVisible(), true);
});

test('attention-steps: bad input in every input is refused with a message', async () => {
  const w = await openWholeNumbers();
  await rejectsBadInput(ctx.page, w, w.getByLabel('X row 2, column 3'), '6', 'X cell');
  await rejectsBadInput(ctx.page, w, w.getByLabel('W_Q row 1, column 1'), '1', 'W_Q cell');
  await rejectsBadInput(ctx.page, w, w.getByLabel('W_K row 4, column 4'), '2', 'W_K cell');
  await rejectsBadInput(ctx.page, w, w.getByLabel('W_V row 3, column 2'), '2', 'W_V cell');
  await rejectsBadInput(ctx.page, w, w.getByLabel('Tokens (1–8)'), '2', 'token count');
  await rejectsBadInput(ctx.page, w, w.getByLabel('Width d (1–8)'), '4', 'width');
  await w.getByLabel('Tokens (1–8)').fill('9');
  assert.match(await w.locator('.number-field').first().locator('.field-message').textContent(), /between 1 and 8/);
  await w.getByLabel('Tokens (1–8)').fill('2');
  assert.deepEqual(await cells(w, 'output', 0), ['74', '54', '67', '62']);
});

test('axe-core: no serious violation with a message, a hover explanation and hidden stages on screen', async () => {
  await ctx.site.open(ctx.page, '#/attention-step-by-step');
  const w = ctx.page.locator('.widget-attention-steps');
  await w.getByLabel('X row 1, column 1').fill('abc');
  await w.locator('[data-matrix="Q"] td[data-r="0"][data-c="1"]').hover();
  await w.getByRole('button', { name: 'Step 2' }).click();
  // The rest of the lesson is as lessons-desktop.test.mjs scans it in full: here, what this test changed.
  assert.deepEqual(await axeSerious(ctx.page, { within: '.widget-attention-steps' }), [], 'attention-steps');
});
