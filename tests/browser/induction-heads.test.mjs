// Lesson 12's induction-heads widget in a real browser, kept cheap (a few dozen steps, never to
// the target; what the trained model does is checked in Node on the engine, by the lesson's
// claims): the model trains in its worker and every head gets its small multiple and heat map;
// silencing a head from the keyboard reports copy accuracy for every head; a bad prompt gets a
// message next to the box and the maps keep the last good one; a deep link restores the prompt
// and the settings, a bad one falls back; at 390 px nothing is wider than the screen unless it
// scrolls; axe finds nothing serious. The one-layer copy of the widget is on the same page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, axeSerious } from './helpers.mjs';
import { siteOptions, hashSettled, TEN_THOUSAND_WORDS, messageOf, keepsMaxLength } from './widget-harness.mjs';
import { PROMPT_MAX } from '../../web/src/widgets/induction-heads.schema.js';

let site;
let page;

before(async () => {
  site = await startSite(siteOptions());
  page = await site.newPage();
});
after(async () => {
  await site?.close();
});

const SELECTOR = '.widget-induction-heads';
const FALLBACK = 'k d q v r b m x k d q v r';
const widget = (p = page) => p.locator(SELECTOR).first();
const oneLayer = () => page.locator(SELECTOR).nth(1);
const button = (name) => widget().getByRole('button', { name, exact: true });
const step = async () => Number(await widget().getAttribute('data-step'));
const box = () => widget().getByLabel(/^A prompt/);

async function openLesson(hash = '#/induction-heads', p = page) {
  await site.open(p, hash);
  await p.waitForSelector(`${SELECTOR}[data-ready="true"][data-step]`, { timeout: 30000 });
  await p.waitForSelector(`${SELECTOR} [data-tokens]`, { state: 'attached', timeout: 1 }).catch(() => {});
  p.clearProblems();
}

async function waitStep(atLeast, timeout = 30000) {
  await page.waitForFunction(
    ([sel, n]) => Number(document.querySelector(sel)?.dataset.step) >= n,
    [SELECTOR, atLeast],
    {
      timeout,
    },
  );
  return step();
}

test('a few steps: every head gets its small multiple and its heat map; silencing one reports every head', async () => {
  await openLesson();
  assert.equal(await step(), 0);
  // Two layers of two heads: four cards and four maps of the 33-token prompt (<bos> first).
  assert.equal(await widget().locator('.head-card').count(), 4);
  assert.equal(await widget().locator('.induction-maps canvas').count(), 4);
  assert.equal(await widget().getAttribute('data-tokens'), '33');
  assert.match(await widget().locator('.phase-line').textContent(), /^Phase change: not yet/);
  // The one-layer copy: two cards, no maps on screen (hidden by its fence).
  assert.equal(await oneLayer().locator('.head-card').count(), 2);
  assert.equal(await oneLayer().locator('.maps-section').isVisible(), false);

  await button('Step').click();
  assert.equal(await waitStep(1), 1);
  await button('Train').click();
  await waitStep(60);
  await button('Pause').click();
  await page.waitForFunction((sel) => document.querySelector(sel).dataset.running === 'false', SELECTOR);
  // Grid entries every 25 steps: the cards show the scores now, the curves have points.
  const card = widget().locator('.head-card').nth(2);
  assert.match(
    await card.locator('.head-numbers').textContent(),
    /^prefix-matching 0\.\d\d, previous-token 0\.\d\d \(step [\d,]+\)$/,
  );
  assert.ok((await card.locator('polyline.spark-prefix').getAttribute('points')).split(' ').length >= 3);
  assert.ok(Number(await widget().locator('.curves-block').getAttribute('data-points')) >= 3);
  assert.match(await widget().locator('.train-readout').textContent(), /copy accuracy on the repeat\s*—?\s*[\d.]+%/);

  // A heat map's cells read out from the keyboard.
  const map = widget().locator('.induction-maps canvas').nth(2);
  await map.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.match(
    await widget().locator('.induction-maps .heat-readout').nth(2).textContent(),
    /^2 h looks, at 0 <bos>: 0\.\d+/,
  );

  // Silence layer 2, head 1 from the keyboard: a line for that head and a bar for every head.
  const silence = card.getByRole('button', { name: 'Silence this head' });
  await silence.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((sel) => document.querySelector(`${sel} .ablation`).dataset.state === 'done', SELECTOR);
  assert.match(
    await widget().locator('.ablation-line').textContent(),
    /^At step [\d,]+, with layer 2, head 1 silenced, copy accuracy is \d+\.\d% \(the whole model at that step: \d+\.\d%; \d+\.\d points (lost|gained); chance: 3\.8%\)\.$/,
  );
  assert.equal(await widget().locator('.ablation .bar-row').count(), 6); // whole, chance, four heads
  assert.equal(await widget().getAttribute('data-step'), String(await step()), 'no training while asking');
  assert.doesNotMatch(await widget().textContent(), /NaN|Infinity|undefined/);
  assert.deepEqual(page.problems(), []);
});

test('a bad prompt gets a message next to the box; the maps keep the last good one', async () => {
  await openLesson();
  const cases = [
    ['k d 7 q', /unknown/i],
    ['', /empty/i],
    [TEN_THOUSAND_WORDS, /unknown word 'word0'/i], // its first PROMPT_MAX characters (the box's maxlength)
    ['a '.repeat(40), /33 tokens/],
    ['<img src=x onerror=alert(1)>', /.+/],
    ['NaN', /unknown/i],
  ];
  for (const [text, expected] of cases) {
    const tokens = await widget().getAttribute('data-tokens');
    await box().fill(text);
    await page.waitForFunction((sel) => document.querySelector(sel).dataset.promptError === 'true', SELECTOR, {
      timeout: 5000,
    });
    const message = await messageOf(page, box());
    assert.match(message, expected, JSON.stringify(text.slice(0, 30)));
    assert.match(message, /The maps still show “(s h a l o t [a-z ]+|a b c a b)”/);
    assert.equal(await widget().getAttribute('data-tokens'), tokens, 'the last good prompt stays');
    await box().fill('a b c a b');
    await page.waitForFunction((sel) => !document.querySelector(sel).dataset.promptError, SELECTOR);
    await page.waitForFunction((sel) => document.querySelector(sel).dataset.tokens === '6', SELECTOR);
  }
  await keepsMaxLength(box(), PROMPT_MAX);
  await box().fill('a b c a b');
  assert.equal(await page.locator('.lesson img').count(), 0, 'no markup injected');
  await hashSettled(page, 'induction-heads.sentence=a b c a b', { timeout: 5000 });
  assert.deepEqual(page.problems(), []);
});

test('a deep link restores the prompt and the settings; a bad one falls back to the example', async () => {
  await openLesson(
    '#/induction-heads?induction-heads.sentence=k%20d%20q%20k%20d&induction-heads.layers=1&induction-heads.seed=3',
  );
  assert.equal(await box().inputValue(), 'k d q k d');
  assert.equal(await widget().getByLabel('Layers').inputValue(), '1');
  assert.equal(await widget().getByLabel('Seed').inputValue(), '3');
  assert.equal(await widget().locator('.head-card').count(), 2);
  assert.equal(await widget().locator('.induction-maps canvas').count(), 2);
  await openLesson('#/induction-heads?induction-heads.sentence=k%20d%20%3Cb%3E');
  assert.equal(await box().inputValue(), FALLBACK); // the model's own example (models/language-model.js)
  assert.match(await messageOf(page, box()), /cannot be read by the model; showing an example/);
  assert.deepEqual(page.problems(), []);
});

test('at 390 px nothing is wider than the screen unless it scrolls; axe finds nothing serious', async () => {
  const phone = await site.newPage({ viewport: { width: 390, height: 844 } });
  await openLesson('#/induction-heads', phone);
  const wide = await phone.evaluate(() => {
    const out = [];
    for (const node of document.querySelectorAll('.lesson *')) {
      const r = node.getBoundingClientRect();
      if (r.width === 0 || r.right <= window.innerWidth + 0.5) continue;
      const scroller = node.closest('.matrix-block, .matrix-scroll, .scroll-x, .trace-scroll, pre, .katex-display');
      const inside = scroller && scroller !== node && scroller.getBoundingClientRect().right <= window.innerWidth + 0.5;
      if (!inside) out.push(`${node.tagName.toLowerCase()}.${node.className}`);
    }
    return out;
  });
  assert.deepEqual(wide, []);
  assert.ok((await phone.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no sideways page scroll');
  assert.deepEqual(await axeSerious(phone), []);
  await phone.close();
});
