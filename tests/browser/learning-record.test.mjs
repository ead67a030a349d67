// The learner's record in the built site: the concept check (#/check) taken before and after,
// with the normalised gain it shows; spaced review (#/review) on a fake clock, items falling due on
// schedule with new numbers, through a reload, two tabs and a corrupt stored value; the record
// exported and imported back. Driven from the keyboard where a learner would type or pick, at
// 390 px for the check and 1280 px for the review, each page scanned by axe in light and dark.
// Offline and from the single file, the two pages are opened in offline.test.mjs and
// single-file.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSite, waitForLesson, axeSerious, themeRules } from './helpers.mjs';
import { loadCheck } from '../../web/plugins/content-plugin.js';

const KEY = 'attention-tutorial:progress:v1';
const T0 = new Date('2026-12-08T09:00:00Z');
const check = loadCheck(fileURLToPath(new URL('../../content', import.meta.url)));
const rightOf = (q) => q.choices.findIndex((c) => c.right);
const wrongOf = (q) => q.choices.findIndex((c) => !c.right);

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

async function axeLightAndDark(page, what) {
  assert.deepEqual(await axeSerious(page), [], `${what}: axe in light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  try {
    assert.deepEqual(
      await axeSerious(page, { rules: await themeRules(page) }),
      [],
      `${what}: axe's colour rules in dark`,
    );
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
  }
}

const focused = (page) =>
  page.evaluate(() => document.activeElement?.closest('[data-question], .cc-slot, button')?.outerHTML.slice(0, 80));

/**
 * One attempt, from the keyboard alone: Tab to the "Count these answers as" choice, arrows to the
 * slot, then Tab into each question and Space or arrows to the choice (picks[i], -1 for "Not sure
 * yet"), and Enter on Submit.
 */
async function takeCheck(page, slot, picks) {
  await page.locator('#lesson-title').focus();
  for (let i = 0; i < 40 && !(await page.evaluate(() => document.activeElement?.closest('.cc-slot'))); i++)
    await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement?.closest('.cc-slot')), 'Tab reaches the slot choice');
  // Two choices: an arrow key moves to (and picks) the other one.
  if ((await page.locator('.cc-slot input:checked').getAttribute('value')) !== slot)
    await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('.cc-slot input:checked').getAttribute('value'), slot);
  for (const [i, q] of check.questions.entries()) {
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.closest('[data-question]')?.dataset.question),
      q.id,
      `Tab reaches question ${i + 1}: ${await focused(page)}`,
    );
    const k = picks[i] === -1 ? q.choices.length : picks[i];
    if (k === 0) await page.keyboard.press('Space');
    for (let n = 0; n < k; n++) await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Submit my answers');
  await page.keyboard.press('Enter');
  await page.locator('.cc-summary h2:focus').waitFor();
}

const resultRows = (page) =>
  page
    .locator('.cc-results tbody tr, .cc-results tfoot tr')
    .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));

test('concept check at 390 px, keyboard only: all wrong before and all right after is a gain of 1.00; before = after is 0.00', async () => {
  const page = await site.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${site.origin}/`);
  await page.evaluate(() => localStorage.clear());
  await site.open(page, '', { covers: 'closed', steppers: 'closed' });
  // Lesson 1 offers the check; its link is followed from the keyboard.
  const invite = page.locator('.check-invite a');
  assert.equal(await invite.getAttribute('href'), '#/check');
  await invite.focus();
  await page.keyboard.press('Enter');
  await waitForLesson(page);
  assert.equal(await page.locator('.cc-question').count(), check.questions.length);

  await takeCheck(page, 'before', check.questions.map(wrongOf));
  assert.match(
    await page.locator('.cc-results caption').textContent(),
    new RegExp(`: 0 of ${check.questions.length} right`),
  );
  // The first attempt names each misconception and its lesson, but not the right answers.
  const first = page.locator('.cc-answers li').first();
  assert.match(await first.innerText(), /You chose “.+”, the idea that .+\. See Lesson \d+, /);
  assert.equal(
    await first.locator('a').getAttribute('href'),
    `#/${check.questions[0].choices[wrongOf(check.questions[0])].lesson}`,
  );
  assert.equal(await page.locator('.cc-why').count(), 0, 'no right answers after the first attempt');

  await takeCheck(page, 'after', check.questions.map(rightOf));
  const gains = await resultRows(page);
  assert.equal(gains.length, check.concepts.length + 1, 'a row per concept and one in all');
  for (const [name, before, after, gain] of gains)
    assert.deepEqual([before, after, gain], ['0%', '100%', '1.00'], name);
  assert.match(await page.locator('.cc-gain-line').textContent(), /⟨g⟩ = 1\.00/);
  assert.equal(await page.locator('.cc-why').count(), check.questions.length, 'the answers explained after the second');

  // A learner whose score does not move: half right, the same half, before and after.
  const half = check.questions.map((q, i) => (i % 2 ? rightOf(q) : -1));
  await takeCheck(page, 'before', half);
  await takeCheck(page, 'after', half);
  const same = await resultRows(page);
  assert.equal(same.at(-1)[3], '0.00', 'in all');
  for (const [name, before, after, gain] of same) {
    assert.equal(before, after, name);
    assert.ok(gain === '0.00' || gain.startsWith('—'), `${name}: ${gain}`);
    assert.doesNotMatch(gain, /NaN/);
  }
  await axeLightAndDark(page, 'the concept check at 390 px');
  // Lesson 1 no longer asks: the check before the lessons is taken.
  await page.evaluate(() => (location.hash = '#/context'));
  await waitForLesson(page);
  assert.equal(await page.locator('.check-invite').count(), 0);
  assert.deepEqual(page.problems(), []);
  await page.close();
});

const due = (page) => page.locator('.review-due').textContent();
const waitDue = (page, text) =>
  page.waitForFunction((t) => document.querySelector('.review-due')?.textContent === t, text, { polling: 50 });

/**
 * Lesson 3's first exercise, with the lesson's numbers or new ones: the weight softmax gives the
 * first of the scores in its prompt, worked out here (e^a / (e^a + e^b + e^c)), typed and checked.
 */
async function answerSoftmax(item) {
  const prompt = await item.locator('.exercise-prompt').textContent();
  const scores = /in \[(\d+), (\d+), (\d+)\]/.exec(prompt).slice(1).map(Number);
  const e = scores.map((s) => Math.exp(s - scores[0]));
  await item.locator('input[type="text"]').fill((e[0] / (e[0] + e[1] + e[2])).toFixed(4));
  await item.locator('input[type="text"]').press('Enter');
  await item.locator('.exercise-feedback[data-kind="correct"]').waitFor();
}

test('review: items fall due on schedule under a fake clock, with new numbers, through a reload, two tabs and a corrupt stored value', async () => {
  const page = await site.newPage();
  await page.clock.install({ time: T0 });
  await page.goto(`${site.origin}/`);
  await page.evaluate(() => localStorage.clear());
  await site.open(page, '#/softmax', { covers: 'closed', steppers: 'closed' });
  await answerSoftmax(page.locator('.exercise').first()); // right: back in 1 day
  const predict = page.locator('.predict').first();
  await predict.getByLabel('it goes up').check(); // wrong: back in 10 minutes
  await predict.getByRole('button', { name: 'Lock in my guess' }).press('Enter');
  await predict.locator('.predict-result[data-kind="wrong"]').waitFor();
  assert.equal(await due(page), 'Review');

  await page.clock.fastForward('11:00');
  await waitDue(page, 'Review: 1 due');
  await page.locator('.review-due').press('Enter');
  await waitForLesson(page);
  const items = page.locator('.review-item');
  assert.deepEqual(await items.evaluateAll((n) => n.map((x) => x.dataset.item)), ['softmax#p0']);
  await items.first().getByLabel('it stays the same').check();
  await items.first().getByRole('button', { name: 'Lock in my guess' }).press('Enter');
  await items
    .first()
    .locator('.review-next', { hasText: /^Right: this comes back tomorrow/ })
    .waitFor();
  assert.equal(await due(page), 'Review');

  await page.clock.fastForward('24:00:00');
  await waitDue(page, 'Review: 2 due');
  // A reload: both are still due, and the exercise comes back with other numbers than the
  // lesson's, the same ones after another reload (a seed per answer, not per visit).
  await site.open(page, '#/review');
  const exercise = page.locator('.review-item[data-item="softmax#e0"]');
  assert.equal(await page.locator('.review-item').count(), 2);
  assert.equal(await exercise.getAttribute('data-varied'), 'yes');
  const prompt = await exercise.locator('.exercise-prompt').textContent();
  assert.match(prompt, /What weight does softmax give to the score \d in \[\d, \d, \d\]/);
  assert.doesNotMatch(prompt, /\[8, 2, 5\]/);
  await site.open(page, '#/review');
  assert.equal(await exercise.locator('.exercise-prompt').textContent(), prompt);

  // Two tabs: an answer in one lowers the other's count.
  const other = await site.newPage();
  await other.clock.install({ time: await page.evaluate(() => Date.now()) });
  await site.open(other, '#/review');
  assert.equal(await due(other), 'Review: 2 due');
  await page.bringToFront();
  await answerSoftmax(exercise);
  assert.match(await exercise.locator('.review-next').textContent(), /comes back in 3 days/);
  await waitDue(other, 'Review: 1 due');
  assert.deepEqual(other.problems(), []);
  await other.close();
  await axeLightAndDark(page, 'the review page');

  // A stored value damaged in part: the page renders, the well-formed items kept.
  await page.evaluate((key) => {
    const stored = JSON.parse(localStorage.getItem(key));
    stored.review['softmax#e1'] = { due: 'soon' };
    stored.review['<img src=x>'] = stored.review['softmax#p0'];
    stored.check = 'taken';
    localStorage.setItem(key, JSON.stringify(stored));
  }, KEY);
  await site.open(page, '#/review');
  assert.deepEqual(await page.locator('.review-item').evaluateAll((n) => n.map((x) => x.dataset.item)), ['softmax#p0']);
  assert.equal(await due(page), 'Review: 1 due');
  assert.equal(await page.locator('img').count(), 0);

  // Export, then a bad file, then the export back after a Reset; replacing asks twice.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export my record (JSON)' }).press('Enter');
  const file = fs.readFileSync(await (await download).path(), 'utf8');
  const record = JSON.parse(file);
  assert.equal(record.format, 'self-attention-live-record');
  assert.deepEqual(Object.keys(record.review).sort(), ['softmax#e0', 'softmax#p0']);
  const input = page.getByLabel('Import a record file');
  // The message next to the file input (its aria-describedby), once it speaks of this file.
  const message = page.locator(`#${(await input.getAttribute('aria-describedby')).split(' ').at(-1)}`);
  const upload = async (name, text) => {
    await input.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await message.filter({ hasText: name }).waitFor();
  };
  await upload('notes.json', '{"format":"something else"}');
  assert.match(await message.textContent(), /notes\.json cannot be imported: this is not a record of this tutorial/);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  await upload('late.json', `{"format":"self-attention-live-record","version":1,"review":{"softmax#e0":{"due":1e99}}}`);
  assert.match(await message.textContent(), /review\["softmax#e0"\]\.due must be a time/);

  await page.getByRole('button', { name: 'Reset progress' }).click();
  await page.getByRole('button', { name: 'Reset progress' }).click();
  await waitDue(page, 'Review');
  await upload('record.json', file);
  assert.match(await message.textContent(), /record\.json holds .* 2 review items/);
  await page.getByRole('button', { name: 'Merge this file into my record' }).press('Enter');
  await waitDue(page, 'Review: 1 due');
  await upload('context.json', JSON.stringify({ ...record, visited: { context: true }, review: {} }));
  await page.getByLabel(/Replace: forget/).check();
  const replace = page.getByRole('button', { name: 'Replace my record with this file' });
  await replace.press('Enter');
  assert.equal(await due(page), 'Review: 1 due', 'the first press only asks');
  await page.getByRole('button', { name: 'Really replace?' }).press('Enter');
  await waitDue(page, 'Review');
  assert.match(await page.locator('.progress-label').textContent(), /^1 of \d+ lessons visited/);
  assert.deepEqual(page.problems(), []);
  await page.close();
});
