// At 390 px (a common phone) every number in every matrix of every lesson reads whole: no cell,
// editable or computed, cuts its number off (lesson 5's 0.12 once showed as "0.1").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, lessonSlugs } from './helpers.mjs';

let site;
let page;

before(async () => {
  site = await startSite();
  page = await site.newPage({ viewport: { width: 390, height: 844 } });
});
after(async () => {
  await site?.close();
});

test('at 390 px no matrix cell in any lesson cuts its number off', async () => {
  let seen = 0;
  for (const slug of lessonSlugs()) {
    await site.open(page, `#/${slug}`);
    const { count, clipped } = await page.evaluate(() => {
      const cells = [...document.querySelectorAll('.cell-input, table.matrix td')];
      return {
        count: cells.length,
        clipped: cells
          .filter((n) => n.scrollWidth > n.clientWidth + 1)
          .map((n) => `${n.getAttribute('aria-label') ?? n.textContent} (${n.scrollWidth} > ${n.clientWidth} px)`),
      };
    });
    seen += count;
    assert.deepEqual(clipped, [], slug);
  }
  assert.ok(seen > 100, `the lessons show matrices (${seen} cells seen)`);
  assert.deepEqual(page.problems(), []);
});
