// Shared helpers for the browser tests: a tiny static server for dist/, one headless Chromium,
// page guards (console errors, off-origin requests, dialogs) and an axe-core scan.
//
//   const site = await startSite();           // serves dist/ on 127.0.0.1 (free port)
//   const page = await site.newPage();        // guarded page; page.problems() lists failures
//   await site.open(page, '#/softmax');       // loads the page and waits for widgets to mount
//   await waitForLesson(page);                // after clicking a link to another lesson
//   await site.close();
import http from 'node:http';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const distDir = path.join(repo, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serve `dir` over HTTP on 127.0.0.1; resolves { server, origin }. */
export function serveStatic(dir = distDir, port = 0) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'content-length': data.length,
      });
      res.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

// playwright-core gives every launch a fresh temporary profile (its own --user-data-dir, so no
// state leaks between runs) and removes it on close.
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return { browser, close: () => browser.close() };
}

/**
 * Start the static server and the browser. site.newPage({ viewport }) returns a page whose
 * console errors, page errors, dialogs and off-origin requests are recorded in page.problems().
 */
export async function startSite({ dir = distDir, port = 0 } = {}) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run "npm run build" first`);
  }
  const { server, origin } = await serveStatic(dir, port);
  const { browser, close } = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });

  async function newPage({ viewport } = {}) {
    const page = await context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    const problems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('dialog', async (dialog) => {
      problems.push(`dialog opened: ${dialog.type()} ${dialog.message()}`);
      await dialog.dismiss();
    });
    page.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        problems.push(`request off the origin: ${url}`);
      }
    });
    page.problems = () => problems.slice();
    page.clearProblems = () => problems.splice(0);
    return page;
  }

  /**
   * Go to a hash route (a fresh load) and wait until every widget has mounted. A predict block
   * hides the figures that give its answer until the learner guesses; tests of those figures
   * open them with the block's own "Show me anyway" (covers: 'open', the default). Tests of the
   * predict blocks themselves pass covers: 'closed' to see the page as a learner first does.
   * Steppers show every stage (their own "Show all stages"), so every figure is on the page;
   * steppers: 'closed' leaves each at its first stage, as a learner first meets it.
   */
  async function open(page, hash = '', { covers = 'open', steppers = 'all' } = {}) {
    await page.goto('about:blank');
    await page.goto(`${origin}/${hash}`);
    await waitForLesson(page);
    if (steppers === 'all') await showAllStages(page);
    if (covers === 'open') await openCovers(page);
  }

  return {
    origin,
    browser,
    context,
    newPage,
    open,
    async close() {
      await context.close();
      await close();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * Wait until the lesson in the URL has rendered and all its widgets have mounted (main.js sets
 * <html data-ready="slug">). Works after a same-page hash navigation too.
 */
export async function waitForLesson(page, timeout = 20000) {
  await page.waitForFunction(
    () => {
      const slug = decodeURIComponent(location.hash.replace(/^#\/?/, '').split('?')[0]);
      const ready = document.documentElement.dataset.ready;
      return ready !== undefined && (slug === '' || ready === slug);
    },
    null,
    { timeout },
  );
}

/** Press every stepper's "Show all stages", leaving focus and scroll where the page put them. */
export async function showAllStages(page) {
  await page.evaluate(async () => {
    const y = window.scrollY;
    const buttons = document.querySelectorAll('.stepper-nav button[aria-pressed="false"]');
    for (const button of buttons) button.click();
    window.scrollTo(0, y);
    // What sizes itself on the resize a shown stage sends does so in the next frames: let it.
    if (buttons.length) for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
  });
}

/** Press every predict block's "Show me anyway", so the figures it covers are on screen. */
export async function openCovers(page) {
  // As if the test had done it by hand, but leaving focus and scroll where the page put them.
  await page.evaluate(() => {
    const [focused, y] = [document.activeElement, window.scrollY];
    for (const button of document.querySelectorAll('.predict-closed:not([hidden]) button')) button.click();
    if (focused && focused !== document.body) focused.focus({ preventScroll: true });
    else {
      // Back to no focus, and Tab starting from the top again, as after a fresh load.
      document.body.tabIndex = -1;
      document.body.focus({ preventScroll: true });
      document.body.blur();
      document.body.removeAttribute('tabindex');
    }
    window.scrollTo(0, y);
  });
}

let axeSource;
/** Put axe-core in the page, once per document (a second copy would only replace the first). */
async function injectAxe(page) {
  if (await page.evaluate(() => typeof window.axe?.run === 'function')) return;
  axeSource ??= fs.readFileSync(path.join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');
  // Evaluated through the debugger protocol, so the page's CSP (no inline scripts) still holds.
  await page.evaluate(axeSource);
}

/**
 * Run axe-core on the page; returns violations with impact serious or critical. `rules`: run only
 * these rule ids (axe's runOnly), e.g. themeRules(page) on a page already scanned in full.
 * `within`: scan only what matches this selector (and its descendants), e.g. the part of a page
 * that differs from a state of it already scanned in full.
 */
export async function axeSerious(page, { rules, within } = {}) {
  await injectAxe(page);
  if (within) assert.ok((await page.locator(within).count()) > 0, `axe: nothing on the page matches ${within}`);
  const result = await page.evaluate(
    async ([only, scope]) => {
      const options = { resultTypes: ['violations'] };
      if (only) options.runOnly = { type: 'rule', values: only };
      // eslint-disable-next-line no-undef
      const r = await axe.run(scope ?? document, options);
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }));
    },
    [rules ?? null, within ?? null],
  );
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * The axe rules a colour theme can change the outcome of: those axe files under "cat.color" that
 * a default run uses (colour contrast, links told apart from text by colour; the AAA contrast rule
 * is off by default and stays off). The dark theme changes colours only (base.css sets custom
 * properties under prefers-color-scheme and data-theme), so on a page scanned in full in light,
 * these are the rules to run again in dark.
 */
export async function themeRules(page) {
  await injectAxe(page);
  return page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe
      .getRules(['cat.color'])
      // eslint-disable-next-line no-undef
      .filter((r) => axe._audit.rules.find((rule) => rule.id === r.ruleId)?.enabled !== false)
      .map((r) => r.ruleId),
  );
}

/** The lesson slugs, in order, read from content/lessons. */
export function lessonSlugs() {
  return fs
    .readdirSync(path.join(repo, 'content/lessons'))
    .filter((f) => /^\d\d-[a-z0-9-]+\.md$/.test(f))
    .sort()
    .map((f) => f.replace(/^\d\d-/, '').replace(/\.md$/, ''));
}

/**
 * Record every response `page` receives as { url, type, raw, gzip } (gzip at zlib level 6, what
 * static hosts commonly send). The array fills as responses arrive.
 */
export function recordResponses(page) {
  const responses = [];
  page.on('response', async (res) => {
    try {
      const body = await res.body();
      responses.push({
        url: res.url(),
        type: res.headers()['content-type'] ?? '',
        raw: body.length,
        gzip: zlib.gzipSync(body, { level: 6 }).length,
      });
    } catch {
      /* redirects and aborted requests have no body */
    }
  });
  return responses;
}

/**
 * The responses that make up the first load: everything requested before the site's idle-time
 * prefetch of the other lessons began (main.js marks that moment in data-warm-start), once per
 * URL (a later second fetch of the same file, e.g. the trainer's copy of the wasm, is not part
 * of the first load). Waits for that mark.
 */
export async function firstLoadResponses(page, responses) {
  await page.waitForFunction(() => document.documentElement.dataset.warmStart !== undefined, null, {
    timeout: 30000,
  });
  const urls = await page.evaluate(() => {
    const warm = Number(document.documentElement.dataset.warmStart);
    return [
      `${location.origin}/`,
      ...performance
        .getEntriesByType('resource')
        .filter((e) => e.startTime < warm)
        .map((e) => e.name),
    ];
  });
  return [...new Map(responses.filter((r) => urls.includes(r.url)).map((r) => [r.url, r])).values()];
}
