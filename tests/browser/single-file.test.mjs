// The single-file build (npm run build:single, vite.single.config.js) opened the way a teacher
// opens it from a USB stick: file://, no server, the network off and every non-file request
// refused. Every lesson must render with the engine's numbers, and the training demo, whose
// worker starts from a blob: URL with inlined wasm bytes, must learn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { singleFilePolicy } from '../../web/csp.js';
import { axeSerious, launchBrowser, lessonSlugs, openCovers, showAllStages, waitForLesson } from './helpers.mjs';
import { trainSteps } from './training-run.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'single-file-'));
// Copied under a name with a space, as a file on a stick may well be.
const file = path.join(outDir, 'copy on a stick', 'self-attention-live.html');

let browser;
let context;
let page;
const problems = [];

before(async () => {
  // npm run build:web made it (tests/browser/fresh-dist.mjs rebuilds it when any source is newer).
  // Copied alone into an empty folder: a file it needed beside it would be missing, and the
  // lessons and the training below would fail.
  const built = path.join(repo, 'dist', 'self-attention-live.html');
  assert.ok(fs.existsSync(built), `${built} is missing: run "npm run build:web"`);
  fs.mkdirSync(path.dirname(file));
  fs.copyFileSync(built, file);

  ({ browser } = await launchBrowser());
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.setOffline(true);
  await context.route(
    (url) => url.protocol !== 'file:',
    (route) => {
      problems.push(`request off the file: ${route.request().url()}`);
      return route.abort();
    },
  );
  page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    if (!/^(file|data|blob):/.test(req.url())) problems.push(`request: ${req.url()}`);
    // One file and nothing else: no other file is read, even one beside it.
    else if (req.url().startsWith('file:') && fileURLToPath(req.url().split('#')[0]) !== file) {
      problems.push(`another file: ${req.url()}`);
    }
  });
});

after(async () => {
  await context?.close();
  await browser?.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

// Like site.open: the figures a predict block covers are opened ("Show me anyway"), so every
// widget's numbers are on screen.
const open = async (hash) => {
  await page.goto('about:blank');
  await page.goto(`${pathToFileURL(file).href}${hash}`);
  await waitForLesson(page);
  await openCovers(page);
  await showAllStages(page);
};

test('single file: no service worker and a CSP that names its script by hash, without unsafe-eval', async () => {
  const html = fs.readFileSync(file, 'utf8');
  assert.doesNotMatch(html, /serviceWorker\.register|workbox/, 'no service worker code');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  assert.ok(csp, 'a CSP meta tag');
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'(;|$)/);
  assert.doesNotMatch(csp, /'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
  assert.match(csp, /connect-src 'none'/);
  assert.match(html, /Code under the MIT licence; lesson text and figures under CC BY 4\.0/, 'the licences, named');
  // The site's footer offers the file with its size: the one just built, to 0.1 MB. The file's
  // own footer says what it is, with no link to its own name (a copy may be renamed).
  const site = fs.readFileSync(path.join(repo, 'dist', 'index.html'), 'utf8');
  const stated = /one file<\/a> \(opens from disk with no\s+network, (\d+\.\d) MB\)/.exec(site)?.[1];
  const size = (fs.statSync(file).size / 1e6).toFixed(1);
  assert.equal(stated, size, `the footer (web/index.html) says ${stated} MB; the file has ${size} MB`);
  assert.match(html, /This file is the whole tutorial \(opens from disk with no\s+network, \d+\.\d MB\)/);
  assert.doesNotMatch(html, /href="[^"]*self-attention-live\.html"/, 'no link to its own file name');
  const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
    .filter((m) => m[1].trim())
    .map((m) => createHash('sha256').update(m[1]).digest('base64'));
  assert.equal(csp, singleFilePolicy(hashes), "web/csp.js's single-file policy, naming the file's own script");
  assert.doesNotMatch(
    html,
    /<script[^>]*\bsrc=|<link[^>]*rel="stylesheet"/,
    'no script or stylesheet outside the file',
  );
});

// After the first lesson, the others are reached as a learner does, within the page (a fresh
// load of the 3.7 MB file per lesson checks nothing more, and costs seconds).
const visit = async (hash) => {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await waitForLesson(page);
  await openCovers(page);
  await showAllStages(page);
};

test('single file from file://, offline: every lesson renders with the engine numbers', async () => {
  for (const [i, slug] of lessonSlugs().entries()) {
    await (i === 0 ? open : visit)(`#/${slug}`);
    const widgets = page.locator('main .widget');
    assert.ok((await widgets.count()) > 0, `${slug}: its widgets`);
    assert.equal(await page.locator('.widget-error').count(), 0, `${slug}: no widget failed`);
    assert.match(await page.locator('main').innerText(), /\d\.\d{2}/, `${slug}: numbers on the page`);
    assert.ok((await page.locator('.katex').count()) > 0, `${slug}: formulas typeset`);
    // Embed gives an <iframe> of embed.html beside the page, which a file alone does not have.
    assert.equal(await page.locator('.embed-menu').count(), 0, `${slug}: no Embed action`);
  }
  // The concept check and the review, reached within the page like a lesson.
  await visit('#/check');
  assert.ok((await page.locator('.cc-question').count()) >= 14, 'the concept check from the file');
  await visit('#/review');
  assert.match(await page.locator('#lesson-title').textContent(), /^Review$/);
  // Lesson 3's weights, from the engine: softmax([8, 2, 5]) = [0.9503, 0.0024, 0.0473] (by hand).
  await open('#/softmax');
  assert.deepEqual(await page.locator('.widget-softmax .bar-value').allTextContents(), ['0.950', '0.002', '0.047']);
  // The KaTeX fonts are inside the file and load.
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family);
  });
  assert.ok(
    fonts.some((f) => /KaTeX/.test(f)),
    `KaTeX fonts loaded: ${fonts.join(', ')}`,
  );
  await licencesInTheFooter();
  assert.deepEqual(problems, []);
});

// The footer's licence links, followed in the file alone: the texts the site keeps in
// LICENSE.txt and THIRD-PARTY-NOTICES.txt are in the page, and no link leads to a file beside it.
async function licencesInTheFooter() {
  const footer = page.locator('footer');
  const follow = async (name) => {
    await footer.getByText(name, { exact: true }).click();
    const text = footer.locator(`pre[aria-label="${name}"]`);
    await text.waitFor({ state: 'visible', timeout: 5000 });
    return text.innerText();
  };
  const own = await follow('Licences');
  assert.match(own, /Permission is hereby granted, free of charge/, 'the code: MIT');
  assert.match(own, /Attribution 4\.0 International/, 'the lessons: CC BY 4.0');
  const notice = await follow('Third-party software and licences');
  // Every entry of the site's notice, but the service worker's Workbox (the single file has none).
  const siteNotice = fs.readFileSync(path.join(repo, 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
  const entries = [...siteNotice.matchAll(/^-{78}\n(.+)$/gm)].map((m) => m[1]);
  const expected = entries.filter((e) => !/^workbox-/.test(e));
  for (const name of ['katex', 'uplot', 'Emscripten', 'musl', 'LLVM', 'Eigen'])
    assert.ok(
      expected.some((e) => e.startsWith(name)),
      `${name} in the site's notice`,
    );
  for (const entry of expected) assert.ok(notice.includes(`\n${entry}\n`), `${entry} in the file's notice`);
  assert.match(notice, /Mozilla Public License Version 2\.0/);
  assert.match(notice, /Apache License\s+Version 2\.0/);
  assert.deepEqual(await axeSerious(page, { within: 'footer' }), [], 'the open licence texts, by axe');
  const elsewhere = await page.evaluate(() =>
    [...document.querySelectorAll('a[href]')]
      .map((a) => new URL(a.href))
      .filter((u) => u.protocol === 'file:' && u.pathname !== location.pathname)
      .map((u) => u.href),
  );
  assert.deepEqual(elsewhere, [], 'links to files beside the page');
}

test('single file from file://, offline: the training demo learns in its worker', async () => {
  await open('#/training');
  // The held-out loss, evaluated by the worker every few steps on sentences it never trains on.
  const heldoutLoss = async () =>
    Number(
      await page
        .locator('.widget-training')
        .first()
        .locator('table.trace tbody tr')
        .first()
        .locator('td')
        .nth(1)
        .textContent(),
    );
  await trainSteps(page, 10);
  const early = await heldoutLoss();
  await trainSteps(page, 150);
  const later = await heldoutLoss();
  const step = Number(await page.locator('.widget-training').first().getAttribute('data-step'));
  assert.ok(step >= 150, `trained to step ${step}`);
  assert.ok(Number.isFinite(early) && Number.isFinite(later), `held-out losses shown: ${early}, ${later}`);
  assert.ok(later < early, `the held-out loss falls: ${early} at step 10, ${later} at step ${step}`);
  assert.deepEqual(problems, []);
});
