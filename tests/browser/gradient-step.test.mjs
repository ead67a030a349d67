// The gradient-step widget (lesson 8) in a real browser: the first gradient of the worked
// 2-token example, hover explanations, steps that lower the loss (from the keyboard alone),
// refused learning rates, a deep link that replays the run, axe, and the 390 px layout.
// Expected numbers are hand-checked (see each comment); the page computes them with the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious } from './helpers.mjs';
import { useWidget, cells, rejectsBadInput, hashSettled, openDeepLink, messageOf } from './widget-harness.mjs';

const ctx = useWidget('#/learning-by-hand', '.widget-gradient-step');
const lossesShown = async (w) => {
  const text = await w.locator('.gs-loss-list').textContent();
  return [...text.matchAll(/\d+: ([\d.e−-]+)/g)].map((m) => Number(m[1].replace('−', '-')));
};

test('gradient-step opens on the example: loss 0.0534 and the first gradients', async () => {
  const { w } = ctx;
  // X / 50: token 1's weights softmax(1.0022, 1.4296) = (0.3947, 0.6053); target (0.9, 0.1):
  // c* = 0.9 v1 + 0.1 v2 = [1.054, 0.754, 0.936, 0.944] with v1 = [1.02, 0.72, 0.9, 0.92],
  // v2 = [1.36, 1.06, 1.26, 1.16]; c1 = 0.3947 v1 + 0.6053 v2 = [1.2258, 0.9258, 1.1179, 1.0653];
  // c1 - c* = [0.1718, 0.1718, 0.1819, 0.1213]; L = (0.0295 + 0.0295 + 0.0331 + 0.0147) / 2 = 0.0534.
  assert.match(await w.locator('.readout').textContent(), /Loss at the start: 0\.0534/);
  assert.deepEqual(await cells(w, 'dC', 0), ['0.1718', '0.1718', '0.1819', '0.1213']);
  assert.deepEqual(await cells(w, 'dC', 1), ['0', '0', '0', '0']);
  // dL/dA row 1 = (c1 - c*) . v_j: 0.1718*1.02 + 0.1718*0.72 + 0.1819*0.9 + 0.1213*0.92 = 0.5742,
  // and with v2: 0.7856; through softmax: 0.3947 * (0.5742 - 0.7021) = -0.0505 and +0.0505.
  assert.deepEqual(await cells(w, 'dA', 0), ['0.5742', '0.7856']);
  assert.deepEqual(await cells(w, 'dS', 0), ['−0.0505', '0.0505']);
  assert.deepEqual(await lossesShown(w), [0.0534]);
});

test('gradient-step: hovering a gradient shows its equation with the engine values', async () => {
  const { w } = ctx;
  const eq = w.locator('.link-equation');
  await w.locator('[data-matrix="dS"] td[data-r="0"][data-c="1"]').hover();
  // a2 (dA2 - sum a dA) = 0.6053 * (0.7856 - 0.7021)
  assert.match(await eq.textContent(), /0\.6053·\(0\.7856 − 0\.7021\) = 0\.0505/);
  assert.ok((await w.locator('[data-matrix="A"] .is-source').count()) === 2, 'the row of A lights up');
  await w.locator('[data-matrix="dWq"] td[data-r="0"][data-c="0"]').hover();
  assert.match(await eq.textContent(), /column 1 of X · column 1 of ∂L\/∂Q/);
  // Keyboard: focus a cell of dC, row 2: the loss does not read token 2's context.
  await w.locator('[data-matrix="dC"] td[data-r="0"][data-c="0"]').focus();
  await ctx.page.keyboard.press('ArrowDown');
  assert.match(await eq.textContent(), /does not change it/);
});

test('gradient-step: from the keyboard alone, a step lowers the loss and five more keep lowering it', async () => {
  const { w, page } = ctx;
  const stepButton = w.getByRole('button', { name: 'Take a step' });
  await stepButton.focus();
  await page.keyboard.press('Enter');
  // One step of lr 1000 (W_Q, W_K only): the loss 0.0534 -> 0.0391, token 1's weight on itself
  // 0.395 -> 0.468 (the claims of lesson 8 check the same numbers through the engine in Node).
  await w.locator('.readout', { hasText: 'After 1 step' }).waitFor();
  assert.match(await w.locator('.readout').textContent(), /loss 0\.0534 → 0\.03906/);
  assert.deepEqual(await cells(w, 'A', 0), ['0.468', '0.532']);
  await page.keyboard.press('Tab'); // -> Take 5 steps
  await page.keyboard.press('Space');
  await w.locator('.readout', { hasText: 'After 6 steps' }).waitFor();
  const losses = await lossesShown(w);
  assert.equal(losses.length, 7);
  for (let i = 1; i < losses.length; i++) assert.ok(losses[i] < losses[i - 1], `step ${i} lowers the loss: ${losses}`);
  // The target is chosen from the keyboard too: arrows move between the radio buttons, and a new
  // target starts again from the example.
  await w.getByLabel(/Mostly itself/).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await w.getByLabel(/Evenly/).isChecked(), true);
  assert.deepEqual(await lossesShown(w), [0.00232]);
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await lossesShown(w), [0.0534]);
});

test('gradient-step: a learning rate of 0, below 0, 1e308, text or NaN is refused next to the input', async () => {
  const { w, page } = ctx;
  const lr = w.getByLabel('Learning rate');
  await rejectsBadInput(page, w, lr, '1000', 'learning rate', ['0', '-5', '1e309']);
  await lr.fill('0');
  assert.match(await messageOf(page, lr), /takes no step/);
  await lr.fill('-5');
  assert.match(await messageOf(page, lr), /uphill/);
  // Every refusal names the same allowed range: none says negatives are allowed, none contradicts another.
  for (const bad of ['0', '-5', '100001', '1e308']) {
    await lr.fill(bad);
    const said = await messageOf(page, lr);
    assert.match(said, /above 0, at most 100,000\./, `${bad}: ${said}`);
    assert.doesNotMatch(said, /between/, `${bad}: ${said}`);
  }
  // With the field in error, a step is refused, saying why; nothing moves.
  await w.getByRole('button', { name: 'Take a step' }).click();
  assert.match(await w.locator('.gs-step-message').textContent(), /Fix the learning rate first/);
  assert.deepEqual(await lossesShown(w), [0.0534]);
  await lr.fill('1000');
  assert.equal(await w.locator('.gs-step-message').textContent(), '', 'a valid rate clears the refusal');
});

test('gradient-step: a deep link replays the steps taken and their learning rates', async () => {
  const { w, page, site } = ctx;
  await w.getByLabel(/Mostly token 2/).check();
  await w.getByLabel('Learning rate').fill('2000');
  await w.getByRole('button', { name: 'Take a step' }).click();
  await w.getByRole('button', { name: 'Take a step' }).click();
  const url = await hashSettled(page, 'gradient-step.steps=2000,2000');
  assert.match(decodeURIComponent(url), /gradient-step\.target=2/);
  const shown = await lossesShown(w);
  const [p2, w2] = await openDeepLink(site, url, '.widget-gradient-step');
  assert.deepEqual(await lossesShown(w2), shown);
  assert.equal(await w2.getByLabel(/Mostly token 2/).isChecked(), true);
  assert.equal(await w2.getByLabel('Learning rate').inputValue(), '2000');
  assert.deepEqual(p2.problems(), []);
  await p2.close();
  await w.getByRole('button', { name: 'Reset to the example' }).click();
  assert.equal((await lossesShown(w)).length, 1);
});

test('gradient-step: axe finds nothing serious; at 390 px nothing is wider than the screen', async () => {
  // The rest of the lesson is as lessons-desktop.test.mjs scans it in full: here, what this test changed.
  assert.deepEqual(await axeSerious(ctx.page, { within: '.widget-gradient-step' }), []);
  const phone = await ctx.site.newPage({ viewport: { width: 390, height: 844 } });
  await ctx.site.open(phone, '#/learning-by-hand?gradient-step.steps=1000,1000,1000');
  const { scrollWidth, clientWidth, wide } = await phone.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    // Anything sticking out past the screen's right edge, except inside a box that scrolls and
    // KaTeX's stretchy SVG (a wide path its own box clips).
    wide: [...document.querySelectorAll('.widget-gradient-step *')]
      .filter((n) => n.getBoundingClientRect().right > innerWidth + 1)
      .filter((n) => !n.closest('.scroll-x, .math-display, .trace-scroll, svg'))
      .map((n) => `${n.tagName}.${n.getAttribute('class')}`),
  }));
  assert.ok(scrollWidth <= clientWidth, `the page is ${scrollWidth}px wide in a ${clientWidth}px screen`);
  assert.deepEqual(wide, []);
  // The rest of the lesson at 390 px is as lessons-phone.test.mjs scans it in full: here, what changed.
  assert.deepEqual(await axeSerious(phone, { within: '.widget-gradient-step' }), []);
  assert.deepEqual(phone.problems(), []);
  await phone.close();
});

test('lesson 8 predicts first: the sign of ∂L/∂s₁₂ for the target turned round, checked by the engine', async () => {
  const { page } = ctx;
  await ctx.site.open(page, '#/learning-by-hand', { covers: 'closed' });
  const predict = page.locator('.predict-mount').first();
  await predict.getByLabel(/Positive/).check();
  await predict.getByRole('button', { name: 'Lock in my guess' }).click();
  // Target (0.1, 0.9): c1 - c* = -0.5832 times the (0.9, 0.1) target's, so dL/ds12 = -0.5832 *
  // 0.0505 = -0.0295 (lessons.test.mjs works it by hand): negative, not positive.
  assert.match(await predict.locator('.predict-result').textContent(), /^Not this time: ∂L\/∂s₁₂ gives −0\.0295/);
  await predict.getByRole('button', { name: 'Guess again' }).click();
  await predict.getByLabel(/Negative/).check();
  await predict.getByRole('button', { name: 'Lock in my guess' }).click();
  assert.equal(await predict.locator('.predict-result').textContent(), 'Right: ∂L/∂s₁₂ gives −0.0295.');
  // The widget says the same for its "Mostly token 2": the question is the widget's own.
  const w = page.locator('.widget-gradient-step');
  await w.getByLabel(/Mostly token 2/).check();
  await page.waitForFunction(() =>
    /−0\.0295/.test(document.querySelector('.widget-gradient-step [data-matrix="dS"] tbody tr')?.textContent ?? ''),
  );
  assert.equal((await cells(w, 'dS', 0))[1], '−0.0295');
});

test('gradient-step: with W_V stepped too the loss falls faster while token 1 hardly looks elsewhere', async () => {
  const { page } = ctx;
  await ctx.site.open(page, '#/learning-by-hand');
  const w = page.locator('.widget-gradient-step');
  await w.getByLabel('Step W_V too').check();
  await w.getByLabel('Learning rate').fill('10');
  for (let i = 0; i < 4; i++) await w.getByRole('button', { name: 'Take a step' }).click();
  // Lesson 8's claims: below 0.001 in four steps, token 1's weight on itself still below 0.4.
  const losses = await lossesShown(w);
  assert.equal(losses.length, 5);
  assert.ok(losses[4] < 0.001, `${losses}`);
  const [self] = await cells(w, 'A', 0);
  assert.ok(Number(self) < 0.4, self);
  assert.match(await w.locator('[data-matrix="dWv"] .matrix-caption').textContent(), /stepped too/);
  await hashSettled(page, 'gradient-step.values=1');
});

test('gradient-step: a step that raises the loss says it overshot; one that lowers it says nothing', async () => {
  const { page } = ctx;
  await ctx.site.open(page, '#/learning-by-hand');
  const w = page.locator('.widget-gradient-step');
  const note = w.locator('.gs-overshoot');
  const step = w.getByRole('button', { name: 'Take a step' });
  await step.click();
  await w.locator('.readout', { hasText: 'After 1 step' }).waitFor();
  assert.equal(await note.isVisible(), false, 'lr 1000 lowers the loss: no warning');
  // W_V stepped too at lr 1000: W_V's gradient (up to 0.026) times 1000 moves entries of 1 to 4
  // by up to 26, so c1 lands far past c*: by hand the loss goes 0.0534 -> 75.93.
  await w.getByLabel('Step W_V too').check();
  await step.click();
  await w.locator('.readout', { hasText: 'After 1 step' }).waitFor();
  assert.match(
    await note.textContent(),
    /^Step 1 raised the loss \(0\.0534 → 75\.9\d*\): this step overshot: the learning rate is too large for this slope/,
  );
  await step.click();
  assert.match(
    await note.textContent(),
    /^Steps 1 and 2 raised the loss \(0\.0534 → 75\.9\d*, 75\.9\d* → 1336\d\d\.\d*\)/,
  );
  // Past three, the note stays short: the first three, how many more, and the loss now.
  await w.getByRole('button', { name: 'Take 5 steps' }).click();
  await w.locator('.readout', { hasText: 'After 7 steps' }).waitFor();
  assert.match(
    await note.textContent(),
    /^Steps 1, 2, 3 and 4 more raised the loss \(0\.0534 at the start, [\d.]+e\+\d+ now\): these steps overshot/,
  );
  // A reset clears it; a smaller rate with W_V (10, the lesson's) lowers the loss every step.
  await w.getByRole('button', { name: 'Reset to the example' }).click();
  assert.equal(await note.isVisible(), false);
  await w.getByLabel('Learning rate').fill('10');
  await w.getByRole('button', { name: 'Take 5 steps' }).click();
  await w.locator('.readout', { hasText: 'After 5 steps' }).waitFor();
  assert.equal(await note.isVisible(), false);
  // Without W_V, lr 100,000 (the lesson's "too large a step"): 0.0534 -> 0.16945, then stuck.
  await w.getByLabel('Step W_V too').uncheck();
  await w.getByLabel('Learning rate').fill('100000');
  await w.getByRole('button', { name: 'Take 5 steps' }).click();
  await w.locator('.readout', { hasText: 'After 5 steps' }).waitFor();
  assert.match(await note.textContent(), /^Step 1 raised the loss \(0\.0534 → 0\.1694\d*\): this step overshot/);
});

test('gradient-step predicts before the step: which way token 1’s weight on itself moves, from the engine', async () => {
  const { page } = ctx;
  await ctx.site.open(page, '#/learning-by-hand');
  const w = page.locator('.widget-gradient-step');
  const predict = w.locator('.gs-predict');
  const lockIn = predict.getByRole('button', { name: 'Lock in my guess' });
  // Mostly itself, lr 1000: 0.3947 -> 0.4679 by hand (see the keyboard test), +0.0732: up.
  await predict.getByLabel('Down').check();
  await lockIn.click();
  assert.equal(
    await predict.locator('.predict-result').textContent(),
    'Not this time: now: 0.395; after the step: 0.468 (a difference of +0.073). You said “Down”.',
  );
  assert.equal(await predict.locator('.predict-explain').isVisible(), true);
  // Nothing was stepped by guessing.
  assert.deepEqual(await lossesShown(w), [0.0534]);
  // The answer follows the settings: a new learning rate asks afresh, and lr 100,000 jumps past the
  // target to weight 0 (8e-221, the overshoot), a difference of -0.395.
  await w.getByLabel('Learning rate').fill('100000');
  assert.equal(await predict.locator('.predict-result').textContent(), '', 'a new rate clears the old verdict');
  await predict.getByLabel('Down').check();
  await lockIn.click();
  assert.match(
    await predict.locator('.predict-result').textContent(),
    /^Right: now: 0\.395; after the step: .*\(a difference of −0\.395\)/,
  );
  // From the keyboard: Mostly token 2 at lr 1000 lowers it (0.3947 -> 0.3426 by hand).
  await w.getByLabel('Learning rate').fill('1000');
  await w.getByLabel(/Mostly token 2/).check();
  await predict.getByLabel('Up').focus();
  await page.keyboard.press('ArrowDown'); // Up -> Down
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.match(await predict.locator('.predict-result').textContent(), /^Right: now: 0\.395; after the step: 0\.343/);
  // Taking the step asks about the next one: from 0.3426 the next step goes on down, to 0.2906.
  await w.getByRole('button', { name: 'Take a step' }).click();
  await w.locator('.readout', { hasText: 'After 1 step' }).waitFor();
  assert.equal(await predict.locator('.predict-result').textContent(), '');
  await predict.getByLabel('Down').check();
  await lockIn.click();
  assert.match(await predict.locator('.predict-result').textContent(), /^Right: now: 0\.343; after the step: 0\.291/);
});
