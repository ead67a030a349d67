// Lesson 4 widget qkv-asymmetry: raw dot products are symmetric, projected scores are not, and
// symmetry returns when W_Q = W_K. Numbers hand-checked from the lesson's example:
// Apple = (2, 2), phones = (0, 4), love = (1, 1), juice = (4, 0); W_Q = [[1, 0.5], [0, 1]],
// W_K = [[0.5, 0], [0, 0.5]].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget, cells, rejectsBadInput, hashSettled, openDeepLink } from './widget-harness.mjs';

const ctx = useWidget('#/query-key-value', '.widget-qkv-asymmetry');

const cell = (name, r, c) => ctx.w.getByRole('textbox', { name: `${name} row ${r}, column ${c}`, exact: true });

test('raw dot products are symmetric, projected scores are not', async () => {
  // x(Apple)·x(phones) = 2·0 + 2·4 = 8 both ways.
  assert.equal((await cells(ctx.w, 'raw', 0))[1], '8');
  assert.equal((await cells(ctx.w, 'raw', 1))[0], '8');
  // q(Apple) = (2, 3), k(phones) = (0, 2): 6; q(phones) = (0, 4), k(Apple) = (1, 1): 4.
  assert.equal((await cells(ctx.w, 'scores', 0))[1], '6');
  assert.equal((await cells(ctx.w, 'scores', 1))[0], '4');
  assert.equal(await ctx.w.locator('[data-matrix="raw"] .verdict').textContent(), 'symmetric');
  assert.equal(await ctx.w.locator('[data-matrix="scores"] .verdict').textContent(), 'not symmetric');
  assert.match(await ctx.w.locator('.compare-list').textContent(), /Apple → phones = 6, phones → Apple = 4/);
  assert.equal(await ctx.w.locator('td.pair-cell').count(), 6, 'both directions outlined in raw, scores and weights');
  // Hover explains a score with the engine's own dot product: q(Apple) = (2, 3), k(phones) = (0, 2).
  await ctx.w.locator('[data-matrix="scores"] td[data-r="0"][data-c="1"]').hover();
  assert.match(await ctx.w.locator('.link-equation').textContent(), /q\(Apple\) · k\(phones\) = 2·0 \+ 3·2 = 6/);
});

test('the weights and the plot show the one-way pull: Apple moves towards phones, phones stays', async () => {
  // Apple's scores (5, 6, 2.5, 4): softmax gives phones e^6 / (e^5 + e^6 + e^2.5 + e^4) = 0.652;
  // phones' scores (4, 8, 2, 0): itself e^8 / (e^4 + e^8 + e^2 + 1) = 0.979.
  assert.equal((await cells(ctx.w, 'weights', 0))[1], '0.652');
  assert.equal((await cells(ctx.w, 'weights', 1))[1], '0.979');
  const plot = ctx.w.locator('.qkv-movement .plot2d');
  assert.equal(await plot.locator('.plot-point.hollow').count(), 4, 'one hollow "before" dot per word');
  assert.equal(await plot.locator('.plot-point:not(.hollow)').count(), 4, 'one filled "after" dot per word');
  // Apple's output 0.240·(2, 2) + 0.652·(0, 4) + 0.020·(1, 1) + 0.088·(4, 0) = (0.852, 3.106): moved 1.595.
  assert.match(await ctx.w.locator('.compare-list').textContent(), /Apple by 1\.595, phones by 0\.06 /);
});

test('the weights read as decimals: "0.000", never "3.285e−4", with the exact value in the label', async () => {
  const weights = ctx.w.locator('[data-matrix="weights"] tbody td');
  const shown = await weights.allTextContents();
  assert.ok(shown.length === 16, `${shown.length} weights`);
  for (const t of shown) assert.match(t, /^[01]\.\d{3}$/, t);
  // phones' weight on juice, 0.000329 (it printed as 3.285e−4), keeps its size in the label.
  assert.equal(await weights.nth(7).textContent(), '0.000');
  assert.match(await weights.nth(7).getAttribute('aria-label'), /: 0\.000329$/);
});

test('editing W_Q changes the scores (W_Q = I makes W_Q W_Kᵀ = diag(0.5, 0.5), symmetric)', async () => {
  await cell('W_Q', 1, 2).fill('0');
  // Scores = X (0.5 I) Xᵀ: Apple→phones = 0.5·(2·0 + 2·4) = 4 = phones→Apple.
  await ctx.page.waitForFunction(
    () =>
      document.querySelector('.widget-qkv-asymmetry [data-matrix="scores"] tbody tr:nth-child(2) td')?.textContent ===
      '4',
  );
  assert.equal((await cells(ctx.w, 'scores', 0))[1], '4');
  assert.equal(await ctx.w.locator('[data-matrix="scores"] .verdict').textContent(), 'symmetric');
});

test('"W_Q = W_K = identity" gives back the raw dot products', async () => {
  await ctx.w.getByRole('button', { name: 'W_Q = W_K = identity' }).click();
  for (let r = 0; r < 4; r++) assert.deepEqual(await cells(ctx.w, 'scores', r), await cells(ctx.w, 'raw', r));
  await ctx.w.getByRole('button', { name: 'Reset to the example' }).click();
  assert.equal((await cells(ctx.w, 'scores', 0))[1], '6');
});

test('bad input in a cell gets a message and the widget keeps working', async () => {
  await rejectsBadInput(ctx.page, ctx.w, cell('W_Q', 2, 2), '3', 'W_Q[2][2]');
  // q(phones) = (0, 12), k(Apple) = (1, 1): 12.
  assert.equal((await cells(ctx.w, 'scores', 1))[0], '12');
});

test('a deep link restores the matrices', async () => {
  const url = await hashSettled(ctx.page, 'Wq=1,0.5;0,3');
  const [p2, w2] = await openDeepLink(ctx.site, url, '.widget-qkv-asymmetry');
  assert.equal((await cells(w2, 'scores', 1))[0], '12');
  assert.equal(await w2.getByRole('textbox', { name: 'W_Q row 2, column 2', exact: true }).inputValue(), '3');
  assert.deepEqual(p2.problems(), []);
  await p2.close();
});

test('every d_k works, and going back to 2 gives the example again', async () => {
  await ctx.w.getByRole('button', { name: 'Reset to the example' }).click();
  const dk = ctx.w.getByRole('textbox', { name: 'd_k (1–6)' });
  const message = ctx.w.locator('.field-message[data-kind="error"]');
  for (const k of ['3', '1', '6', '2']) {
    await dk.fill(k);
    assert.equal(await message.count(), 0, `d_k = ${k}: no error (${await message.allTextContents()})`);
    assert.equal(
      await ctx.w.locator('[data-matrix="Q"] tbody tr').first().locator('td').count(),
      Number(k),
      `d_k = ${k}: Q has d_k columns`,
    );
  }
  // 3 -> 1 -> 6 -> 2 lost nothing: W_Q's 0.5 is back and Apple -> phones scores 6 again.
  assert.equal(await cell('W_Q', 1, 2).inputValue(), '0.5');
  assert.equal((await cells(ctx.w, 'scores', 0))[1], '6');
  assert.match(await ctx.w.locator('.compare-list').textContent(), /Apple by 1\.595/);
  // With d_k = 1 the outputs have one number and the embeddings two: no distance, no plot, said so.
  await dk.fill('1');
  assert.match(await ctx.w.locator('.compare-list').textContent(), /cannot be compared; set d_k to 2/);
  assert.equal(await ctx.w.locator('.qkv-movement').isVisible(), false);
  const url = await hashSettled(ctx.page, 'Wq=1;0');
  const [p2, w2] = await openDeepLink(ctx.site, url, '.widget-qkv-asymmetry');
  assert.equal(await w2.locator('.field-message[data-kind="error"]').count(), 0, 'the link opens without an error');
  assert.deepEqual(p2.problems(), []);
  await p2.close();
  await dk.fill('2');
  assert.deepEqual(ctx.page.problems(), []);
});
