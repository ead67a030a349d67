// The lesson 1-3 and 5 widgets in a real browser: the numbers the learner must see, hover
// explanations, deep links that restore state, and hostile input in every input.
// Expected numbers are hand-checked (see each comment); the page computes them with the engine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, waitForLesson, axeSerious } from './helpers.mjs';

let site;
let page;

before(async () => {
  site = await startSite();
  page = await site.newPage();
});
after(async () => {
  await site?.close();
});

const TEN_THOUSAND_WORDS = Array.from({ length: 10000 }, (_, i) => `word${i}`).join(' ');
const BAD_NUMBERS = ['', TEN_THOUSAND_WORDS, 'NaN', 'Infinity', '1e308', 'abc', '<img src=x onerror=alert(1)>'];

/** Text of the rendered numbers inside a widget (matrix cells, tables, bars, readouts). */
async function shownNumbers(widget) {
  return (await widget.locator('.matrix-view td, .trace td, .bar-value, .readout').allTextContents()).join(' ');
}

/**
 * Type each bad value into `input`: a message must appear next to it (aria-describedby), the input
 * marked invalid, no NaN/Infinity shown, no dialog, no <img> injected; then a good value recovers.
 */
async function rejectsBadInput(widget, input, goodValue, label) {
  for (const bad of BAD_NUMBERS) {
    await input.fill(bad);
    const describedBy = (await input.getAttribute('aria-describedby')) || '';
    const messages = await Promise.all(
      describedBy
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => page.locator(`#${id}`).textContent()),
    );
    const message = messages.join(' ');
    const what = `${label} <- ${JSON.stringify(bad.slice(0, 30))}`;
    assert.match(message, /\S/, `${what}: a message next to the input`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${what}: aria-invalid`);
    assert.doesNotMatch(await shownNumbers(widget), /NaN|Infinity/, `${what}: no NaN on screen`);
  }
  assert.equal(await page.locator('.lesson img').count(), 0, `${label}: no markup injected`);
  await input.fill(goodValue);
  assert.equal(await input.getAttribute('aria-invalid'), null, `${label}: valid again`);
  assert.deepEqual(page.problems(), [], `${label}: no console error or dialog`);
}

async function hashSettled(substring) {
  await page.waitForFunction((s) => decodeURIComponent(location.hash).includes(s), substring);
  return page.url();
}

// ---------------------------------------------------------------- lesson 5: attention-steps

test('attention-steps shows note 001: token 1 output [74, 54, 67, 62]', async () => {
  await site.open(page, '#/attention-step-by-step');
  const w = page.locator('.widget-attention-steps');
  // Hand-checked in note 001: Q1 = [23, 49, 45, 28]; scores / sqrt(4) = [2505.5, 3574];
  // softmax -> [0, 1]; context = V2 = [68, 53, 63, 58]; output = X1 + context = [74, 54, 67, 62].
  const cells = (name, row) => w.locator(`[data-matrix="${name}"] tbody tr`).nth(row).locator('td').allTextContents();
  assert.deepEqual(await cells('Q', 0), ['23', '49', '45', '28']);
  assert.deepEqual(await cells('scores', 0), ['2505.5', '3574']);
  assert.deepEqual(await cells('weights', 0), ['0.000', '1.000']);
  assert.deepEqual(await cells('output', 0), ['74', '54', '67', '62']);
  assert.match(await w.locator('.readout').textContent(), /\[74, 54, 67, 62\]/);
});

test('attention-steps: hovering Q[1][2] lights up X row 1 and W_Q column 2 with the real sum', async () => {
  const w = page.locator('.widget-attention-steps');
  await w.locator('[data-matrix="Q"] td[data-r="0"][data-c="1"]').hover();
  const eq = w.locator('.link-equation');
  // 6·4 + 1·1 + 4·4 + 4·2 = 24 + 1 + 16 + 8 = 49 (X row 1 times W_Q column 2, by hand)
  assert.match(await eq.textContent(), /6·4 \+ 1·1 \+ 4·4 \+ 4·2 = 24 \+ 1 \+ 16 \+ 8 = 49/);
  assert.equal(await w.locator('.matrix-editor .is-source').count(), 8, 'X row (4 cells) + W_Q column (4 cells)');
  // The same by keyboard: focus the cell, then move right to Q[1][3] = 45 = 6·3 + 1·3 + 4·4 + 4·2.
  await w.locator('[data-matrix="Q"] td[data-r="0"][data-c="1"]').focus();
  await page.keyboard.press('ArrowRight');
  assert.match(await eq.textContent(), /6·3 \+ 1·3 \+ 4·4 \+ 4·2 = 18 \+ 3 \+ 16 \+ 8 = 45/);
  // A weight explains itself through the softmax trace of its row.
  await w.locator('[data-matrix="weights"] td[data-r="0"][data-c="1"]').hover();
  assert.match(await eq.textContent(), /softmax of row 1/);
});

test('attention-steps: causal mask, resizing and a deep link that restores it all', async () => {
  const w = page.locator('.widget-attention-steps');
  await w.getByLabel('Causal mask').check();
  // With the mask, token 1 sees only itself: weight 1 on itself, output = X1 + V1 = [57, 37, 49, 50].
  // (V1 = [51, 36, 45, 46] from note 001; 6+51, 1+36, 4+45, 4+46.)
  assert.deepEqual(await w.locator('[data-matrix="scores"] tbody tr').nth(0).locator('td').allTextContents(), [
    '2505.5',
    '−∞',
  ]);
  assert.deepEqual(await w.locator('[data-matrix="output"] tbody tr').nth(0).locator('td').allTextContents(), [
    '57',
    '37',
    '49',
    '50',
  ]);
  await w.getByLabel('X row 1, column 1').fill('7');
  await w.getByLabel('Tokens (1–8)').fill('3');
  assert.equal(await w.locator('[data-matrix="weights"] tbody tr').count(), 3);
  const url = await hashSettled('attention-steps.causal=1');
  await hashSettled('attention-steps.X=7,1,4,4;8,4,6,3;1,1,1,1');

  const other = await site.newPage();
  await other.goto(url);
  await waitForLesson(other);
  const w2 = other.locator('.widget-attention-steps');
  assert.equal(await w2.getByLabel('Causal mask').isChecked(), true);
  assert.equal(await w2.getByLabel('X row 1, column 1').inputValue(), '7');
  assert.equal(await w2.locator('[data-matrix="weights"] tbody tr').count(), 3);
  assert.deepEqual(other.problems(), []);
  await other.close();
});

test('attention-steps: the matrix editor is keyboard-navigable', async () => {
  await site.open(page, '#/attention-step-by-step');
  const w = page.locator('.widget-attention-steps');
  const label = () => page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  await w.getByLabel('X row 1, column 1').focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await label(), 'X row 2, column 1');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowRight'); // caret at the end of the text: next cell
  assert.equal(await label(), 'X row 2, column 2');
  await page.keyboard.press('Enter'); // Enter moves down like a spreadsheet (no row 3: stays)
  assert.equal(await label(), 'X row 2, column 2');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.type('5'); // the cell's text was selected on arrival: replaced
  assert.equal(await w.getByLabel('X row 1, column 2').inputValue(), '5');
  // Q[1][1] = 6·1 + 5·1 + 4·3 + 4·1 = 27 (X row 1 now [6, 5, 4, 4], W_Q column 1)
  assert.equal(await w.locator('[data-matrix="Q"] td[data-r="0"][data-c="0"]').textContent(), '27');
});

test('attention-steps: X ÷ 10 (computed by the engine) keeps the weights near 0 and 1; ÷ 100 evens them', async () => {
  await site.open(page, '#/attention-step-by-step');
  const w = page.locator('.widget-attention-steps');
  await w.getByRole('button', { name: '÷ 10' }).click();
  assert.equal(await w.getByLabel('X row 1, column 1').inputValue(), '0.6');
  // Scores shrink 100-fold: 25.055 and 35.74 (note 001's 2505.5 and 3574 / 100); weights ≈ [0, 1].
  assert.deepEqual(await w.locator('[data-matrix="scores"] tbody tr').nth(0).locator('td').allTextContents(), [
    '25.055',
    '35.74',
  ]);
  assert.deepEqual(await w.locator('[data-matrix="weights"] tbody tr').nth(0).locator('td').allTextContents(), [
    '0.000',
    '1.000',
  ]);
  await w.getByRole('button', { name: '÷ 10' }).click();
  // 0.25055 vs 0.3574: softmax = [0.4733, 0.5267] (1 / (1 + e^0.10685) = 0.4733, by hand).
  assert.deepEqual(await w.locator('[data-matrix="weights"] tbody tr').nth(0).locator('td').allTextContents(), [
    '0.473',
    '0.527',
  ]);
  await hashSettled('attention-steps.X=0.06,0.01,0.04,0.04;0.08,0.04,0.06,0.03');
  for (let i = 0; i < 5; i++) await w.getByRole('button', { name: '× 10' }).click();
  assert.match(await w.locator('.field-message').filter({ hasText: 'beyond' }).first().textContent(), /beyond ±1000/);
  assert.equal(await w.getByLabel('X row 2, column 1').inputValue(), '800');
});

test('attention-steps: stepping through the stages, kept in the URL', async () => {
  await site.open(page, '#/attention-step-by-step');
  const w = page.locator('.widget-attention-steps');
  await w.getByRole('button', { name: 'Step 1' }).click();
  assert.equal(await w.locator('[data-matrix="Q"]').isVisible(), true);
  assert.equal(await w.locator('[data-matrix="weights"]').isVisible(), false, 'later stages hidden');
  assert.equal(await w.locator('[data-matrix="output"]').isVisible(), false);
  const url = await hashSettled('attention-steps.step=1');
  await w.getByRole('button', { name: 'Step 2' }).click();
  assert.equal(await w.locator('[data-matrix="weights"]').isVisible(), true);
  assert.equal(await w.locator('[data-matrix="output"]').isVisible(), false);
  await site.open(page, url.replace(/^[^#]*/, ''));
  assert.equal(await w.locator('[data-matrix="weights"]').isVisible(), false, 'the link restores step 1');
  await w.getByRole('button', { name: 'All steps' }).click();
  assert.equal(await w.locator('[data-matrix="output"]').isVisible(), true);
});

test('attention-steps: bad input in every input is refused with a message', async () => {
  await site.open(page, '#/attention-step-by-step');
  const w = page.locator('.widget-attention-steps');
  await rejectsBadInput(w, w.getByLabel('X row 2, column 3'), '6', 'X cell');
  await rejectsBadInput(w, w.getByLabel('W_Q row 1, column 1'), '1', 'W_Q cell');
  await rejectsBadInput(w, w.getByLabel('W_K row 4, column 4'), '2', 'W_K cell');
  await rejectsBadInput(w, w.getByLabel('W_V row 3, column 2'), '2', 'W_V cell');
  await rejectsBadInput(w, w.getByLabel('Tokens (1–8)'), '2', 'token count');
  await rejectsBadInput(w, w.getByLabel('Width d (1–8)'), '4', 'width');
  await w.getByLabel('Tokens (1–8)').fill('9');
  assert.match(await w.locator('.number-field').first().locator('.field-message').textContent(), /between 1 and 8/);
  await w.getByLabel('Tokens (1–8)').fill('2');
  assert.deepEqual(await w.locator('[data-matrix="output"] tbody tr').nth(0).locator('td').allTextContents(), [
    '74',
    '54',
    '67',
    '62',
  ]);
});

// ---------------------------------------------------------------- lesson 3: softmax

test('softmax: [8, 2, 5] -> 0.950, 0.002, 0.047 and the big scores -> [0, 1] without overflow', async () => {
  await site.open(page, '#/softmax');
  const w = page.locator('.widget-softmax');
  // softmax([8,2,5]) = [0.9503, 0.0024, 0.0473] (hand-checked: 1/(1+e^-6+e^-3) = 0.9503).
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.950', '0.002', '0.047']);
  // Hovering the trace explains each number from the row above, with the engine's values.
  const eq = w.locator('.link-equation');
  await w.locator('[data-matrix="trace"] td[data-r="2"][data-c="1"]').hover();
  assert.match(await eq.textContent(), /2 − 8 = −6/);
  await w.locator('[data-matrix="trace"] td[data-r="4"][data-c="0"]').hover();
  // e^0 / (1 + e^-6 + e^-3) = 1 / 1.052266 = 0.950331 (by hand)
  assert.match(await eq.textContent(), /1 \/ 1\.0522\d* \(the sum of the row above\) = 0\.9503/);
  assert.equal(await w.locator('[data-matrix="trace"] .is-source').count(), 3, 'the whole row of exponentials');
  await w.getByRole('button', { name: '[2505.5, 3574]' }).click();
  // 2505.5 - 3574 = -1068.5: e^-1068.5 underflows to 0, so exactly [0, 1].
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.000', '1.000']);
  assert.doesNotMatch(await shownNumbers(w), /NaN|∞/);
  await w.getByRole('button', { name: '[−2, 8, 8]' }).click();
  // softmax([-2, 8, 8]) = [e^-10/(1+1+e^-10), ...] = [0.0000227, 0.49999, 0.49999]
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.000', '0.500', '0.500']);
});

test('softmax: adding 100 to every score (done by the engine) leaves the weights alone', async () => {
  await site.open(page, '#/softmax');
  const w = page.locator('.widget-softmax');
  await w.getByRole('button', { name: '+ 100' }).click();
  assert.equal(await w.getByLabel('Scores', { exact: true }).inputValue(), '108, 102, 105');
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.950', '0.002', '0.047']);
  await w.getByRole('button', { name: '− 100' }).click();
  assert.equal(await w.getByLabel('Scores', { exact: true }).inputValue(), '8, 2, 5');
  await hashSettled('softmax.scores=8,2,5');
});

test('softmax: temperature and the sqrt(d_k) divisor, restored from a deep link', async () => {
  await site.open(page, '#/softmax?softmax.scores=8,2,5&softmax.scale=1&softmax.dk=4&softmax.t=1');
  const w = page.locator('.widget-softmax');
  // Divided by sqrt(4) = 2: softmax([4, 1, 2.5]) = [0.7856, 0.0391, 0.1753] (by hand).
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.786', '0.039', '0.175']);
  assert.equal(await w.getByLabel('Divide the scores by √dₖ').isChecked(), true);
  // Temperature 10 without scaling: softmax([0.8, 0.2, 0.5]) = [0.4367, 0.2397, 0.3236].
  await site.open(page, '#/softmax?softmax.scores=8,2,5&softmax.t=10');
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.437', '0.240', '0.324']);
  assert.equal(await w.locator('input[type="range"]').inputValue(), '10');
});

test('softmax: editing writes the URL; bad input is refused', async () => {
  await site.open(page, '#/softmax');
  const w = page.locator('.widget-softmax');
  await w.getByLabel('Scores', { exact: true }).fill('1, 2, 3');
  await hashSettled('softmax.scores=1,2,3');
  await rejectsBadInput(w, w.getByLabel('Scores', { exact: true }), '8, 2, 5', 'scores');
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['0.950', '0.002', '0.047']);
  await w.getByLabel('Divide the scores by √dₖ').check();
  await rejectsBadInput(w, w.getByLabel('dₖ (key length)'), '4', 'd_k');
  await w.getByLabel('Scores', { exact: true }).fill(Array.from({ length: 13 }, () => '1').join(','));
  assert.match(await w.locator('.vector-field .field-message').textContent(), /at most 12/);
});

// ---------------------------------------------------------------- lesson 2: dot-product

test('dot-product: Apple·juice = 8 with its terms, then keyboard and deep link', async () => {
  await site.open(page, '#/dot-product');
  const w = page.locator('.widget-dot-product');
  // (2, 2)·(4, 0) = 8 + 0 = 8; |a| = 2.828, |b| = 4, cos = 8 / 11.31 = 0.707, 45°.
  const text = await w.locator('.readout').textContent();
  assert.match(text, /a · b = 2·4 \+ 2·0 = 8/);
  assert.match(text, /‖a‖ = 2\.828 · ‖b‖ = 4/);
  assert.match(text, /cos θ = 0\.707 · θ = 45°/);
  // Apple·love = 2·(−4) + 2·3 = −2: slightly more than 90° (98.1°).
  await w.getByLabel('Word b').selectOption('love');
  assert.match(await w.locator('.readout').textContent(), /= −2\b[\s\S]*θ = 98\.1°/);
  // Keyboard: move b's tip right by one step (0.5): (−3.5, 3) -> 2·(−3.5) + 2·3 = −1.
  await w.locator('.plot-point[data-id="b"]').focus();
  await page.keyboard.press('ArrowRight');
  assert.match(await w.locator('.readout').textContent(), /a · b = 2·\(−3\.5\) \+ 2·3 = −1/);
  assert.equal(await w.getByLabel('b = (food, tech)').inputValue(), '-3.5, 3');
  const url = await hashSettled('dot-product.b=-3.5,3');

  const other = await site.newPage();
  await other.goto(url);
  await waitForLesson(other);
  assert.match(await other.locator('.widget-dot-product .readout').textContent(), /= −1\b/);
  // (−3.5, 3) is no word of the lesson: the tip is labelled b, the picker says so.
  assert.equal(await other.locator('.widget-dot-product .plot-point[data-id="b"] text').textContent(), 'b');
  assert.equal(await other.locator('.widget-dot-product').getByLabel('Word b').inputValue(), '');
  await other.close();
});

test('dot-product: drag a tip with the mouse', async () => {
  await site.open(page, '#/dot-product');
  const w = page.locator('.widget-dot-product');
  const point = w.locator('.plot-point[data-id="a"] circle');
  await point.scrollIntoViewIfNeeded();
  const box = await point.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 5 });
  await page.mouse.up();
  const value = await w.getByLabel('a = (food, tech)').inputValue();
  assert.notEqual(value, '2, 2', 'the vector moved');
  assert.match(value, /^-?\d+(\.5)?, -?\d+(\.5)?$/, 'snapped to half steps');
});

test('dot-product: bad input is refused', async () => {
  await site.open(page, '#/dot-product');
  const w = page.locator('.widget-dot-product');
  await rejectsBadInput(w, w.getByLabel('a = (food, tech)'), '2, 2', 'vector a');
  await rejectsBadInput(w, w.getByLabel('b = (food, tech)'), '4, 0', 'vector b');
  await w.getByLabel('a = (food, tech)').fill('1, 2, 3');
  assert.match(await w.locator('.vector-field .field-message').first().textContent(), /at most 2/);
  // A zero vector has no direction: the engine returns no cosine, the page says why.
  await w.getByLabel('a = (food, tech)').fill('0, 0');
  assert.match(await w.locator('.readout').textContent(), /a · b = 0·4 \+ 0·0 = 0[\s\S]*length 0/);
  assert.doesNotMatch(await w.locator('.readout').textContent(), /NaN|null|undefined/);
});

// ---------------------------------------------------------------- lesson 1: context-shift

test('context-shift: Apple moves toward tech with phones and toward food with juice', async () => {
  await site.open(page, '#/context');
  const w = page.locator('.widget-context-shift');
  const afterOf = async (axis) =>
    Number(
      (await w.locator('.axes-table tbody tr', { hasText: axis }).locator('td').nth(1).textContent()).replace('−', '-'),
    );
  // apple = (tech 1.4, food 1.4). With phones (tech 2.9) in the sentence, tech grows and food shrinks.
  assert.ok((await afterOf('tech')) > 1.4, 'tech up with phones');
  assert.ok((await afterOf('food')) < 1.4, 'food down with phones');
  await w.getByRole('button', { name: 'I love apple juice' }).click();
  assert.ok((await afterOf('food')) > 1.4, 'food up with juice');
  assert.ok((await afterOf('tech')) < 1.4, 'tech down with juice');
  assert.equal(await w.locator('.focus-picker [aria-pressed="true"]').textContent(), 'apple');
  const weights = await w.locator('.bar-label').allTextContents();
  assert.deepEqual(weights, ['I', 'love', 'apple', 'juice']);
  assert.equal(await w.locator('.axes-table tbody tr').count(), 6, 'one row per axis');
  // apple·juice = 1.4·2.9 = 4.06, / √6 = 1.66 (by hand); apple·apple = 3.92 / √6 = 1.60.
  const scores = await w.locator('.weights-table tbody tr td:nth-of-type(1)').allTextContents();
  assert.deepEqual(scores.slice(2), ['1.60', '1.66']);
});

test('context-shift: the axes follow the word being followed until the learner picks them', async () => {
  await site.open(page, '#/context');
  const w = page.locator('.widget-context-shift');
  // apple = (tech 1.4, food 1.4): its two axes.
  assert.deepEqual(
    [await w.getByLabel('Horizontal axis').inputValue(), await w.getByLabel('Vertical axis').inputValue()],
    ['tech', 'food'],
  );
  await w.getByLabel('More examples').selectOption('we fished from the river bank');
  // bank = (finance 1.4, nature 1.4)
  assert.equal(await w.locator('.focus-picker [aria-pressed="true"]').textContent(), 'bank');
  assert.deepEqual(
    [await w.getByLabel('Horizontal axis').inputValue(), await w.getByLabel('Vertical axis').inputValue()],
    ['finance', 'nature'],
  );
  await w.getByLabel('Vertical axis').selectOption('weight');
  await w.locator('.focus-picker').getByRole('button', { name: 'river' }).click();
  assert.equal(await w.getByLabel('Vertical axis').inputValue(), 'weight', 'a chosen axis stays');
});

test('context-shift: deep link restores sentence, word and axes', async () => {
  await site.open(
    page,
    '#/context?context-shift.s=we%20fished%20from%20the%20river%20bank&context-shift.f=5&context-shift.x=finance&context-shift.y=nature',
  );
  const w = page.locator('.widget-context-shift');
  assert.equal(await w.getByLabel('Sentence').inputValue(), 'we fished from the river bank');
  assert.equal(await w.locator('.focus-picker [aria-pressed="true"]').textContent(), 'bank');
  assert.equal(await w.getByLabel('Horizontal axis').inputValue(), 'finance');
  assert.equal(await w.getByLabel('Vertical axis').inputValue(), 'nature');
  // Changing the axis writes it back.
  await w.getByLabel('Vertical axis').selectOption('food');
  await hashSettled('context-shift.y=food');
});

test('context-shift: unknown, empty, too long and hostile sentences get a clear message', async () => {
  await site.open(page, '#/context');
  const w = page.locator('.widget-context-shift');
  const input = w.getByLabel('Sentence');
  const message = w.locator('.sentence-field .field-message');
  const cases = [
    ['', /empty/],
    [TEN_THOUSAND_WORDS, /characters long/],
    ['one two three four five six seven eight nine ten eleven twelve thirteen', /characters|words/],
    ['the the the the the the the the the the the the the', /13 words; at most 12/],
    ['I love zorblax phones', /Not in this lesson's vocabulary: “zorblax”/],
    ['NaN Infinity 1e308', /Not in this lesson's vocabulary: “NaN”, “Infinity”, “1e308”/],
    ['<img src=x onerror=alert(1)>', /Not in this lesson's vocabulary/],
    ['!!! ...', /no words/],
  ];
  for (const [text, pattern] of cases) {
    await input.fill(text);
    assert.match(await message.textContent(), pattern, JSON.stringify(text.slice(0, 40)));
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
  }
  assert.equal(await page.locator('.lesson img').count(), 0, 'no markup injected');
  await input.fill('I LOVE APPLE JUICE');
  assert.equal(await input.getAttribute('aria-invalid'), null, 'case-insensitive lookup');
  assert.deepEqual(await w.locator('.bar-label').allTextContents(), ['I', 'LOVE', 'APPLE', 'JUICE']);
  assert.deepEqual(page.problems(), []);
});

// ---------------------------------------------------------------- accessibility in use

test('axe-core: no serious violation with messages, hover explanations and hidden stages on screen', async () => {
  await site.open(page, '#/attention-step-by-step');
  let w = page.locator('.widget-attention-steps');
  await w.getByLabel('X row 1, column 1').fill('abc');
  await w.locator('[data-matrix="Q"] td[data-r="0"][data-c="1"]').hover();
  await w.getByRole('button', { name: 'Step 2' }).click();
  assert.deepEqual(await axeSerious(page), [], 'attention-steps');

  await site.open(page, '#/softmax');
  w = page.locator('.widget-softmax');
  await w.getByLabel('Scores', { exact: true }).fill('');
  await w.locator('[data-matrix="trace"] td[data-r="4"][data-c="0"]').hover();
  const ex = page.locator('.exercise').first();
  await ex.locator('input[type="text"]').fill('0.3');
  await ex.locator('button[type="submit"]').click();
  await ex.locator('.exercise-feedback', { hasText: 'too low' }).waitFor();
  await ex.getByRole('button', { name: 'Hint' }).click();
  assert.deepEqual(await axeSerious(page), [], 'softmax + exercise');

  await site.open(page, '#/context');
  await page.locator('.widget-context-shift').getByLabel('Sentence').fill('zork');
  assert.deepEqual(await axeSerious(page), [], 'context-shift');
});
