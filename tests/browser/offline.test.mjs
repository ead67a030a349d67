// Offline after one visit, through the service worker (web/src/offline/): with the network off,
// a reload of every lesson, a new tab and a training run (its worker gets attention.wasm from the
// precache) all work, also after the cache was cleared under the worker; only the site's own
// pages come from the precache (not self-attention-live.html, not unknown paths); the worker is
// registered only after the first lesson is interactive; a new build replaces the old one without
// a page ever mixing the two, and without reloading a tab that trained a model; Chromium finds the
// site installable. The site is served from a sub-path, as a static host would (the worker's
// scope and URLs are relative).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { axeSerious, distDir, launchBrowser, lessonSlugs, serveStatic, waitForLesson } from './helpers.mjs';
import { trainSteps } from './training-run.mjs';
import { PAGES } from '../../web/src/router/pages.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SUB_PATH = '/courses/ml/attention/';
const slugs = lessonSlugs();
const DIR = process.env.SITE_DIR ?? distDir;

let browser;
let closeBrowser;
const cleanups = [];

before(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  await closeBrowser?.();
});

/** Serve a copy of `dir` at SUB_PATH; returns { url, replaceWith(dir), requests }. */
async function host(dir) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'attn-offline-'));
  const site = path.join(root, ...SUB_PATH.split('/').filter(Boolean));
  const copy = (from) => {
    fs.rmSync(site, { recursive: true, force: true });
    fs.cpSync(from, site, { recursive: true });
  };
  copy(dir);
  const { server, origin } = await serveStatic(root);
  const requests = [];
  server.on('request', (req) => requests.push({ url: req.url, at: Date.now() }));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    fs.rmSync(root, { recursive: true, force: true });
  });
  return { url: origin + SUB_PATH, replaceWith: copy, requests };
}

/** A page that records page errors, console errors and failed requests in page.problems. */
async function guardedPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && page.problems.push(`console error: ${m.text()}`));
  page.on('requestfailed', (r) => page.problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  return page;
}

/**
 * Load `url` afresh (not a same-document hash change), wait for its lesson's widgets and for the
 * page to finish its idle-time work (prefetch of the other lessons, then the worker's
 * registration), so that leaving it aborts nothing.
 */
async function load(page, url) {
  await page.goto('about:blank');
  await page.goto(url);
  await waitForLesson(page);
  await page.waitForFunction(() => document.documentElement.dataset.sw !== undefined, null, { timeout: 30000 });
  assert.deepEqual(await page.locator('.widget-error').allTextContents(), [], `${url}: every widget mounts`);
}

/** First visit: open the first lesson and wait until the service worker holds the site. */
async function visitOnce(context, url) {
  const page = await guardedPage(context);
  await load(page, url);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.sw), 'active');
  return page;
}

test('with the network off, every lesson reloads and a new tab opens after one visit', async () => {
  const site = await host(DIR);
  const context = await browser.newContext();
  const page = await visitOnce(context, site.url);

  // Only the site's own pages come from the precache: self-attention-live.html (built after the
  // precache list, and not in it) opens as itself, not as the lesson page under its name, and a
  // path the site does not serve gets the server's 404.
  const probe = await context.newPage();
  const deep = await probe.goto(`${site.url}lessons/softmax`);
  assert.equal(deep.status(), 404, 'a path the site does not serve is not answered with the lesson page');
  const single = fs.statSync(path.join(DIR, 'self-attention-live.html')).size;
  const opened = await probe.goto(`${site.url}self-attention-live.html`, {
    waitUntil: 'commit',
  });
  assert.equal(Number(await opened.headerValue('content-length')), single, 'self-attention-live.html is itself');
  assert.equal(opened.fromServiceWorker(), false);
  await probe.close();

  await context.setOffline(true);
  const sentOnline = site.requests.length;
  // Every lesson, and the pages that are not lessons (the concept check, the review).
  for (const slug of [...slugs, ...Object.keys(PAGES)]) {
    await load(page, `${site.url}#/${slug}`);
    assert.ok((await page.locator('#lesson-title').textContent()).trim(), `${slug}: a title offline`);
  }
  assert.equal(await page.locator('.review-intro').count(), 1, 'the review page offline');
  // The bare directory URL too (what a bookmark of the site holds).
  await load(page, site.url);

  const tab = await guardedPage(context);
  await load(tab, `${site.url}#/${slugs.at(-2)}`);
  // An embedded figure (embed.html, a page of its own) opens offline as itself, not as the
  // lesson page that other navigations get.
  const frame = await guardedPage(context);
  await frame.goto(`${site.url}embed.html?w=softmax#/softmax?softmax.t=2`);
  await frame.waitForFunction(() => document.documentElement.dataset.ready === 'softmax', null, { timeout: 30000 });
  assert.equal(await frame.locator('html.embed-page').count(), 1, 'the embed page, not the lesson page');
  assert.equal(await frame.locator('.widget-title').count(), 1, 'the figure mounts offline');
  // Only the browser's own update check of sw.js may get out (Playwright's offline mode covers
  // pages and workers, not that fetch); it fails harmlessly on a real offline machine.
  assert.deepEqual(
    site.requests
      .slice(sentOnline)
      .map((r) => r.url)
      .filter((url) => !url.endsWith('/sw.js')),
    [],
    'no page or worker request reached the server while offline',
  );
  assert.deepEqual([...page.problems, ...tab.problems, ...frame.problems], []);
  await context.close();
});

test('with the network off, a reloaded training lesson trains (its worker gets attention.wasm), even after the cache was cleared', async () => {
  const site = await host(DIR);
  const context = await browser.newContext();
  const first = await visitOnce(context, site.url);
  // Cache Storage emptied under the registered worker (the learner clearing cached files, or the
  // browser evicting them): the next load finds the offline copy gone and downloads it again
  // before it says it is ready, or offline would be gone until the next deployment.
  await first.evaluate(async () => {
    for (const name of await caches.keys()) await caches.delete(name);
  });
  await load(first, site.url);
  assert.equal(await first.evaluate(() => document.documentElement.dataset.sw), 'active');
  await context.setOffline(true);

  const page = await guardedPage(context);
  const wasm = [];
  page.on('response', (r) => r.url().endsWith('.wasm') && wasm.push(r.fromServiceWorker()));
  await load(page, `${site.url}#/training`);
  await trainSteps(page, 20);
  assert.ok(wasm.length >= 2 && wasm.every(Boolean), 'engine.wasm and attention.wasm came from the service worker');
  assert.deepEqual([...first.problems, ...page.problems], []);
  await context.close();
});

test('the service worker is registered only after the first lesson is interactive', async () => {
  const site = await host(DIR);
  const context = await browser.newContext();
  const page = await guardedPage(context);
  await page.addInitScript(() => {
    // When the lesson's widgets had mounted, in the server's clock (Date.now).
    new MutationObserver(() => {
      if (document.documentElement.dataset.ready !== undefined) window.__readyAt ??= Date.now();
      // Observed from the document: the init script runs before <html> exists.
    }).observe(document, {
      attributes: true,
      subtree: true,
      attributeFilter: ['data-ready'],
    });
  });
  await load(page, site.url);
  const readyAt = await page.evaluate(() => window.__readyAt);
  const sw = site.requests.find((r) => r.url.endsWith('/sw.js'));
  assert.ok(sw, 'sw.js was requested');
  assert.ok(sw.at >= readyAt, `sw.js requested ${readyAt - sw.at} ms before the lesson was ready`);
  await context.close();
});

// A second build of the site that differs from dist/ in every lesson: its titles start with
// "[B] ", so a page that shows any lesson of the other build is caught.
async function buildVariant() {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attn-build-b-'));
  cleanups.push(() => fs.rmSync(outDir, { recursive: true, force: true }));
  await build({
    configFile: path.join(repo, 'vite.config.js'),
    root: path.join(repo, 'web'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
    plugins: [
      {
        name: 'mark-build-b',
        transform(code, id) {
          if (!id.startsWith('\0virtual:lesson')) return null;
          return {
            code: code.replaceAll('"title":"', '"title":"[B] '),
            map: null,
          };
        },
      },
    ],
  });
  return outDir;
}

/** Every script, stylesheet and wasm file this page has loaded since it was (re)loaded. */
const loadedFiles = (page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((p) => /\.(js|css|wasm)$/.test(p)),
  );

test('a new build takes over every open tab at once but one that trained a model, with no page mixing the two builds', async () => {
  const buildB = await buildVariant();
  const filesOf = (dir) => new Set(fs.readdirSync(path.join(dir, 'assets')));
  const onlyA = [...filesOf(DIR)].filter((f) => !filesOf(buildB).has(f));
  assert.ok(
    onlyA.some((f) => /\.js$/.test(f)),
    'the two builds differ in their chunks',
  );

  const site = await host(DIR);
  const context = await browser.newContext();
  const first = await visitOnce(context, `${site.url}#/${slugs[0]}`);
  const second = await guardedPage(context);
  await load(second, `${site.url}#/${slugs[2]}`);
  const title = (page) => page.locator('#lesson-title').textContent();
  assert.doesNotMatch(await title(second), /^\[B\]/);
  // A third tab has trained a model, which a reload would lose (it lives in the page only).
  const trainer = await guardedPage(context);
  await load(trainer, `${site.url}#/training`);
  await trainSteps(trainer, 20);
  const widget = trainer.locator('.widget-training').first();
  const stepOf = async () => Number(await widget.getAttribute('data-step'));
  await widget.getByText(/^Paused at step/).waitFor(); // the worker's last step has arrived
  const trained = await stepOf();
  await trainer.evaluate(() => (window.sameDocument = true));

  // Deploy B. A reload still shows A (the installed worker serves it), and the browser finds B,
  // which installs beside A and waits: the tab says a new version is ready.
  site.replaceWith(buildB);
  await first.goto('about:blank');
  await first.goto(`${site.url}#/${slugs[0]}`);
  await waitForLesson(first);
  assert.doesNotMatch(await title(first), /^\[B\]/, 'A until the learner moves on');
  await first.waitForFunction(() => document.documentElement.dataset.sw === 'waiting', null, { timeout: 30000 });
  assert.match(await first.locator('.update-notice[role="status"]').textContent(), /new version/);
  assert.deepEqual(await axeSerious(first), [], 'the notice and its button are accessible');

  // Moving to another lesson applies the update: both tabs reload onto B.
  // B takes over once A, the worker it replaces, has stopped. A browser stops a worker once it is
  // idle, but not while DevTools is attached to it, as Playwright is, so an idle A can keep B
  // waiting here (for up to Chromium's five-minute limit); stopping A does what the browser would.
  const cdp = await context.newCDPSession(first);
  const active = new Set();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) if (v.status === 'activated' && v.runningStatus === 'running') active.add(v.versionId);
  });
  await cdp.send('ServiceWorker.enable');
  const reloaded = Promise.all([first, second].map((p) => p.waitForEvent('load', { timeout: 30000 })));
  await first.locator(`.toc-list a[href="#/${slugs[1]}"]`).click();
  const stall = setTimeout(() => {
    for (const versionId of active) cdp.send('ServiceWorker.stopWorker', { versionId }).catch(() => {});
  }, 1000);
  await reloaded.finally(() => clearTimeout(stall));
  for (const [page, slug] of [
    [first, slugs[1]],
    [second, slugs[2]],
  ]) {
    await waitForLesson(page);
    // Once the idle-time prefetch is done, the page has loaded every chunk it will ever need.
    await page.waitForFunction(() => document.documentElement.dataset.sw !== undefined, null, { timeout: 30000 });
    assert.match(await title(page), /^\[B\] /, `${slug} is B's`);
    assert.equal(new URL(page.url()).hash, `#/${slug}`, 'the learner stays on their lesson');
    assert.equal(await page.locator('.update-notice').count(), 0);
    const stale = (await loadedFiles(page)).filter((p) => onlyA.includes(path.basename(p)));
    assert.deepEqual(stale, [], `${slug}: no file of build A`);
  }

  // The tab that trained did not reload: its run is where it was and goes on; it says a new
  // version is ready, and reloads onto B when the learner asks.
  await trainer.waitForFunction(() => document.documentElement.dataset.sw === 'held', null, { timeout: 30000 });
  assert.equal(await trainer.evaluate(() => window.sameDocument), true, 'the training tab was not reloaded');
  assert.equal(await stepOf(), trained, 'its run is kept');
  assert.match(
    await trainer.locator('.update-notice[role="status"]').textContent(),
    /reload when your training is done/,
  );
  await trainSteps(trainer, trained + 5);
  await Promise.all([
    trainer.waitForEvent('load', { timeout: 30000 }),
    trainer.locator('.update-notice').getByRole('button', { name: 'Reload now' }).click(),
  ]);
  await waitForLesson(trainer);
  await trainer.waitForFunction(() => document.documentElement.dataset.sw !== undefined, null, { timeout: 30000 });
  assert.match(await title(trainer), /^\[B\] /, 'reloaded onto B');
  assert.deepEqual(
    (await loadedFiles(trainer)).filter((p) => onlyA.includes(path.basename(p))),
    [],
    'training, reloaded: no file of build A',
  );

  // A's files are gone from the precache, and B works offline.
  const cached = await first.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
  assert.deepEqual(
    cached.filter((p) => onlyA.includes(path.basename(p))),
    [],
    'no file of build A left in the cache',
  );
  await context.setOffline(true);
  // Reloaded offline on B, then every lesson within the page: each lesson's files from B's cache.
  await load(first, `${site.url}#/${slugs[0]}`);
  for (const slug of slugs) {
    await first.evaluate((s) => {
      location.hash = `#/${s}`;
    }, slug);
    await waitForLesson(first);
    assert.deepEqual(
      await first.locator('.widget-error').allTextContents(),
      [],
      `${slug} offline: every widget mounts`,
    );
    assert.match(await title(first), /^\[B\] /, `${slug} offline is B's`);
  }
  assert.deepEqual([...first.problems, ...second.problems, ...trainer.problems], []);
  await context.close();
});

test('the site can be installed: Chromium finds no installability error in its manifest', async () => {
  const site = await host(DIR);
  const context = await browser.newContext();
  const page = await visitOnce(context, site.url);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito, which is no property of the site.
  assert.deepEqual(
    installabilityErrors.filter((e) => e.errorId !== 'in-incognito'),
    [],
  );
  const manifest = await cdp.send('Page.getAppManifest');
  assert.equal(manifest.url, `${site.url}manifest.webmanifest`, 'linked relative to the page, under the sub-path');
  const { start_url: start, scope } = JSON.parse(manifest.data);
  assert.equal(new URL(start, manifest.url).href, site.url);
  assert.equal(new URL(scope, manifest.url).href, site.url);
  await context.close();
});
