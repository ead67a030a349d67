// Lesson 7 widget multi-head: the heads from the lesson's config, their concatenation and W_O.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWidget, cells, rejectsBadInput, hashSettled, openDeepLink } from './widget-harness.mjs';

const ctx = useWidget('#/beyond-one-head', '.widget-multi-head');

// The lesson's example, "the cat saw the dog": X = [noun, verb, determiner, one-hot position];
// head 1 matches a word's query to the key of the position before it (3·3 = 9, / √5 = 4.02:
// e^4.02 / (e^4.02 + 4) = 0.933); head 2 matches kinds (2·2 = 4, / √3 = 2.31: cat and dog
// 10.07 / (2·10.07 + 3) = 0.4353 each).
test('two heads: concat = [head 1 | head 2]; W_O combines them', async () => {
  assert.equal(await ctx.w.locator('section.head-card').count(), 2);
  const ctx1 = await cells(ctx.w, 'ctx1', 1);
  const ctx2 = await cells(ctx.w, 'ctx2', 1);
  assert.deepEqual(await cells(ctx.w, 'concat', 1), [...ctx1, ...ctx2]);
  // Head 1: "cat" looks at "the" before it; the first word spreads evenly.
  assert.deepEqual(await cells(ctx.w, 'weights1', 1), ['0.93', '0.02', '0.02', '0.02', '0.02']);
  assert.deepEqual(await cells(ctx.w, 'weights1', 0), ['0.2', '0.2', '0.2', '0.2', '0.2']);
  // Head 2: "cat" looks at "dog" as much as at itself.
  assert.deepEqual(await cells(ctx.w, 'weights2', 1), ['0.04', '0.44', '0.04', '0.04', '0.44']);
  // W_O's first column adds head 1's "previous is a determiner" (concat column 2) to head 2's
  // "my kind is noun" (concat column 3): for cat 0.933 + 0.870 = 1.80 (shown to 2 decimals).
  const cat = await cells(ctx.w, 'concat', 1);
  assert.equal(cat.length, 4);
  assert.equal(Number((await cells(ctx.w, 'output', 1))[0]) > 1.75, true);
  assert.equal(Number((await cells(ctx.w, 'output', 2))[0]) < 0.5, true, 'saw is not a noun after "the"');
});

test('four heads: the averaging head gives every word 1/5', async () => {
  await ctx.w.getByLabel('Number of heads').selectOption('4');
  assert.equal(await ctx.w.locator('section.head-card').count(), 4);
  assert.equal((await cells(ctx.w, 'concat', 0)).length, 8);
  // Head 3 has W_Q = 0: every score is 0, softmax of equal scores = 1/5 each.
  for (let r = 0; r < 5; r++) assert.deepEqual(await cells(ctx.w, 'weights3', r), ['0.2', '0.2', '0.2', '0.2', '0.2']);
});

test('hovering an output number explains it with concat row · W_O column', async () => {
  await ctx.w.locator('[data-matrix="output"] td[data-r="0"][data-c="0"]').hover();
  assert.match(await ctx.w.locator('.link-equation').textContent(), /output\[the\]\[1\] = .* = /);
  assert.ok((await ctx.w.locator('.is-source').count()) >= 16, 'concat row (8) and W_O column (8) light up');
});

test('bad input in X gets a message and the widget keeps working', async () => {
  await rejectsBadInput(
    ctx.page,
    ctx.w,
    ctx.w.getByRole('textbox', { name: 'X row 2, column 1', exact: true }),
    '1',
    'X',
  );
});

test('causal mask: the first word attends only to itself in every head', async () => {
  await ctx.w.getByLabel('Causal mask').check();
  for (const h of [1, 2, 3, 4]) assert.deepEqual(await cells(ctx.w, `weights${h}`, 0), ['1', '0', '0', '0', '0']);
});

test('a deep link restores the head count and the mask', async () => {
  const url = await hashSettled(ctx.page, 'causal=1');
  assert.match(decodeURIComponent(url), /h=4/);
  const [p2, w2] = await openDeepLink(ctx.site, url, '.widget-multi-head');
  assert.equal(await w2.locator('section.head-card').count(), 4);
  assert.deepEqual(await cells(w2, 'weights2', 0), ['1', '0', '0', '0', '0']);
  assert.deepEqual(p2.problems(), []);
  await p2.close();
});

test('on a phone, a formula wider than the screen scrolls and shows that it does', async () => {
  const phone = await ctx.site.newPage({ viewport: { width: 390, height: 844 } });
  await ctx.site.open(phone, '#/beyond-one-head');
  const wide = await phone.locator('.lesson-body > .math-display, .stepper-step > .math-display').evaluateAll((nodes) =>
    nodes
      .filter((n) => n.scrollWidth > n.clientWidth + 1)
      .map((n) => ({
        fits: n.getBoundingClientRect().right <= innerWidth + 1,
        shade: getComputedStyle(n).backgroundImage,
      })),
  );
  assert.ok(wide.length >= 1, 'the MultiHead formula is wider than a phone');
  for (const f of wide) {
    assert.ok(f.fits, 'the box itself stays inside the screen; its content scrolls');
    assert.match(f.shade, /radial-gradient/, 'a scroll shadow marks the hidden side');
  }
  await phone.close();
});

test('at 1280 px every head card shows its whole map; on a phone one that does not fit scrolls visibly', async () => {
  for (const [width, heads] of [
    [1280, 2],
    [1280, 4],
    [390, 4],
  ]) {
    const page = await ctx.site.newPage({ viewport: { width, height: 900 } });
    await ctx.site.open(page, `#/beyond-one-head?multi-head.h=${heads}`);
    await page.waitForTimeout(100); // scroll cues are set in the frame after a render
    // Each card's boxes (the card, its weights map, its context) that could scroll.
    const boxes = await page.locator('.widget-multi-head section.head-card').evaluateAll((cards) =>
      cards
        .map((card) => [card, ...card.querySelectorAll('.matrix-block')])
        .flat()
        .map((n) => ({
          name: n.dataset.matrix ?? n.getAttribute('aria-label'),
          cut: n.scrollWidth > n.clientWidth + 1,
          cue: n.classList.contains('scrolls') && /radial-gradient/.test(getComputedStyle(n).backgroundImage),
        })),
    );
    assert.equal(boxes.filter((b) => /^weights/.test(b.name)).length, heads);
    for (const b of boxes) {
      if (width >= 1280) assert.equal(b.cut, false, `${width} px, ${heads} heads: ${b.name} is cut off`);
      else assert.ok(!b.cut || b.cue, `${width} px: ${b.name} scrolls without a shade`);
    }
    await page.close();
  }
});
