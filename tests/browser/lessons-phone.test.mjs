// Every lesson of content/lessons on a phone, loaded once per state a check needs instead of once
// per check (the per-lesson checks live in checks/; a failure names the lesson and the check):
//
//   390 px, steppers closed (covers open): the lesson is at most 12,000 px long, and every stage
//     of every stepper is reached from the keyboard (checks/steppers.mjs);
//   390 px, covers closed with the first choice guessed: axe-core finds nothing serious; then
//     with every cover open: axe again, the lines, predictions and exercises fit the screen,
//     nothing is wider than the screen or cut off without a scroll cue, the closed map strip is
//     one short band (checks/map-strip.mjs), and no matrix cell cuts its number off
//     (checks/overflow.mjs);
//   360 px: no lesson scrolls sideways.
//
// Lessons 11, 12, ... are picked up from content/lessons with nothing to edit here. DIST_DIR=/some/dist
// walks another build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, lessonSlugs, axeSerious, openCovers } from './helpers.mjs';
import { siteOptions } from './widget-harness.mjs';
import { pageHeight, walkSteppers } from './checks/steppers.mjs';
import { stripIsOneBand } from './checks/map-strip.mjs';
import { cuesSettled, unseenOverflow, widerThanScreen, clippedCells, pageWidth } from './checks/overflow.mjs';

const LIMIT = 12000;
// LESSONS_ONLY=softmax,training walks only those lessons (while working on one).
const only = process.env.LESSONS_ONLY?.split(',');
const slugs = lessonSlugs().filter((s) => !only || only.includes(s));
let site;
let phone;

before(async () => {
  site = await startSite(siteOptions());
  phone = await site.newPage({ viewport: { width: 390, height: 844 } });
});
after(async () => {
  await site?.close();
});

test('the table of contents lists the lessons this suite walks', async () => {
  await site.open(phone, '');
  const listed = await phone.locator('.toc-list a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.deepEqual(
    listed,
    lessonSlugs().map((s) => `#/${s}`),
  );
});

test(`every lesson at 390 px, steppers closed: at most ${LIMIT} px long; every stage reachable one at a time`, async (t) => {
  const heights = {};
  let steppers = 0;
  for (const slug of slugs) {
    await t.test(slug, async (t) => {
      phone.clearProblems();
      await site.open(phone, `#/${slug}`, { steppers: 'closed' });
      await t.test(`at most ${LIMIT} px long`, async () => {
        // The live widgets draw their figures once their model has said its shape: measured
        // before that, lesson 12 read 9,048 px on a loaded machine and 12,279 px on an idle one.
        await phone.waitForFunction(
          () => [...document.querySelectorAll('.widget[data-ready]')].every((w) => w.dataset.ready === 'true'),
          null,
          { timeout: 60000 },
        );
        await phone.waitForTimeout(150); // widgets sized on resize settle in the next frames
        heights[slug] = await pageHeight(phone);
        assert.ok(heights[slug] <= LIMIT, `${slug} is ${heights[slug]} px long at 390 px (at most ${LIMIT})`);
      });
      await t.test('"Show all stages" shows every stage; each stage is reachable one at a time', async () => {
        steppers += await walkSteppers(phone, slug);
      });
      assert.deepEqual(phone.problems(), [], slug);
    });
  }
  console.log('phone heights (px):', JSON.stringify(heights));
  if (!only) assert.ok(steppers >= 5, `only ${steppers} steppers in the lessons`);
});

test('every lesson at 390 px: axe with the covers closed and open; everything fits or visibly scrolls', async (t) => {
  let cells = 0;
  for (const slug of slugs) {
    await t.test(slug, async (t) => {
      phone.clearProblems();
      // A guess locked in where the first prediction is a choice, with any later block still closed.
      await site.open(phone, `#/${slug}`, { covers: 'closed' });
      const choice = phone.locator('.predict-mount').first().locator('input[type="radio"]');
      if ((await choice.count()) > 0) {
        await choice.first().check();
        await phone.locator('.predict-mount').first().getByRole('button', { name: 'Lock in my guess' }).click();
      }
      await cuesSettled(phone); // scroll boxes are marked in the frames after a render
      // What closed covers change is inside the predict blocks: their "closed" notes, the unlocked
      // forms and the first block's verdict (covered parts are hidden, out of axe's reach). The
      // rest of the page is the same markup as with every cover open, scanned in full below.
      await t.test('axe-core finds nothing serious in the predict blocks, covers closed', async () => {
        assert.deepEqual(await axeSerious(phone, { within: '.predict-mount' }), [], slug);
      });
      await openCovers(phone);
      await cuesSettled(phone);
      await t.test('axe-core finds nothing serious, every cover open', async () => {
        assert.deepEqual(await axeSerious(phone), [], `${slug}, every cover open`);
      });
      await t.test('the lines, predictions and exercises fit the screen', async () => {
        assert.deepEqual(await widerThanScreen(phone), [], `${slug}: wider than the screen`);
      });
      await t.test('nothing is wider than the screen or cut off without a visible scroll cue', async () => {
        assert.deepEqual(await phone.evaluate(unseenOverflow), [], `#/${slug}`);
      });
      await t.test('the closed map strip is one short band', () => stripIsOneBand(phone, slug));
      await t.test('no matrix cell cuts its number off', async () => {
        const { count, clipped } = await clippedCells(phone);
        cells += count;
        assert.deepEqual(clipped, [], slug);
      });
      assert.deepEqual(phone.problems(), [], slug);
    });
  }
  if (!only) assert.ok(cells > 100, `the lessons show matrices (${cells} cells seen)`);
});

test('on a 360px phone no lesson scrolls sideways (wide matrices scroll in their own box)', async (t) => {
  const narrow = await site.newPage({ viewport: { width: 360, height: 740 } });
  try {
    for (const slug of slugs) {
      await t.test(slug, async () => {
        await site.open(narrow, `#/${slug}`);
        const { scrollWidth, clientWidth } = await pageWidth(narrow);
        assert.ok(scrollWidth <= clientWidth, `${slug}: page is ${scrollWidth}px wide in a ${clientWidth}px screen`);
      });
    }
  } finally {
    await narrow.close();
  }
});
