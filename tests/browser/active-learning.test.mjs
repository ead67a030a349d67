// The active parts of the lessons in a real browser: the attention lines beside the heat maps,
// a prediction compared with the engine, and exercises that answer a typical wrong idea with
// feedback that names it. Every lesson's first predict block (nothing before the guess, locked
// after it): lessons-desktop.test.mjs; at 390 px, what they draw fits the screen and passes axe
// with the covers closed and open: lessons-phone.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget } from './widget-harness.mjs';

const ctx = useWidget();

/** The lines drawn, as { from, to, weight, width } (width in px: a non-scaling stroke). */
const linesOf = (figure) =>
  figure.locator('path.line').evaluateAll((paths) =>
    paths.map((p) => ({
      from: Number(p.dataset.from),
      to: Number(p.dataset.to),
      weight: Number(p.dataset.weight),
      width: Number(p.getAttribute('stroke-width')),
      active: p.classList.contains('active'),
    })),
  );

test('lesson 1: the lines for the followed word have the weights of its row, thickest where the weight is largest', async () => {
  const { site, page } = ctx;
  await site.open(page, '#/context');
  const figure = page.locator('.widget-context-shift .attention-lines');
  await assert.doesNotReject(figure.waitFor());
  // The followed word (Apple) is pressed; its weights are the table's.
  assert.equal(await figure.locator('button[aria-pressed="true"]').textContent(), 'Apple');
  const table = await page.locator('.widget-context-shift .weights-table .bar-value').allTextContents();
  const shown = await figure.locator('.lines-weight').allTextContents();
  assert.deepEqual(
    shown,
    table.map((t) => Number(t).toFixed(2)),
  );
  const lines = await linesOf(figure);
  assert.equal(lines.length, 4);
  const byWeight = [...lines].sort((a, b) => a.weight - b.weight);
  for (let i = 1; i < byWeight.length; i++) assert.ok(byWeight[i].width > byWeight[i - 1].width, 'thicker = heavier');
  assert.equal(byWeight.at(-1).to, 3, 'phones gets the most');
  assert.match(await figure.locator('.lines-summary').textContent(), /takes 0\.42 from “phones”/);

  // Keyboard: the pressed token is the one Tab stop; arrows move the choice, and the widget follows.
  await figure.locator('button[aria-pressed="true"]').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'phones');
  assert.equal(await figure.locator('button[aria-pressed="true"]').textContent(), 'phones');
  await page.waitForFunction(() => /How much “phones”/.test(document.body.textContent));
  // Every word at once: n × n lines, the chosen word's drawn on top.
  await figure.getByLabel('every word at once').check();
  const all = await linesOf(figure);
  assert.equal(all.length, 16);
  assert.equal(all.filter((l) => l.active).length, 4);
});

test('the lines stand beside the heat maps in lessons 5, 7 and 8', async () => {
  const { site, page } = ctx;
  for (const [slug, where, at_least] of [
    ['attention-step-by-step', '.widget-attention-steps', 1],
    ['beyond-one-head', '.widget-multi-head', 2],
    ['training', '.widget-training', 1],
  ]) {
    await site.open(page, `#/${slug}`);
    const figures = page.locator(`${where} .attention-lines`);
    // The training widget's maps come from its worker a moment after the figure is drawn.
    await figures.first().locator('path.line').nth(1).waitFor();
    assert.ok((await figures.count()) >= at_least, `${slug}: ${await figures.count()} pictures`);
    const lines = await linesOf(figures.first());
    assert.ok(lines.length >= 2, `${slug}: lines drawn`);
    // The row's weights sum to 1, as the heat map's row does.
    const sum = lines.filter((l) => l.active).reduce((s, l) => s + l.weight, 0);
    assert.ok(Math.abs(sum - 1) < 1e-6, `${slug}: the lines' weights sum to ${sum}`);
  }
});

test('a prediction is compared with the engine: the lesson 1 guess "Apple" is told "phones" gets more', async () => {
  const { site, page } = ctx;
  await site.open(page, '#/context', { covers: 'closed' });
  const block = page.locator('.predict-mount').first();
  await block.getByLabel('Apple', { exact: true }).check();
  await block.getByRole('button', { name: 'Lock in my guess' }).click();
  const result = block.locator('.predict-result');
  await page.waitForFunction((el) => el.textContent !== '', await result.elementHandle());
  assert.match(
    await result.textContent(),
    /“phones” gets the most, 0\.417\. Your pick, “Apple”, gets 0\.394, 0\.023 less/,
  );
  assert.equal(await block.locator('.predict-explain').isVisible(), true);
});

async function answer(page, exercise, text) {
  await exercise.getByLabel('Your answer').fill(text);
  await exercise.getByRole('button', { name: 'Check' }).click();
  const feedback = exercise.locator('.exercise-feedback');
  await page.waitForFunction((el) => el.textContent !== '', await feedback.elementHandle());
  const said = await feedback.textContent();
  await feedback.evaluate((el) => (el.textContent = '')); // the next answer must write it again
  return { said, kind: await feedback.getAttribute('data-kind') };
}

test('misconceptions get feedback that names the wrong idea; "95%" and "1,000,000" are understood', async () => {
  const { site, page } = ctx;
  await site.open(page, '#/softmax');
  const first = page.locator('.exercise-mount').first();
  let r = await answer(page, first, '0.84');
  assert.equal(r.kind, 'wrong');
  assert.match(r.said, /0\.84 is not what softmax gives/);
  r = await answer(page, first, '0.53');
  assert.match(r.said, /divided by their sum/);
  r = await answer(page, first, '0.7'); // wrong, but no known idea behind it: the plain hint
  assert.match(r.said, /too low/);
  r = await answer(page, first, '95%');
  assert.equal(r.kind, 'correct', r.said);

  await site.open(page, '#/beyond-one-head');
  const pe = page.locator('.exercise-mount', { hasText: 'sinusoidal positional encoding' });
  r = await answer(page, pe, '0.0175');
  assert.match(r.said, /degrees/);
  const scores = page.locator('.exercise-mount', { hasText: 'one head in one layer' });
  r = await answer(page, scores, '1,000,000');
  assert.equal(r.kind, 'correct', r.said);

  await site.open(page, '#/attention-step-by-step');
  const scaled = page.locator('.exercise-mount').first();
  r = await answer(page, scaled, '7148');
  assert.match(r.said, /forgot to divide by √d_k/);

  // A conceptual question: the wrong choice says why it is wrong.
  await site.open(page, '#/dot-product');
  const cos = page.locator('.exercise-mount', { hasText: 'twice as long' });
  await cos.getByLabel('It doubles').check();
  await cos.getByRole('button', { name: 'Check' }).click();
  await page.waitForFunction((el) => el.textContent !== '', await cos.locator('.exercise-feedback').elementHandle());
  assert.match(await cos.locator('.exercise-feedback').textContent(), /so does the length you divide by/);
  assert.deepEqual(page.problems(), []);
});
