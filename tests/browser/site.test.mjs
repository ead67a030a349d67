// The built site as a learner meets it: links and progress work, exercises are checked by the
// engine, every lesson opens offline once loaded, and the first load stays small. Each lesson
// loading cleanly and passing axe-core: lessons-desktop.test.mjs; on a phone: lessons-phone.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startSite,
  lessonSlugs,
  waitForLesson,
  serveStatic,
  distDir,
  recordResponses,
  firstLoadResponses,
} from './helpers.mjs';
import { cuesSettled, unseenOverflow } from './checks/overflow.mjs';

let site;
let page;
const slugs = lessonSlugs();

before(async () => {
  site = await startSite();
  page = await site.newPage();
});
after(async () => {
  await site?.close();
});

test('the table of contents lists every lesson of content/lessons, in order', async () => {
  assert.ok(slugs.length > 0, 'content/lessons holds no NN-slug.md lesson');
  await site.open(page, '');
  const hrefs = await page.locator('.toc-list a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.deepEqual(
    hrefs,
    slugs.map((s) => `#/${s}`),
  );
});

test('table of contents, previous/next links and progress', async () => {
  await page.goto(`${site.origin}/`);
  await page.evaluate(() => localStorage.clear());
  await site.open(page, '');
  // A plain visit shows the first lesson.
  assert.equal(await page.locator('.toc-list a[aria-current="page"]').getAttribute('href'), `#/${slugs[0]}`);
  assert.equal(await page.locator('.pager-prev').count(), 0, 'no previous link on the first lesson');

  // Next by an ordinary link.
  await page.locator('.pager-next').click();
  await waitForLesson(page);
  assert.equal(new URL(page.url()).hash, `#/${slugs[1]}`);
  assert.equal(await page.locator('.pager-prev').getAttribute('href'), `#/${slugs[0]}`);

  // Table of contents link to the last lesson: no "next" there.
  await page.locator(`.toc-list a[href="#/${slugs.at(-1)}"]`).click();
  await waitForLesson(page);
  assert.equal(await page.locator('.pager-next').count(), 0);

  const label = await page.locator('.progress-label').textContent();
  assert.match(label, new RegExp(`^3 of ${slugs.length} lessons visited`));
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('attention-tutorial:progress:v1')));
  assert.deepEqual(Object.keys(stored.visited).sort(), [slugs[0], slugs[1], slugs.at(-1)].sort());
  assert.equal(await page.locator('.toc-list li.visited').count(), 3);

  // Reset asks once, then forgets everything.
  await page.getByRole('button', { name: 'Reset progress' }).click();
  assert.match(await page.locator('.progress-label').textContent(), /^3 of/);
  await page.getByRole('button', { name: 'Reset progress' }).click();
  assert.match(
    await page.locator('.progress-label').textContent(),
    new RegExp(`^0 of ${slugs.length} lessons visited`),
  );
  assert.equal(await page.locator('.toc-list li.visited').count(), 0);
});

test('two tabs changing lesson at the same moment keep every lesson; a Reset in one clears the other', async () => {
  const key = 'attention-tutorial:progress:v1';
  const other = await site.newPage();
  await page.goto(`${site.origin}/`);
  await page.evaluate(() => localStorage.clear());
  const quick = { covers: 'closed', steppers: 'closed' };
  await site.open(page, `#/${slugs[0]}`, quick);
  await site.open(other, `#/${slugs[1]}`, quick);
  // Four rounds, each tab moving on at the same instant (Chromium tells a tab of the other's
  // write only later, so both write what they knew, and the later write used to win).
  const lessons = slugs.slice(0, 10);
  for (let round = 1; round <= 4; round++) {
    const at = Date.now() + 150;
    await Promise.all(
      [page, other].map((p, i) =>
        p.evaluate(
          ([slug, t]) =>
            new Promise((moved) =>
              setTimeout(() => {
                location.hash = `#/${slug}`;
                moved();
              }, t - Date.now()),
            ),
          [lessons[2 * round + i], at],
        ),
      ),
    );
    await Promise.all([waitForLesson(page), waitForLesson(other)]);
  }
  // What a tab opened now finds, once the tabs have heard of each other's writes.
  const fresh = await site.newPage();
  await fresh.goto(`${site.origin}/icons/icon-192.png`); // a page of the origin that runs nothing
  const stored = () => fresh.evaluate((k) => Object.keys(JSON.parse(localStorage.getItem(k)).visited).sort(), key);
  for (let i = 0; i < 20 && (await stored()).length < lessons.length; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(await stored(), [...lessons].sort());
  await fresh.close();
  assert.match(await other.locator('.progress-label').textContent(), new RegExp(`^${lessons.length} of`));

  // Reset in one tab is a Reset in the other (clicks wait for animation frames, which only the
  // tab in front gets).
  await page.bringToFront();
  await page.getByRole('button', { name: 'Reset progress' }).click();
  await page.getByRole('button', { name: 'Reset progress' }).click();
  await other.waitForFunction(() => /^0 of/.test(document.querySelector('.progress-label').textContent), null, {
    polling: 50, // a tab in the background gets no animation frames to poll on
  });
  assert.equal(await other.locator('.toc-list li.visited').count(), 0);
  assert.deepEqual([...page.problems(), ...other.problems()], []);
  await other.close();
  await page.evaluate(() => localStorage.clear());
});

test('stored progress that is malformed cannot blank the site; well-formed parts are kept', async () => {
  const key = 'attention-tutorial:progress:v1';
  for (const stored of [
    '{"visited":null}',
    '{"solved":null}',
    'not json',
    `{"visited":{"${slugs[1]}":true,"x<y":true},"solved":[]}`,
  ]) {
    await page.goto(`${site.origin}/`);
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, stored]);
    page.clearProblems();
    await site.open(page, `#/${slugs[0]}`);
    assert.ok((await page.locator('#lesson-title').textContent()).trim().length > 0, `${stored}: the lesson renders`);
    assert.equal(await page.locator('.toc-list a').count(), slugs.length, `${stored}: the table of contents renders`);
    assert.match(await page.locator('.progress-label').textContent(), /lessons visited/, stored);
    assert.deepEqual(page.problems(), [], `${stored}: no error`);
  }
  // The last one kept its valid lesson and this visit's.
  assert.match(await page.locator('.progress-label').textContent(), /^2 of/);
  await page.evaluate(() => localStorage.clear());
});

test('keyboard: the skip link jumps to the lesson without touching the route', async () => {
  await site.open(page, '#/softmax?softmax.t=2');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  assert.equal(new URL(page.url()).hash, '#/softmax?softmax.t=2');
});

test('an unknown lesson says so and keeps the table of contents', async () => {
  page.clearProblems();
  await page.goto(`${site.origin}/#/no-such-lesson`);
  await page.waitForSelector('#lesson-title');
  assert.equal(await page.locator('#lesson-title').textContent(), 'No such lesson');
  assert.equal(await page.locator('.toc-list a').count(), slugs.length);
  assert.deepEqual(page.problems(), []);
});

test('an exercise is checked by the engine and counted as solved', async () => {
  await site.open(page, '#/softmax');
  page.clearProblems();
  const exercise = page.locator('.exercise').first();
  const input = exercise.locator('input[type="text"]');
  const feedback = exercise.locator('.exercise-feedback');

  // Not a number: a message next to the input, nothing checked.
  await input.fill('abc');
  await exercise.locator('button[type="submit"]').click();
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.match(await exercise.locator('.field-message').textContent(), /must be a number/);

  // Every kind of bad input gets a message and never reaches the engine.
  const hostile = [
    '',
    Array.from({ length: 10000 }, () => 'word').join(' '),
    'NaN',
    'Infinity',
    '1e308',
    '<img src=x onerror=alert(1)>',
  ];
  for (const bad of hostile) {
    await input.fill(bad);
    await exercise.locator('button[type="submit"]').click();
    assert.equal(await input.getAttribute('aria-invalid'), 'true', JSON.stringify(bad.slice(0, 20)));
    assert.match(await exercise.locator('.field-message').textContent(), /\S/);
    assert.equal(await feedback.isVisible(), false, 'no verdict on bad input');
  }
  assert.equal(await page.locator('.lesson img').count(), 0);
  assert.deepEqual(page.problems(), []);

  // softmax([8, 2, 5])[0] = 0.9503 (checked by hand: 1 / (1 + e^-6 + e^-3)).
  await input.fill('0.5');
  await exercise.locator('button[type="submit"]').click();
  await assert.doesNotReject(feedback.filter({ hasText: 'too low' }).waitFor());

  await input.fill('0.95');
  await exercise.locator('button[type="submit"]').click();
  await feedback.filter({ hasText: 'Correct' }).waitFor();
  assert.equal(await exercise.locator('.exercise-badge').isVisible(), true);
  assert.equal(await exercise.locator('.exercise-explain').isVisible(), true);
  assert.match(await page.locator('.progress-label').textContent(), / 1 of \d+ exercises solved/);
  assert.match(await page.locator('.toc-list a[href="#/softmax"] .toc-solved').textContent(), /^1\/\d/);

  // Still solved after a reload.
  await site.open(page, '#/softmax');
  assert.equal(await page.locator('.exercise').first().locator('.exercise-badge').isVisible(), true);
});

test('a choice exercise accepts the argmax of the engine result', async () => {
  await site.open(page, '#/dot-product');
  const exercise = page.locator('.exercise', { has: page.locator('input[type="radio"]') }).first();
  // cat = (1, 2) against cat, sat, mat: 5, 5, 8, so "mat" (checked by hand).
  await exercise.getByLabel('sat').check();
  await exercise.locator('button[type="submit"]').click();
  await exercise.locator('.exercise-feedback', { hasText: 'Not this one' }).waitFor();
  await exercise.getByLabel('mat').check();
  await exercise.locator('button[type="submit"]').click();
  await exercise.locator('.exercise-feedback', { hasText: 'Correct' }).waitFor();
});

test('first load of the first lesson stays under 300 KB gzip (reports the size)', async () => {
  const fresh = await site.browser.newContext();
  const p = await fresh.newPage();
  const responses = recordResponses(p);
  await p.goto(`${site.origin}/`);
  await waitForLesson(p);
  await p.waitForFunction(() => document.documentElement.dataset.offline === 'ready');
  const counted = await firstLoadResponses(p, responses);
  await fresh.close();
  const total = counted.reduce((s, x) => s + x.gzip, 0);
  const rows = counted.map((x) => `${(x.gzip / 1024).toFixed(1).padStart(7)} KB  ${x.url.replace(site.origin, '')}`);
  console.log(`first load: ${counted.length} requests, ${(total / 1024).toFixed(1)} KB gzip\n${rows.join('\n')}`);
  assert.ok(total < 300 * 1024, `first load is ${(total / 1024).toFixed(1)} KB gzip`);
});

test('no KaTeX or marked code is shipped: lessons and formulas are rendered at build time', () => {
  const assets = path.join(distDir, 'assets');
  const js = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
  assert.ok(js.length > 0);
  for (const f of js) {
    const code = fs.readFileSync(path.join(assets, f), 'utf8');
    // Strings only the libraries' own code contains (error messages of their parsers).
    assert.doesNotMatch(
      code,
      /KaTeX parse error|marked\(\): input parameter|Please report this to https:\/\/github\.com\/markedjs/,
      f,
    );
  }
  const oldFonts = fs.readdirSync(assets).filter((f) => /\.(woff|ttf)$/.test(f));
  assert.deepEqual(oldFonts, [], 'only woff2 fonts');
});

test('once loaded, every lesson opens offline', async () => {
  const ctx = await site.browser.newContext();
  const p = await ctx.newPage();
  const problems = [];
  p.on('pageerror', (e) => problems.push(e.message));
  await p.goto(`${site.origin}/#/${slugs[0]}`);
  await waitForLesson(p);
  await p.waitForFunction(() => document.documentElement.dataset.offline === 'ready', null, { timeout: 20000 });
  await ctx.setOffline(true);
  for (const slug of slugs.slice(1)) {
    await p.evaluate((s) => {
      location.hash = `#/${s}`;
    }, slug);
    await waitForLesson(p);
    const errors = await p.locator('.widget-error').allTextContents();
    assert.ok(!errors.some((t) => /could not load/.test(t)), `${slug} offline: ${errors.join(' | ')}`);
  }
  assert.deepEqual(problems, []);
  await ctx.close();
});

// Every lesson at 360 px and at 390 px: lessons-phone.test.mjs.
test('on a 360px phone eight tokens of width 8 do not make the page scroll sideways', async () => {
  const phone = await site.newPage({ viewport: { width: 360, height: 740 } });
  await site.open(phone, '#/attention-step-by-step?attention-steps.X=1,2,3,4,5,6,7,8;1,2,3,4,5,6,7,8');
  await phone.locator('.widget-attention-steps').getByLabel('Width d (1–8)').fill('8');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `8 x 8 matrices: page is ${width}px wide`);
  await phone.close();
});

test('at 390 px the widest settings are not wider than the screen nor cut off without a visible scroll cue', async () => {
  const phone = await site.newPage({ viewport: { width: 390, height: 844 } });
  const found = [];
  // The widest settings: four heads in lesson 7, eight tokens of width 8 in lesson 5.
  await site.open(phone, '#/beyond-one-head?multi-head.h=4');
  await cuesSettled(phone);
  for (const line of await phone.evaluate(unseenOverflow)) found.push(`four heads: ${line}`);
  await site.open(phone, '#/attention-step-by-step');
  const steps = phone.locator('.widget-attention-steps');
  await steps.getByLabel('Tokens (1–8)').fill('8');
  await steps.getByLabel('Width d (1–8)').fill('8');
  await phone.waitForFunction(
    () =>
      document.querySelectorAll('.widget-attention-steps .matrix-block')[0]?.querySelectorAll('input').length === 64,
  );
  await cuesSettled(phone);
  for (const line of await phone.evaluate(unseenOverflow)) found.push(`8 x 8: ${line}`);
  assert.deepEqual(found, []);
  await phone.close();
});

test("every link in the page's footer resolves in the built site (the one-file tutorial included)", async () => {
  await site.open(page, '');
  const hrefs = await page.locator('.site-footer a[href]').evaluateAll((links) => links.map((a) => a.href));
  assert.ok(
    hrefs.some((h) => h.endsWith('/self-attention-live.html')),
    'the footer offers the one-file tutorial',
  );
  for (const href of hrefs) {
    const r = await fetch(href, { method: 'HEAD' });
    assert.equal(r.status, 200, href);
  }
});

test('the footer names the licences and links to their texts in the built site', async () => {
  await site.open(page, '');
  const footer = await page.locator('.site-footer').innerText();
  assert.match(footer, /Code under the MIT licence; lesson text and figures under CC BY 4\.0/);
  const text = await (await fetch(new URL('LICENSE.txt', `${site.origin}/`))).text();
  assert.match(text, /^MIT License$/m, 'LICENSE.txt carries the MIT licence');
  assert.match(text, /^Attribution 4\.0 International$/m, 'and CC BY 4.0');
});

test('the built site works from a sub-path of a static host', async () => {
  const host = fs.mkdtempSync(path.join(os.tmpdir(), 'attn-host-'));
  fs.mkdirSync(path.join(host, 'courses', 'ml'), { recursive: true });
  fs.symlinkSync(distDir, path.join(host, 'courses', 'ml', 'attention'), 'dir');
  const { server, origin } = await serveStatic(host);
  const ctx = await site.browser.newContext();
  const p = await ctx.newPage();
  const problems = [];
  p.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  p.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  p.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
  await p.goto(`${origin}/courses/ml/attention/#/softmax`);
  await waitForLesson(p);
  assert.deepEqual(await p.locator('.widget-softmax .bar-value').allTextContents(), ['0.950', '0.002', '0.047']);
  assert.deepEqual(problems, []);
  await ctx.close();
  await new Promise((r) => server.close(r));
  fs.rmSync(host, { recursive: true, force: true });
});
