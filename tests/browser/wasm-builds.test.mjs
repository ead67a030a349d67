// Which engine binary the page fetches (wasm/js/simd.js, wasm/js/wasm-url.js): the SIMD build in a
// browser that runs WebAssembly SIMD, the plain build in one that does not (simulated by making
// WebAssembly.validate refuse the probe), one engine.wasm per page either way; the trainer's
// attention.wasm follows the same choice. The lesson works with both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCovers, startSite, waitForLesson } from './helpers.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sha = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const builds = {};
for (const kind of ['wasm', 'wasm-simd']) {
  for (const module of ['engine', 'attention']) {
    builds[sha(fs.readFileSync(path.join(repo, 'build', kind, `${module}.wasm`)))] = `${kind}/${module}`;
  }
}

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

// Opens the first lesson, edits its first widget, lets the idle-time prefetch (the trainer's
// wasm) happen, and returns which builds were fetched.
async function visit({ withoutSimd }) {
  const context = await site.browser.newContext();
  if (withoutSimd) {
    await context.addInitScript(() => {
      const validate = WebAssembly.validate;
      // The probe is the only module this small that the page validates.
      WebAssembly.validate = (bytes) => (bytes.byteLength < 64 ? false : validate(bytes));
    });
  }
  const page = await context.newPage();
  const fetched = [];
  page.on('response', async (res) => {
    if (!res.url().endsWith('.wasm')) return;
    fetched.push(builds[sha(await res.body())] ?? `unknown ${res.url()}`);
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.origin}/`);
  await waitForLesson(page);
  await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready', null, { timeout: 20000 });
  await openCovers(page); // lesson 1's figure waits under its predict block until a guess
  const widget = page.locator('.widget-context-shift');
  await widget.getByRole('button', { name: 'I love apple juice' }).click();
  assert.equal(await widget.locator('.bar-label').count(), 4, 'the widget answers with one bar per word');
  assert.deepEqual(await page.locator('.widget-error').allTextContents(), []);
  assert.deepEqual(errors, []);
  await context.close();
  return [...new Set(fetched)].sort();
}

test('a browser with WebAssembly SIMD fetches the SIMD builds, one engine.wasm', async () => {
  assert.deepEqual(await visit({ withoutSimd: false }), ['wasm-simd/attention', 'wasm-simd/engine']);
});

test('a browser without WebAssembly SIMD gets the plain builds, and the lesson works', async () => {
  assert.deepEqual(await visit({ withoutSimd: true }), ['wasm/attention', 'wasm/engine']);
});
