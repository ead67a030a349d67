// The context-shift widget (lesson 1) in a real browser: words moving with their context, the axes,
// deep links, and sentences that are unknown, empty, too long or hostile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious } from './helpers.mjs';
import { useWidget, hashSettled, TEN_THOUSAND_WORDS, keepsMaxLength } from './widget-harness.mjs';
import { MAX_CHARS } from '../../web/src/widgets/context-shift.schema.js';

const ctx = useWidget();

test('context-shift: Apple moves toward tech with phones and toward food with juice', async () => {
  await ctx.site.open(ctx.page, '#/context');
  const w = ctx.page.locator('.widget-context-shift');
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

test('context-shift: hollow dots before, filled after; the Try button pressed is the sentence shown', async () => {
  await ctx.site.open(ctx.page, '#/context');
  const w = ctx.page.locator('.widget-context-shift');
  const plot = w.locator('.plot2d');
  // One hollow "before" dot and one filled "after" dot per word of "I love Apple phones".
  assert.equal(await plot.locator('.plot-point.hollow').count(), 4);
  assert.equal(await plot.locator('.plot-point:not(.hollow)').count(), 4);
  const fill = await plot
    .locator('.plot-point.hollow circle')
    .first()
    .evaluate((c) => getComputedStyle(c).fill);
  assert.equal(fill, 'rgb(255, 255, 255)', 'a hollow dot is white inside');
  // No two drawn labels overlap, here or where small words crowd round the origin.
  const noOverlap = async () => {
    const boxes = await plot
      .locator('.point-label')
      .evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().toJSON()));
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        assert.ok(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top, 'labels overlap');
  };
  await noOverlap();
  for (const sentence of ['we fished from the river bank', 'I love apple juice']) {
    await w.getByLabel('More examples').selectOption(sentence);
    await noOverlap();
  }
  await w.getByRole('button', { name: 'I love Apple phones' }).click();
  const pressed = () => w.locator('.presets [aria-pressed="true"]').filter({ hasText: 'I love' }).allTextContents();
  assert.deepEqual(await pressed(), ['I love Apple phones']);
  await w.getByRole('button', { name: 'I love apple juice' }).click();
  assert.deepEqual(await pressed(), ['I love apple juice']);
  await w.getByLabel('More examples').selectOption('the lamp gives a bright light');
  assert.deepEqual(await pressed(), [], 'another pick releases the Try button');
});

test('context-shift: the axes follow the word being followed until the learner picks them', async () => {
  await ctx.site.open(ctx.page, '#/context');
  const w = ctx.page.locator('.widget-context-shift');
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
  await ctx.site.open(
    ctx.page,
    '#/context?context-shift.s=we%20fished%20from%20the%20river%20bank&context-shift.f=5&context-shift.x=finance&context-shift.y=nature',
  );
  const w = ctx.page.locator('.widget-context-shift');
  assert.equal(await w.getByLabel('Sentence').inputValue(), 'we fished from the river bank');
  assert.equal(await w.locator('.focus-picker [aria-pressed="true"]').textContent(), 'bank');
  assert.equal(await w.getByLabel('Horizontal axis').inputValue(), 'finance');
  assert.equal(await w.getByLabel('Vertical axis').inputValue(), 'nature');
  // Changing the axis writes it back.
  await w.getByLabel('Vertical axis').selectOption('food');
  await hashSettled(ctx.page, 'context-shift.y=food');
});

test('context-shift: unknown, empty, too long and hostile sentences get a clear message', async () => {
  await ctx.site.open(ctx.page, '#/context');
  const w = ctx.page.locator('.widget-context-shift');
  const input = w.getByLabel('Sentence');
  const message = w.locator('.sentence-field .field-message');
  const cases = [
    ['', /empty/],
    [TEN_THOUSAND_WORDS, /words; at most 12/], // its first MAX_CHARS characters (the box's maxlength)
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
  assert.equal(await ctx.page.locator('.lesson img').count(), 0, 'no markup injected');
  await keepsMaxLength(input, MAX_CHARS);
  // Past the maxlength only a script can put text in the box: the widget still says what is wrong.
  await input.evaluate((box, text) => {
    box.value = text;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, TEN_THOUSAND_WORDS);
  assert.match(await message.textContent(), /characters long/);
  await input.fill('I LOVE APPLE JUICE');
  assert.equal(await input.getAttribute('aria-invalid'), null, 'case-insensitive lookup');
  assert.deepEqual(await w.locator('.bar-label').allTextContents(), ['I', 'LOVE', 'APPLE', 'JUICE']);
  assert.deepEqual(ctx.page.problems(), []);
});

test('axe-core: no serious violation with a message on screen', async () => {
  await ctx.site.open(ctx.page, '#/context');
  await ctx.page.locator('.widget-context-shift').getByLabel('Sentence').fill('zork');
  // The rest of the lesson is as lessons-desktop.test.mjs scans it in full: here, what this test changed.
  assert.deepEqual(await axeSerious(ctx.page, { within: '.widget-context-shift' }), [], 'context-shift');
});

test('context-shift: on every example, at 1280 and 390 px, every word is named on the plot (or under it when there is no room) and no two names overlap', async () => {
  const { site, page } = ctx;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await site.open(page, '#/context');
    const w = page.locator('.widget-context-shift');
    const picker = w.getByLabel('More examples');
    const sentences = (await picker.locator('option').allTextContents()).filter((s) => !s.endsWith('…'));
    assert.ok(sentences.length >= 8, sentences.join(' | '));
    for (const sentence of sentences) {
      await picker.selectOption({ label: sentence });
      await page.waitForFunction(
        (s) => document.querySelector('.widget-context-shift .sentence-input')?.value === s,
        sentence,
      );
      const { labels, listed } = await w.evaluate((root) => ({
        labels: [...root.querySelectorAll('.plot2d .point-label')].map((t) => {
          const b = t.getBoundingClientRect();
          return { text: t.textContent, x0: b.left, x1: b.right, y0: b.top, y1: b.bottom };
        }),
        listed: root.querySelector('.plot-unlabelled')?.textContent ?? '',
      }));
      const named = new Set(labels.flatMap((l) => l.text.replace(/′/g, '').split(', ')));
      const words = sentence.replace(/[.,!?]/g, '').split(/\s+/);
      for (const word of words) {
        assert.ok(
          named.has(word) ||
            named.has(word.toLowerCase()) ||
            listed.includes(word.toLowerCase()) ||
            listed.includes(word),
          `${width} px, "${sentence}": "${word}" is not named (labels: ${[...named].join(' / ')}; ${listed})`,
        );
      }
      for (let i = 0; i < labels.length; i++)
        for (let j = i + 1; j < labels.length; j++) {
          const [a, b] = [labels[i], labels[j]];
          const overlap = a.x0 < b.x1 - 1 && b.x0 < a.x1 - 1 && a.y0 < b.y1 - 1 && b.y0 < a.y1 - 1;
          assert.ok(!overlap, `${width} px, "${sentence}": "${a.text}" is printed over "${b.text}"`);
        }
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('lesson 1 at 390 px: every formula fits the screen, none is cut off', async () => {
  const { site, page } = ctx;
  await page.setViewportSize({ width: 390, height: 844 });
  await site.open(page, '#/context');
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('main .katex-display')]
      .filter((d) => d.scrollWidth > d.clientWidth + 1 || d.getBoundingClientRect().right > window.innerWidth)
      .map((d) => d.textContent.slice(0, 40)),
  );
  assert.deepEqual(wide, []);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('context-shift: the note says the division by √6 corrects for the number of dimensions, not for long vectors', async () => {
  const { site, page } = ctx;
  await site.open(page, '#/context');
  const note = await page.locator('.widget-context-shift .widget-note', { hasText: 'Score:' }).textContent();
  assert.doesNotMatch(note, /long vectors|huge scores/);
  assert.match(note, /same scale whatever the count/);
});
