// Dark mode in a real browser: the system's setting is followed until the learner picks one in
// the header; the pick survives a reload and a stored value this site never wrote is ignored;
// and in dark mode axe-core (its color-contrast rule is WCAG AA) finds nothing serious on the
// opened map (every lesson in dark: lessons-desktop.test.mjs). The store's logic and the
// stylesheet's two dark lists: tests/web/theme.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSite, axeSerious, waitForLesson, distDir } from './helpers.mjs';
import { looks as pageLooks, isDark, isLight } from './checks/theme.mjs';

let site;
let page;
const KEY = 'attention-tutorial:theme:v1';

before(async () => {
  site = await startSite();
  page = await site.newPage();
});
after(async () => {
  await site?.close();
});

const looks = (p = page) => pageLooks(p);

test('with nothing stored, the page follows the system: light, then dark', async () => {
  await page.emulateMedia({ colorScheme: 'light' });
  await site.open(page, '#/softmax');
  assert.ok(isLight(await looks()), JSON.stringify(await looks()));
  await page.emulateMedia({ colorScheme: 'dark' });
  const l = await looks();
  assert.ok(isDark(l), JSON.stringify(l));
  assert.equal(l.attr, null, 'no pick: the media query alone colours the page');
  assert.equal(await page.getByLabel('Colours').inputValue(), 'system');
  assert.deepEqual(page.problems(), []);
});

test('the header switch is labelled, works from the keyboard, and is remembered across reloads', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await site.open(page, '#/softmax');
  const sw = page.getByLabel('Colours');
  // Keyboard only: focus the select and pick "Light" with the arrow key (System -> Light).
  await sw.focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await sw.inputValue(), 'light');
  assert.ok(isLight(await looks()), 'a light pick wins over a dark system');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), 'light');

  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'softmax');
  assert.equal(await page.getByLabel('Colours').inputValue(), 'light', 'remembered');
  assert.ok(isLight(await looks()));

  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByLabel('Colours').selectOption('dark');
  assert.ok(isDark(await looks()), 'a dark pick wins over a light system');
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'softmax');
  assert.ok(isDark(await looks()), 'remembered');

  await page.getByLabel('Colours').selectOption('system');
  assert.ok(isLight(await looks()), 'System follows the (light) system again');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null, 'and forgets the pick');
  assert.deepEqual(page.problems(), []);
});

test('a stored value this site never wrote is ignored: the page follows the system', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await site.open(page, '#/softmax');
  for (const junk of ['purple', '"dark"', '', 'light; background: red']) {
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, junk]);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'softmax');
    const l = await looks();
    assert.ok(isDark(l) && l.attr === null, `${JSON.stringify(junk)}: ${JSON.stringify(l)}`);
    assert.equal(await page.getByLabel('Colours').inputValue(), 'system');
  }
  await page.evaluate((k) => localStorage.removeItem(k), KEY);
  assert.deepEqual(page.problems(), []);
});

// Every lesson in dark mode: lessons-desktop.test.mjs.
test('dark mode: axe-core (WCAG AA contrast included) finds no serious violation on the opened transformer map', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await site.open(page, '#/attention-step-by-step');
  await page.locator('summary.map-strip-summary').click();
  await page.locator('.map-svg').first().waitFor();
  // The rest of the lesson in dark is scanned by lessons-desktop.test.mjs: here, the open map.
  const violations = await axeSerious(page, { within: '.map-strip' });
  assert.deepEqual(violations, [], `map: ${JSON.stringify(violations, null, 1)}`);
  assert.deepEqual(page.problems(), []);
});

test('the one-file tutorial, opened from disk, follows dark mode and its switch too', async () => {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
  const single = await context.newPage();
  const errors = [];
  single.on('pageerror', (err) => errors.push(err.message));
  await single.goto(`${pathToFileURL(path.join(distDir, 'self-attention-live.html')).href}#/training`);
  await waitForLesson(single);
  assert.ok(isDark(await looks(single)), JSON.stringify(await looks(single)));
  assert.deepEqual(await axeSerious(single), []);
  await single.getByLabel('Colours').selectOption('light');
  assert.ok(isLight(await looks(single)));
  assert.deepEqual(errors, []);
  await context.close();
});

test("a training chart's canvas follows the theme: its axis text is drawn in the page's ink, and repaints on a switch", async () => {
  // uPlot draws on a canvas, which CSS cannot recolour: its axes read the palette at each draw.
  // Count the canvas pixels drawn in (nearly) the page's current text colour.
  const inkPixels = () =>
    page
      .locator('.curve-canvas canvas')
      .first()
      .evaluate((canvas) => {
        const ink = getComputedStyle(document.documentElement).getPropertyValue('--ink').trim();
        const want = ink.match(/[0-9a-f]{2}/gi).map((h) => parseInt(h, 16));
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] > 200 && want.every((c, k) => Math.abs(data[i + k] - c) < 24)) n++;
        }
        return { ink, n };
      });
  await page.emulateMedia({ colorScheme: 'dark' });
  await site.open(page, '#/training');
  const inDark = await inkPixels();
  assert.ok(inDark.n > 50, `axis text in the dark ink: ${JSON.stringify(inDark)}`);
  // A switch repaints at once, with no new data.
  await page.getByLabel('Colours').selectOption('light');
  const inLight = await inkPixels();
  assert.ok(inLight.ink !== inDark.ink && inLight.n > 50, `axis text in the light ink: ${JSON.stringify(inLight)}`);
  await page.getByLabel('Colours').selectOption('system');
  assert.deepEqual(page.problems(), []);
});

test("a box that scrolls sideways takes the new theme's colours on a switch (its edge covers are not left light)", async () => {
  const phone = await site.newPage({ viewport: { width: 390, height: 844 } });
  await phone.emulateMedia({ colorScheme: 'light' });
  await site.open(phone, '#/beyond-one-head');
  const box = phone.locator('.scrolls').first();
  await box.waitFor();
  const ground = () => box.evaluate((n) => getComputedStyle(n).backgroundColor);
  const light = await ground();
  await phone.getByLabel('Colours').selectOption('dark');
  const dark = await ground();
  assert.notEqual(dark, light);
  const lum = dark
    .match(/[\d.]+/g)
    .slice(0, 3)
    .map(Number);
  assert.ok(Math.max(...lum) < 60, `the box's ground is dark after the switch: ${dark}`);
  await phone.getByLabel('Colours').selectOption('system');
  assert.deepEqual(phone.problems(), []);
  await phone.close();
});
