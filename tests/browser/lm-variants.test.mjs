// Lesson 13's lm-variants widget in a real browser, kept cheap (one or two chunks of 50 steps per
// model, never to the end; what the trained models measure is checked in Node on the engine, by
// the lesson's claims): nothing trains until the button is pressed; Train starts a worker per
// variant, fills the bars and the table, and Stop stops them all; the KV cache sliders work from
// the keyboard and their state survives a deep link; a bad link falls back; axe finds nothing
// serious.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious } from './helpers.mjs';
import { useWidget } from './widget-harness.mjs';

const ctx = useWidget();
const HASH = '#/attention-at-scale';
const widgets = () => ctx.page.locator('.widget-lm-variants');
const gqa = () => widgets().nth(1);

test('nothing trains at load; Train fills every bar from the workers, Stop stops them', async () => {
  const { site, page } = ctx;
  await site.open(page, HASH);
  assert.equal(await widgets().count(), 3);
  const w = widgets().first();
  await w.scrollIntoViewIfNeeded();
  assert.match(await w.locator('.widget-status').textContent(), /^Not trained yet/);
  assert.equal(await w.getAttribute('data-running'), null);
  // Three models, two metrics: a bar each, a dash until measured.
  assert.deepEqual(await w.locator('.bar-value').allTextContents(), ['–', '–', '–', '–', '–', '–']);

  const train = w.getByRole('button', { name: /^Train the 3 models/ });
  await train.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () =>
      document
        .querySelector('.widget-lm-variants')
        .dataset.steps.split(',')
        .every((n) => Number(n) >= 50),
    null,
    { timeout: 90000 },
  );
  await w.getByRole('button', { name: 'Stop' }).click();
  assert.equal(await w.getAttribute('data-running'), 'false');
  assert.match(await w.locator('.widget-status').textContent(), /^Stopped/);
  // Every model's accuracies are percentages now, beside the bars.
  const bars = await w.locator('.bar-value').allTextContents();
  assert.equal(bars.length, 6);
  for (const b of bars) assert.match(b, /^\d+\.\d%$/);
  assert.deepEqual(page.problems(), []);
});

test('the KV cache sliders: bytes for each K/V setting and length, from the keyboard and a link', async () => {
  const { site, page } = ctx;
  await site.open(page, HASH);
  const w = gqa();
  await w.scrollIntoViewIfNeeded();
  const line = w.locator('.lm-cache-line');
  // The first variant, 1 K/V head, at 32 tokens: 2 layers × 2 × 1 × 8 × 32 × 8 bytes.
  assert.match(await line.textContent(), /= 8,192 bytes/);
  const heads = w.getByLabel('Key/value heads');
  await heads.focus();
  await page.keyboard.press('End');
  assert.match(await line.textContent(), /4 key\/value heads .*= 32,768 bytes/);
  const tokens = w.getByLabel('Tokens held');
  await tokens.focus();
  await page.keyboard.press('Home');
  assert.match(await line.textContent(), /1 token × 8 bytes = 1,024 bytes/);
  await page.waitForFunction(() => document.documentElement.dataset.urlPending === undefined);
  const link = new URL(page.url()).hash;
  assert.match(decodeURIComponent(link), /pick=2/);
  await site.open(page, link);
  assert.match(await gqa().locator('.lm-cache-line').textContent(), /= 1,024 bytes/);
  // A link whose pick is no variant falls back to the first.
  await site.open(page, link.replace(/pick(=|%3D)2/, 'pick$19'));
  assert.match(await gqa().locator('.lm-cache-line').textContent(), /= 256 bytes/);
  assert.deepEqual(page.problems(), []);
});

test('axe finds nothing serious', async () => {
  await ctx.site.open(ctx.page, HASH);
  assert.deepEqual(await axeSerious(ctx.page, { within: '.widget-lm-variants' }), []);
});
