// Every lesson of content/lessons at 1280 px, loaded once per state a check needs instead of
// once per check (the per-lesson checks live in checks/; a failure names the lesson and the check):
//
//   covers open (site.open's default): the lesson loads cleanly and every text box says how much
//     it takes (a maxlength; checks/lesson-loads.mjs),
//     axe-core finds nothing serious, then in dark mode (the system's setting, switched on the
//     loaded page) the page is dark and axe's colour rules find nothing serious, no
//     Content-Security-Policy violation is raised, the training run in its worker included, and
//     the map strip under the title shows where the lesson sits (checks/map-strip.mjs);
//   covers closed, as a learner first meets it: no predict block's answer is on the page before
//     the guess, and it is after (checks/predict.mjs).
//
// Lessons 11, 12, ... are picked up from content/lessons with nothing to edit here. DIST_DIR=/some/dist
// walks another build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, lessonSlugs, axeSerious, themeRules } from './helpers.mjs';
import { siteOptions } from './widget-harness.mjs';
import { lessonLoads, frames } from './checks/lesson-loads.mjs';
import { looks, isDark } from './checks/theme.mjs';
import { watchCsp } from './checks/csp.mjs';
import { compiledLessons, predictBlocksHold } from './checks/predict.mjs';
import { stripShowsWhereItSits } from './checks/map-strip.mjs';

// LESSONS_ONLY=softmax,training walks only those lessons (while working on one).
const only = process.env.LESSONS_ONLY?.split(',');
const slugs = lessonSlugs().filter((s) => !only || only.includes(s));
let site;
let page;
let csp;

before(async () => {
  site = await startSite(siteOptions());
  page = await site.newPage();
  csp = await watchCsp(site.context, page);
});
after(async () => {
  await site?.close();
});

test('every lesson at 1280 px: loads cleanly, passes axe in light and dark, raises no CSP violation, shows where it sits', async (t) => {
  assert.ok(slugs.length > 0, 'content/lessons holds no NN-slug.md lesson');
  for (const slug of slugs) {
    await t.test(slug, async (t) => {
      await page.emulateMedia({ colorScheme: 'light' });
      page.clearProblems();
      await site.open(page, `#/${slug}`);
      await t.test('loads with no console error and no request off the origin; every text box has a maxlength', () =>
        lessonLoads(page, slug),
      );
      await t.test('axe-core finds no serious or critical violation', async () => {
        const violations = await axeSerious(page);
        assert.deepEqual(violations, [], `${slug}: ${JSON.stringify(violations, null, 1)}`);
      });
      // The dark theme changes colours only (custom properties in base.css), so the page
      // scanned in full above is scanned again with the rules a colour can fail.
      await t.test('dark mode: axe-core (WCAG AA contrast included) finds no serious violation', async () => {
        await page.emulateMedia({ colorScheme: 'dark' });
        try {
          await frames(page);
          assert.ok(isDark(await looks(page)), `${slug} is dark`);
          const rules = await themeRules(page);
          assert.ok(rules.includes('color-contrast'), `axe's colour rules: ${rules}`);
          const violations = await axeSerious(page, { rules });
          assert.deepEqual(violations, [], `${slug} in dark mode: ${JSON.stringify(violations, null, 1)}`);
        } finally {
          await page.emulateMedia({ colorScheme: 'light' });
        }
      });
      await t.test('no Content-Security-Policy violation', () => csp.lessonRaisesNone(slug));
      // Last: it opens the map.
      await t.test('the map strip shows where the lesson sits', () => stripShowsWhereItSits(page, slug));
      assert.deepEqual(page.problems(), [], slug);
    });
  }
});

test("every lesson, covers closed: no predict block's answer is on the page before the guess, and it is after", async (t) => {
  const lessons = (await compiledLessons()).filter((l) => slugs.includes(l.slug));
  assert.deepEqual(
    lessons.map((l) => l.slug),
    slugs,
  );
  for (const lesson of lessons) {
    await t.test(lesson.slug, async () => {
      page.clearProblems();
      await site.open(page, `#/${lesson.slug}`, { covers: 'closed' });
      await predictBlocksHold(page, lesson);
    });
  }
});
