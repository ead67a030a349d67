// Lesson 11's next-word widget in a real browser, kept cheap (a handful of training steps; what
// training reaches is checked in Node on the engine, tests/node/claims.test.mjs): the prompt's
// attention with the future hatched and its next-word bars; the sampling lab's filters cutting
// words, marked; 20 sampled sentences each with a verdict; the temperature sweep; the KV cache
// growing a row per word with its costs plotted; bad prompts and numbers refused next to their
// box; a deep link; the keyboard; 390 px and axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, axeSerious } from './helpers.mjs';
import {
  siteOptions,
  hashSettled as settled,
  messageOf,
  rejectsBadInput,
  TEN_THOUSAND_WORDS,
  keepsMaxLength,
} from './widget-harness.mjs';
import { PROMPT_MAX } from '../../web/src/widgets/next-word.schema.js';

let site;
let page;

before(async () => {
  site = await startSite(siteOptions());
  page = await site.newPage();
});
after(async () => {
  await site?.close();
});

const SELECTOR = '.widget-next-word';
const widget = () => page.locator(SELECTOR).first();
const button = (name) => widget().getByRole('button', { name, exact: true });
const step = async () => Number(await widget().getAttribute('data-step'));
const box = () => widget().getByLabel('Prompt: the start of a sentence, in the words below');
const hashSettled = (substring) => settled(page, substring, { timeout: 5000 });

async function openLesson(hash = '#/next-word', p = page) {
  await site.open(p, hash);
  await p.waitForSelector(`${SELECTOR}[data-ready="true"][data-step]`, { timeout: 30000 });
  p.clearProblems();
}
/** Waits for every question in flight to be answered (the root's data-ready). */
const idle = (p = page) => p.waitForSelector(`${SELECTOR}[data-ready="true"]`, { timeout: 20000 });

async function predict(text) {
  await box().fill(text);
  await box().press('Enter');
}

test('the prompt: attention with the future hatched, next-word bars before and now', async () => {
  await openLesson();
  assert.equal(await step(), 0);
  await page.waitForFunction((sel) => document.querySelector(sel).dataset.prompt === 'the girl drinks', SELECTOR);
  // <bos> the girl drinks: 4 x 4, the 6 cells right of the diagonal hatched, row 1 all on <bos>.
  const map = widget().locator('.attention-map table.matrix');
  assert.equal(await map.locator('tbody tr').count(), 4);
  assert.equal(await map.locator('td.masked').count(), 6);
  assert.equal((await map.locator('tbody tr').first().locator('td').first().textContent()).trim(), '1.00');
  assert.equal(await widget().locator('.next-bars .bar-row').count(), 20, 'ten bars before and ten now');
  await button('Step').click();
  await page.waitForFunction((sel) => Number(document.querySelector(sel).dataset.step) >= 1, SELECTOR);
  await predict('the girl drinks a');
  await hashSettled('next-word.sentence=the girl drinks a');
  assert.equal(await map.locator('tbody tr').count(), 5);
  assert.deepEqual(page.problems(), []);
});

test('bad prompts get a message next to the box; the widget keeps working', async () => {
  await openLesson();
  for (const bad of ['', 'the zebra', TEN_THOUSAND_WORDS, 'NaN', '<img src=x onerror=alert(1)>']) {
    await predict(bad);
    await page.waitForFunction((sel) => document.querySelector(sel).dataset.promptError === 'true', SELECTOR);
    assert.match(await messageOf(page, box()), /\S/, JSON.stringify(bad.slice(0, 20)));
    assert.equal(await box().getAttribute('aria-invalid'), 'true');
    await predict('the girl drinks');
    await page.waitForFunction((sel) => !document.querySelector(sel).dataset.promptError, SELECTOR);
  }
  await keepsMaxLength(box(), PROMPT_MAX);
  await predict('the girl drinks');
  assert.equal(await page.locator('.lesson img').count(), 0, 'no markup injected');
  assert.doesNotMatch(page.url(), /zebra|img/, 'an error never reaches the URL');
  await button('Step').click();
  await page.waitForFunction((sel) => Number(document.querySelector(sel).dataset.step) >= 1, SELECTOR);
  assert.doesNotMatch(await widget().textContent(), /NaN|undefined/);
  assert.deepEqual(page.problems(), []);
});

test('the sampling lab: top-k and top-p cut words, marked; 20 sentences judged; numbers refused', async () => {
  await openLesson();
  await idle();
  const lab = widget().locator('.sampling-lab');
  assert.equal(await lab.locator('.bar-row.cut').count(), 0, 'no filter, nothing cut');
  const k = lab.getByLabel('top-k (0: every word)');
  await k.fill('3');
  await hashSettled('next-word.k=3');
  await idle();
  // Top-k 3: every row after the third of the two filtered charts is cut, with the word "cut".
  await page.waitForFunction(
    (sel) => document.querySelectorAll(`${sel} .sampling-lab .bar-row.cut`).length === 14,
    SELECTOR,
  );
  assert.equal(await lab.locator('.cut-mark').first().textContent(), 'cut');
  await rejectsBadInput(page, widget(), k, '3', 'top-k', ['41', '-1', '2.5']);
  await rejectsBadInput(page, widget(), lab.getByLabel('top-p', { exact: true }), '1', 'top-p', ['0', '1.5']);
  await rejectsBadInput(page, widget(), lab.getByLabel('Sampling seed'), '1', 'seed', ['-1']);
  await button('Sample 20 sentences').click();
  await idle();
  const items = lab.locator('.sample-list li');
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel} .sample-list li`).length === 20, SELECTOR);
  for (const text of await items.locator('.verdict').allTextContents())
    assert.match(text, /^(✓ grammatical|✗ not grammatical)$/);
  assert.match(await lab.locator('.sample-tally').textContent(), /^\d+ of 20 grammatical \(seeds 1 to 20, step 0\)\.$/);
  assert.deepEqual(page.problems(), []);
});

test('the temperature sweep and the KV cache, a row and a point per word', async () => {
  await openLesson();
  await button('Measure: 100 sentences at each temperature').click();
  await idle();
  const sweep = widget().locator('.temperature-sweep .bar-row');
  await page.waitForFunction((sel) => !document.querySelector(`${sel} .temperature-sweep .bars`).hidden, SELECTOR);
  assert.equal(await sweep.count(), 5);
  await button('Start from the prompt').click();
  await idle();
  const rows = widget().locator('[data-kv="K"] .kv-row');
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel} [data-kv="K"] .kv-row`).length > 0, SELECTOR);
  // <bos> the girl drinks: the first step reads all 4 and caches their keys.
  assert.equal(await rows.count(), 4);
  assert.equal(await widget().locator('.cost-plot circle').count(), 1);
  const next = button('Write the next word');
  if (await next.isEnabled()) {
    await next.click();
    assert.equal(await rows.count(), 5);
    assert.equal(await widget().locator('[data-kv="V"] .kv-row').count(), 5);
    assert.equal(await widget().locator('.cost-plot circle').count(), 2);
    assert.equal(await widget().locator('.cost-plot rect').count(), 2);
    assert.equal(await widget().locator('.kv-row.newest').count(), 2, 'the new row of K and of V');
  }
  assert.match(await widget().locator('.kv-counts').textContent(), /the cache holds [\d,]+ numbers/);
  assert.deepEqual(page.problems(), []);
});

test('a deep link restores the prompt and the dials; keyboard only', async () => {
  await openLesson('#/next-word?next-word.sentence=a%20big%20king&next-word.k=5&next-word.p=0.8&next-word.draw=7');
  assert.equal(await box().inputValue(), 'a big king');
  const lab = widget().locator('.sampling-lab');
  assert.equal(await lab.getByLabel('top-k (0: every word)').inputValue(), '5');
  assert.equal(await lab.getByLabel('top-p', { exact: true }).inputValue(), '0.8');
  await idle();
  assert.match(await lab.locator('.drawn-word').textContent(), /^Drawn with seed 7: /);
  await openLesson('#/next-word?next-word.sentence=the%20spaceship');
  assert.match(await messageOf(page, box()), /cannot be read by this model/);
  // Keyboard: type a prompt and press Enter, then sample with Enter on the focused button.
  await box().focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('the boy eats');
  await page.keyboard.press('Enter');
  await hashSettled('next-word.sentence=the boy eats');
  await button('Sample 20 sentences').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel} .sample-list li`).length === 20, SELECTOR);
  assert.deepEqual(page.problems(), []);
});

test('at 390 px nothing is wider than the screen unless it scrolls; axe finds nothing serious', async () => {
  const phone = await site.newPage({ viewport: { width: 390, height: 844 } });
  await openLesson('#/next-word', phone);
  await idle(phone);
  await phone.locator(SELECTOR).getByRole('button', { name: 'Start from the prompt', exact: true }).click();
  await idle(phone);
  const wide = await phone.evaluate(() => {
    const out = [];
    for (const node of document.querySelectorAll('.lesson *')) {
      const r = node.getBoundingClientRect();
      // KaTeX's MathML copy is for screen readers, clipped out of sight.
      if (r.width === 0 || r.right <= window.innerWidth + 0.5 || node.closest('.katex-mathml')) continue;
      const scroller = node.closest('.matrix-block, .scroll-x, .trace-scroll, pre, .katex-display');
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
