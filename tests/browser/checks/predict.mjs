// Predict first, then see: for every predict block of a lesson, the answer is nowhere on the page
// (neither in the visible text nor in the accessibility tree) before the guess is locked in, and it
// is there after. "The answer" is the engine's number, formatted as the page formats numbers, and
// the sentences the block's fence names in "reveals" (the words that give it away). The first
// block, as a learner meets it: no verdict before the guess, a verdict with the engine's number
// after, the guess locked until "Guess again".
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadAttention } from '../../../wasm/js/node.js';
import { listLessons, compileLesson, loadWidgetSchemas } from '../../../web/plugins/content-plugin.js';
import { predictAnswer } from '../../../web/src/lesson/predict.js';
import { fmt } from '../../../web/src/ui/format.js';

/** Every lesson of content/lessons compiled as the build compiles it (its predict fences included). */
export async function compiledLessons() {
  const schemas = await loadWidgetSchemas();
  const contentDir = fileURLToPath(new URL('../../../content/lessons', import.meta.url));
  return listLessons(contentDir).map((entry) => compileLesson(entry, schemas));
}

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

let attnPromise;
/**
 * What gives block `p`'s answer away, as regular expressions over the page's text: the
 * deciding number (a printed form of it not also a form of the number the question starts from)
 * and each sentence of "reveals".
 */
async function giveaways(p) {
  const attn = await (attnPromise ??= loadAttention());
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

/**
 * On `page`, showing `lesson` as a learner first meets it (site.open with covers: 'closed'): guess
 * every block in turn and check what is shown before and after each guess.
 */
export async function predictBlocksHold(page, lesson) {
  const slug = lesson.slug;
  assert.ok(lesson.predictions.length > 0, `${slug}: every lesson has a predict-then-check block`);
  const blocks = page.locator('.predict-mount');
  await blocks.first().waitFor();
  assert.equal(await blocks.count(), lesson.predictions.length);
  for (const [i, p] of lesson.predictions.entries()) {
    const what = `${slug}, predict ${i + 1}`;
    const list = await giveaways(p);
    assert.ok(list.length > 0, `${what}: nothing to look for (a sign question needs "reveals")`);
    const before = await seen(page);
    assert.deepEqual(found(before.text, list), [], `${what}: on screen before the guess`);
    assert.deepEqual(found(before.tree, list), [], `${what}: in the accessibility tree before the guess`);

    const block = blocks.nth(i);
    const result = block.locator('.predict-result');
    if (i === 0) assert.equal(await result.textContent(), '', `${slug}: no answer before the guess`);
    const radios = await block.locator('input[type="radio"]').count();
    assert.equal(radios > 0, p.kind !== 'number', `${what}: a ${p.kind} question ${radios ? 'has' : 'has no'} choices`);
    if (p.kind === 'number') await block.getByLabel('Your guess').fill('0.5');
    else await block.locator('input[type="radio"]').first().check();
    await block.getByRole('button', { name: 'Lock in my guess' }).click();
    await page.waitForFunction((el) => el.textContent !== '', await result.elementHandle());
    if (i === 0) {
      const kind = await result.getAttribute('data-kind');
      assert.ok(['correct', 'close', 'wrong'].includes(kind), `${slug}: ${kind}: ${await result.textContent()}`);
      // The sentence says how close: a number from the engine is in it.
      assert.match(await result.textContent(), /\d/, slug);
      // Locked: the guess cannot be changed after seeing the answer, until "Guess again".
      assert.equal(await block.locator('input').first().isDisabled(), true, `${slug}: locked`);
    }
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
  // "Guess again" unlocks the first block (pressed last, so that whatever it hides or shows again
  // cannot touch what the later blocks were checked against).
  const first = blocks.first();
  await first.getByRole('button', { name: 'Guess again' }).click();
  assert.equal(await first.locator('input').first().isDisabled(), false, `${slug}: unlocked`);
  assert.deepEqual(page.problems(), [], slug);
}
