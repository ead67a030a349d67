// Predict first, then see: for EVERY predict block of every lesson, the answer is nowhere on the
// page (neither in the visible text nor in the accessibility tree) before the guess is locked in,
// and it is there after. "The answer" is the engine's number, formatted as the page formats
// numbers, and the sentences the block's fence names in "reveals" (the words that give it away).
// "Show me anyway" opens the covered part too, and counts as no guess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadAttention } from '../../wasm/js/node.js';
import { listLessons, compileLesson, loadWidgetSchemas } from '../../web/plugins/content-plugin.js';
import { predictAnswer } from '../../web/src/lesson/predict.js';
import { fmt } from '../../web/src/ui/format.js';
import { useWidget } from './widget-harness.mjs';

const ctx = useWidget();
const attn = await loadAttention();
const schemas = await loadWidgetSchemas();
const contentDir = fileURLToPath(new URL('../../content/lessons', import.meta.url));
const lessons = listLessons(contentDir).map((entry) => compileLesson(entry, schemas));

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Text as a reader meets it: emphasis marks gone, runs of white space one space.
const plain = (s) => s.replace(/[*_`]/g, '').replace(/\s+/g, ' ');

/**
 * The ways the page may print `x`: 2 and 3 decimals and the block's own, fixed or trimmed. A
 * whole number (16, −6) is on most pages for other reasons, a size or a count, so it is not
 * searched for: a block whose answer is one names its giveaways in "reveals".
 */
function printed(x, digits) {
  if (Math.abs(x - Math.round(x)) < 1e-9) return [];
  const forms = new Set();
  for (const d of new Set([2, 3, digits])) {
    // Two decimals say little about a small number (0.05 could be anything): only from 0.1 up.
    if (d === 2 && Math.abs(x) < 0.1) continue;
    forms.add(fmt(x, d, { fixed: true }));
    forms.add(fmt(x, d));
  }
  return [...forms];
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"' };
const decode = (s) =>
  s.replace(/&(#\d+|[a-z]+);/g, (m, e) =>
    e[0] === '#' ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );

// The explanation's first sentence, as the page renders it (the fence holds it as HTML).
const firstSentence = (html) =>
  plain(decode(html.replace(/<span class="katex-mathml">[^]*?<\/span>/g, '').replace(/<[^>]+>/g, '')))
    .trim()
    .split(/(?<=[.:;])\s/)[0];

/**
 * What gives block `p`'s answer away, as regular expressions over the page's text: the
 * deciding number (a printed form of it not also a form of the number the question starts from)
 * and each sentence of "reveals".
 */
function giveaways(p) {
  const answer = predictAnswer(attn, p);
  const digits = p.digits ?? 3;
  let numbers;
  if (p.kind === 'choice') numbers = printed(answer.values[answer.index], digits);
  else if (p.kind === 'number') numbers = printed(answer.value, digits);
  else {
    // A sign question's answer is the number after the change; when the change is nothing, the
    // "after" number is the "before" number the lesson shows on purpose, so only words give it away.
    const before = p.baseline ? printed(answer.before, digits) : [];
    numbers = printed(answer.after, digits).filter((f) => !before.includes(f));
  }
  const sentence = (s) => ({ what: `"${s}"`, re: new RegExp(escape(plain(s)).replace(/ /g, '\\s+')) });
  return [
    ...numbers.map((n) => ({ what: `the number ${n}`, re: new RegExp(`(?<![\\d.])${escape(n)}(?![\\d])`) })),
    ...(p.reveals || []).map(sentence),
    ...(p.explain ? [sentence(firstSentence(p.explain))] : []),
  ];
}

/** The page's visible text and its accessibility tree, each as one string. */
async function seen(page) {
  const text = plain(await page.evaluate(() => document.querySelector('main').innerText));
  const tree = plain(await page.locator('main').ariaSnapshot());
  return { text, tree };
}

const found = (where, list) => list.filter((g) => g.re.test(where)).map((g) => g.what);

for (const lesson of lessons) {
  test(`${lesson.slug}: no predict block's answer is on the page before the guess, and it is after`, async () => {
    const { site, page } = ctx;
    await site.open(page, `#/${lesson.slug}`, { covers: 'closed' });
    const blocks = page.locator('.predict-mount');
    assert.equal(await blocks.count(), lesson.predictions.length);
    for (const [i, p] of lesson.predictions.entries()) {
      const what = `${lesson.slug}, predict ${i + 1}`;
      const list = giveaways(p);
      assert.ok(list.length > 0, `${what}: nothing to look for (a sign question needs "reveals")`);
      const before = await seen(page);
      assert.deepEqual(found(before.text, list), [], `${what}: on screen before the guess`);
      assert.deepEqual(found(before.tree, list), [], `${what}: in the accessibility tree before the guess`);

      const block = blocks.nth(i);
      if (p.kind === 'number') await block.getByLabel('Your guess').fill('0.5');
      else await block.locator('input[type="radio"]').first().check();
      await block.getByRole('button', { name: 'Lock in my guess' }).click();
      const result = block.locator('.predict-result');
      await page.waitForFunction((el) => el.textContent !== '', await result.elementHandle());
      const after = await seen(page);
      // Every sentence is back, and the number is on screen in at least one of its forms.
      const numbers = list.filter((g) => g.what.startsWith('the number'));
      const sentences = list.filter((g) => !g.what.startsWith('the number'));
      if (numbers.length) assert.ok(found(after.text, numbers).length > 0, `${what}: the number after the guess`);
      assert.deepEqual(
        found(after.text, sentences),
        sentences.map((g) => g.what),
        `${what}: after the guess`,
      );
      if (p.covers) {
        assert.equal(await page.locator(`.predict-cover[data-predict-cover="${i}"]`).isVisible(), true, what);
        assert.equal(await block.locator('.predict-closed').isVisible(), false, `${what}: no "closed" note`);
      }
    }
    assert.deepEqual(page.problems(), [], lesson.slug);
  });
}

test('"Show me anyway" opens the cover without a guess: the answer, no verdict, the form locked', async () => {
  const { site, page } = ctx;
  await site.open(page, '#/context', { covers: 'closed' });
  const block = page.locator('.predict-mount').first();
  const cover = page.locator('.predict-cover').first();
  assert.equal(await cover.isVisible(), false);
  assert.equal(await page.locator('.widget-context-shift').isVisible(), false, 'the figure waits for the guess');
  await block.getByRole('button', { name: 'Show me anyway' }).click();
  await cover.waitFor({ state: 'visible' });
  const result = block.locator('.predict-result');
  await page.waitForFunction((el) => el.textContent !== '', await result.elementHandle());
  assert.equal(await result.getAttribute('data-kind'), 'shown');
  assert.match(await result.textContent(), /^No guess this time: “phones” gets the most, 0\.417\.$/);
  assert.equal(await block.locator('input[type="radio"]').first().isDisabled(), true);
  // The figure mounted while hidden draws as it should once shown.
  assert.match(await page.locator('.widget-context-shift .attention-lines .lines-summary').textContent(), /0\.42/);
  assert.deepEqual(page.problems(), []);
});

test('a link carrying the state of a figure under a cover shows that figure, and the guess stays open', async () => {
  const { site, page } = ctx;
  await site.open(page, '#/context?context-shift.s=I%20love%20apple%20juice', { covers: 'closed' });
  const block = page.locator('.predict-mount').first();
  assert.equal(await page.locator('.widget-context-shift').isVisible(), true, 'the linked figure is on screen');
  assert.equal(await page.locator('.widget-context-shift .sentence-input').inputValue(), 'I love apple juice');
  assert.equal(await block.locator('.predict-closed').isVisible(), false);
  assert.equal(await block.locator('input[type="radio"]').first().isDisabled(), false, 'a guess can still be made');
  assert.equal(await block.locator('.predict-result').textContent(), '');
  // A plain link to the lesson keeps the cover closed.
  await site.open(page, '#/context', { covers: 'closed' });
  assert.equal(await page.locator('.widget-context-shift').isVisible(), false);
  assert.deepEqual(page.problems(), []);
});
