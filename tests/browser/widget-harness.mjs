// The one harness for widget tests (tests/browser/<widget>.test.mjs; every widget has one, checked
// by tests/web/widget-kit.test.mjs): a site per test file, matrix cells as text, hostile input that
// must be rejected with a message, URL state and deep links.
// DIST_DIR=/some/dist serves another build (default: dist/).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from './helpers.mjs';

/** startSite()'s options: DIST_DIR=/some/dist tests another build. */
export const siteOptions = () => (process.env.DIST_DIR ? { dir: process.env.DIST_DIR } : {});

export const TEN_THOUSAND_WORDS = Array.from({ length: 10000 }, (_, i) => `word${i}`).join(' ');
export const HOSTILE = ['', TEN_THOUSAND_WORDS, 'NaN', 'Infinity', '1e308', 'abc', '<img src=x onerror=alert(1)>'];

/**
 * A pasted novel (TEN_THOUSAND_WORDS) into a text box keeps only its first `maxLength`
 * characters: the box's maxlength, the bound the engine (or the widget's parser) reads.
 */
export async function keepsMaxLength(input, maxLength) {
  assert.equal(await input.getAttribute('maxlength'), String(maxLength), 'maxlength');
  await input.fill(TEN_THOUSAND_WORDS);
  assert.equal(await input.inputValue(), TEN_THOUSAND_WORDS.slice(0, maxLength), 'the box keeps its maxlength');
}

export async function openSite() {
  const site = await startSite(siteOptions());
  const page = await site.newPage();
  return { site, page };
}

/**
 * Register before/after hooks that open `hash` in a fresh site; returns { site, page, w } (filled
 * in by the time the tests run), w = the widget's root. Without `hash`, only the site and a page.
 */
export function useWidget(hash, widgetClass) {
  const ctx = {};
  before(async () => {
    Object.assign(ctx, await openSite());
    if (hash) await ctx.site.open(ctx.page, hash);
    if (widgetClass) ctx.w = ctx.page.locator(widgetClass);
  });
  after(() => ctx.site?.close());
  return ctx;
}

/** The text of row `row` of the matrix view named `name` inside `widget`. */
export function cells(widget, name, row) {
  return widget.locator(`[data-matrix="${name}"] tbody tr`).nth(row).locator('td').allTextContents();
}

/** Every number the widget shows as text. */
export async function shownText(widget) {
  return (
    await widget
      .locator('.matrix-view td, .trace td, .bar-value, .readout, .compare-list, .heat-readout')
      .allTextContents()
  ).join(' ');
}

/** The text of the messages an input points at through aria-describedby. */
export async function messageOf(page, input) {
  const ids = ((await input.getAttribute('aria-describedby')) || '').split(/\s+/).filter(Boolean);
  return (await Promise.all(ids.map((id) => page.locator(`#${id}`).textContent()))).join(' ');
}

/**
 * Type each hostile value (plus `extra`) into `input`: a message appears next to it, the input is
 * marked invalid, nothing on screen is NaN, no dialog and no injected <img>; then `good` recovers.
 */
export async function rejectsBadInput(page, widget, input, good, label, extra = []) {
  for (const bad of [...HOSTILE, ...extra]) {
    await input.fill(bad);
    const what = `${label} <- ${JSON.stringify(bad.slice(0, 30))}`;
    assert.match(await messageOf(page, input), /\S/, `${what}: a message next to the input`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${what}: aria-invalid`);
    assert.doesNotMatch(await shownText(widget), /NaN|Infinity|undefined/, `${what}: nothing broken on screen`);
  }
  assert.equal(await page.locator('.lesson img, .widget img').count(), 0, `${label}: no markup injected`);
  await input.fill(good);
  assert.equal(await input.getAttribute('aria-invalid'), null, `${label}: valid again`);
  assert.deepEqual(page.problems(), [], `${label}: no console error or dialog`);
}

/** Wait until the URL (decoded) contains `substring`; returns the URL. */
export async function hashSettled(page, substring, { timeout } = {}) {
  // Settled: no URL write is due (main.js marks <html data-url-pending> until it writes), and the
  // substring is there as a whole value: "n=10" must not be found in a stale "n=100".
  await page.waitForFunction(
    (s) => {
      if (document.documentElement.dataset.urlPending !== undefined) return false;
      const hash = decodeURIComponent(location.hash.replace(/\+/g, ' '));
      for (let at = hash.indexOf(s); at >= 0; at = hash.indexOf(s, at + 1)) {
        if (!/^[\w.]/.test(hash.slice(at + s.length))) return true;
      }
      return false;
    },
    substring,
    { timeout },
  );
  return page.url();
}

/** Open `url` in a fresh page of the same site and return [page, widget]. */
export async function openDeepLink(site, url, widgetClass) {
  const page = await site.newPage();
  await page.goto(url);
  await page.waitForFunction(
    () => document.documentElement.dataset.ready !== undefined && document.documentElement.dataset.ready !== '',
  );
  const widget = page.locator(widgetClass);
  await widget.locator('.matrix-view, canvas, .readout').first().waitFor({ state: 'attached' });
  return [page, widget];
}
