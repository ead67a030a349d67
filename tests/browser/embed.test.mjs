// Embedding a widget on another site: the Embed action gives an <iframe> snippet for the
// widget alone with its current state; docs/embed-example.html, served from a second origin,
// shows three such frames that mount, restore their state, work with the keyboard, grow to
// their content (by a height message only the right frame may send) and link back to the lesson.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSite, serveStatic, axeSerious, distDir, waitForLesson } from './helpers.mjs';
import { siteOptions } from './widget-harness.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The example page points at `npm start`'s preview address; here it points at the test's site.
const EXAMPLE_BASE = 'http://127.0.0.1:4173';

let site;
let host; // the course page's server: another port, so another origin
let hostDir;

before(async () => {
  site = await startSite(siteOptions());
  hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embed-host-'));
  const example = fs.readFileSync(path.join(repo, 'docs/embed-example.html'), 'utf8');
  assert.ok(example.includes(EXAMPLE_BASE));
  fs.writeFileSync(path.join(hostDir, 'index.html'), example.replaceAll(EXAMPLE_BASE, site.origin));
  host = await serveStatic(hostDir);
  assert.notEqual(new URL(host.origin).origin, new URL(site.origin).origin);
});
after(async () => {
  await site?.close();
  if (host) await new Promise((r) => host.server.close(r));
  if (hostDir) fs.rmSync(hostDir, { recursive: true, force: true });
});

/** A page that records script errors (the guarded site pages would flag the host's own origin). */
async function plainPage() {
  const page = await site.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.errors = errors;
  return page;
}

const frameReady = (frame) =>
  frame.waitForFunction(() => document.documentElement.dataset.ready !== undefined, null, { timeout: 20000 });

// The snippet is written on the disclosure's toggle event, a task after the click: wait for it
// (read at once, a loaded machine found the box still empty).
async function snippet(embed, includes = '') {
  const box = embed.locator('textarea').first();
  await box
    .page()
    .waitForFunction(([t, s]) => t.value !== '' && t.value.includes(s), [await box.elementHandle(), includes]);
  return box.inputValue();
}

test('the Embed action gives a snippet for this widget alone, with its current state', async () => {
  const page = await site.newPage();
  await site.open(page, '#/softmax?softmax.scores=8,2,5&softmax.t=10');
  const embed = page.locator('.embed-menu[data-embed-for="softmax"]');
  await embed.locator('summary').click();
  await snippet(embed);
  const code = await embed.getByLabel('Embed code: paste it into a web page').inputValue();
  const src = code.match(/<iframe id="([^"]+)" src="([^"]+)"/);
  assert.ok(src, code);
  const url = new URL(src[2].replaceAll('&amp;', '&'));
  assert.equal(url.origin, site.origin);
  assert.equal(url.pathname, '/embed.html');
  assert.equal(url.searchParams.get('w'), 'softmax');
  assert.equal(url.hash, '#/softmax?softmax.scores=8,2,5&softmax.t=10');
  assert.match(code, /title="[^"]*Softmax/);
  assert.match(code, new RegExp(`e\\.origin !== '${site.origin}'`));
  assert.match(code, /height="\d{3,}"/);
  assert.match(code, /allow="clipboard-write"/);
  // The snippet follows the learner's edits (the URL state).
  await embed.locator('summary').click();
  await page.locator('.widget-softmax').getByLabel('Scores', { exact: true }).fill('1, 2, 3');
  await page.waitForFunction(() => location.hash.includes('softmax.scores=1,2,3'));
  await embed.locator('summary').click();
  assert.match(await snippet(embed, 'softmax.scores=1,2,3'), /softmax\.scores=1,2,3/);
  assert.deepEqual(page.problems(), []);
  await page.close();
});

test('three widgets embedded in a page of another origin mount, restore their state and size to content', async () => {
  const page = await plainPage();
  await page.goto(`${host.origin}/index.html`);
  const frames = {
    'self-attention-softmax': 'softmax',
    'self-attention-dot': 'dot-product',
    'self-attention-steps': 'attention-steps',
  };
  for (const [id, key] of Object.entries(frames)) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    await page.frameLocator(`#${id}`).locator('html[data-ready]').waitFor({ timeout: 20000 });
    await page.frameLocator(`#${id}`).locator('.widget').first().waitFor();
    // Resized by the frame's height message to the frame's content, not the snippet's guess.
    const frame = page.frame({ url: (u) => u.searchParams.get('w') === key });
    await page.waitForFunction((id) => document.getElementById(id).style.height !== '', id, { timeout: 10000 });
    const contentHeight = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    await page.waitForFunction(
      ([id, h]) => Math.abs(document.getElementById(id).getBoundingClientRect().height - h) <= 1,
      [id, contentHeight],
      { timeout: 5000 },
    );
    assert.equal(await frame.locator('.widget-error').count(), 0, key);
  }
  const softmax = page.frameLocator('#self-attention-softmax');
  // The state in the snippet: scores 8, 2, 5 at temperature 10 -> softmax([0.8, 0.2, 0.5]).
  assert.deepEqual(await softmax.locator('.bar-value').allTextContents(), ['0.437', '0.240', '0.324']);
  // The temperature slider moves log10(T): T = 10 sits at 1, its readout says 10.
  assert.equal(await softmax.locator('input[type="range"]').inputValue(), '1');
  assert.equal(await softmax.locator('output.slider-value').textContent(), '10');
  // Only the figure: no site header, table of contents, exercises or prose.
  assert.equal(await softmax.locator('.site-header, #toc, .exercise, .embed-menu').count(), 0);
  assert.equal(await softmax.locator('.widget').count(), 1);
  // A link back to the full lesson, with the figure's state, in a new tab.
  const link = softmax.locator('.embed-source a');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('href'), `${site.origin}/index.html#/softmax?softmax.scores=8,2,5&softmax.t=10`);
  assert.match(await softmax.locator('.embed-source').textContent(), /\(CC BY 4\.0\)$/, 'the figure names its licence');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an embedded widget works with the keyboard, keeps its state in its own URL, and ignores forged height messages', async () => {
  const page = await plainPage();
  await page.goto(`${host.origin}/index.html`);
  const softmax = page.frameLocator('#self-attention-softmax');
  await softmax.locator('html[data-ready]').waitFor({ timeout: 20000 });
  // Typed with the keyboard into the frame's labelled field.
  const scores = softmax.getByLabel('Scores', { exact: true });
  await scores.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1, 2, 3');
  await softmax.locator('.bar-value').first().waitFor();
  const frame = page.frame({ url: (u) => u.searchParams.get('w') === 'softmax' });
  await frame.waitForFunction(() => location.hash.includes('softmax.scores=1,2,3'));
  assert.notDeepEqual(await softmax.locator('.bar-value').allTextContents(), ['0.437', '0.240', '0.324']);
  const link = await softmax.locator('.embed-source a').getAttribute('href');
  assert.match(link, /softmax\.scores=1,2,3/);
  // A reload of the frame restores the edited state from its URL.
  await Promise.all([frame.waitForNavigation(), frame.evaluate(() => setTimeout(() => location.reload(), 0))]);
  const again = page.frame({ url: (u) => u.searchParams.get('w') === 'softmax' });
  await frameReady(again);
  assert.equal(await softmax.getByLabel('Scores', { exact: true }).inputValue(), '1, 2, 3');

  // Messages of the right shape from anyone but that frame are ignored.
  const before = await page.locator('#self-attention-softmax').evaluate((f) => f.style.height);
  await page.evaluate(() => window.postMessage({ type: 'self-attention-embed:height', height: 4321 }, '*'));
  await again.evaluate(() => window.parent.postMessage({ type: 'self-attention-embed:height', height: 'tall' }, '*'));
  await again.evaluate(() => window.parent.postMessage({ type: 'other', height: 4321 }, '*'));
  await page.waitForTimeout(200);
  assert.equal(await page.locator('#self-attention-softmax').evaluate((f) => f.style.height), before);
  assert.notEqual(before, '4321px');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the embed page alone: a named title, no serious axe violation, a clear message for a wrong figure', async () => {
  const page = await site.newPage();
  await page.goto(`${site.origin}/embed.html?w=softmax#/softmax`);
  await frameReady(page.mainFrame());
  // The widget's own title, then the lesson's, then the site's.
  assert.match(
    await page.title(),
    /^Softmax, step by step · Softmax turns scores into weights · Self-attention, live$/,
  );
  assert.deepEqual(await axeSerious(page), []);
  await page.goto(`${site.origin}/embed.html?w=nope#/softmax`);
  await page.locator('.widget-error').waitFor();
  assert.match(
    await page.locator('.widget-error').textContent(),
    /no interactive figure "nope" \(it has: softmax, attention-entropy\)/,
  );
  await page.goto(`${site.origin}/embed.html?w=softmax#/no-such-lesson`);
  assert.match(await page.locator('.widget-error').textContent(), /names no figure of this site/);
  assert.deepEqual(page.problems(), []);
  await page.close();
});

test('from a site deployed under a sub-path, the snippet points there and the frame works on another origin', async () => {
  const siteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embed-sub-'));
  fs.mkdirSync(path.join(siteDir, 'courses', 'ml'), { recursive: true });
  fs.symlinkSync(siteOptions().dir ?? distDir, path.join(siteDir, 'courses', 'ml', 'attention'), 'dir');
  const deployed = await serveStatic(siteDir);
  const page = await plainPage();
  try {
    await page.goto(`${deployed.origin}/courses/ml/attention/#/softmax?softmax.t=10`);
    await waitForLesson(page);
    const embed = page.locator('.embed-menu[data-embed-for="softmax"]');
    await embed.locator('summary').click();
    const code = await snippet(embed);
    assert.match(
      code,
      new RegExp(`src="${deployed.origin}/courses/ml/attention/embed\\.html\\?w=softmax#/softmax\\?softmax\\.t=10"`),
    );
    // Pasted as it is into a page of the course server (another origin).
    fs.writeFileSync(
      path.join(hostDir, 'snippet.html'),
      `<!doctype html><title>Course</title><link rel="icon" href="data:," />\n${code}`,
    );
    await page.goto(`${host.origin}/snippet.html`);
    const frame = page.frameLocator('iframe');
    await frame.locator('html[data-ready]').waitFor({ timeout: 20000 });
    assert.deepEqual(await frame.locator('.bar-value').allTextContents(), ['0.437', '0.240', '0.324']);
    await page.waitForFunction(() => document.querySelector('iframe').style.height !== '');
    assert.equal(
      await frame.locator('.embed-source a').getAttribute('href'),
      `${deployed.origin}/courses/ml/attention/index.html#/softmax?softmax.t=10`,
    );
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
    await new Promise((r) => deployed.server.close(r));
    fs.rmSync(siteDir, { recursive: true, force: true });
  }
});
