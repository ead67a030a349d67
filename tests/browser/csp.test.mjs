// The built page's Content-Security-Policy (web/csp.js) allows WebAssembly ('wasm-unsafe-eval') but
// no string evaluation ('unsafe-eval'): the engine is linked with -sDYNAMIC_EXECUTION=0, so its glue
// never evaluates strings. No lesson may then trip the policy, on the page, in the training
// workers (which run the engine + trainer build) or in the service worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOST_HEADERS, PAGE_CSP, parsePolicy } from '../../web/csp.js';
import { startSite, lessonSlugs, distDir, serveStatic, waitForLesson } from './helpers.mjs';
import { CSP_CONSOLE } from './checks/csp.mjs';

const DIR = process.env.SITE_DIR ?? distDir;

let site;
before(async () => {
  site = await startSite({ dir: DIR });
});
after(async () => {
  await site?.close();
});

test("the built pages carry web/csp.js's policy, which allows WebAssembly but not eval", () => {
  for (const file of ['index.html', 'embed.html']) {
    const html = fs.readFileSync(path.join(DIR, file), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    assert.ok(meta, `${file} carries a CSP`);
    assert.equal(meta[1], PAGE_CSP, `${file}: the policy declared in web/csp.js`);
    const directives = parsePolicy(meta[1]);
    assert.ok(directives['script-src'].includes("'wasm-unsafe-eval'"), meta[1]);
    assert.ok(!meta[1].includes("'unsafe-eval'"), meta[1]);
    assert.ok(!directives['script-src'].includes("'unsafe-inline'"), meta[1]);
  }
});

// Every lesson raising no violation, the training run in its worker included: lessons-desktop.test.mjs.
test('with the headers recommended to hosts every lesson works, and no other site can frame it', async () => {
  const { server, origin } = await serveStatic(DIR);
  server.prependListener('request', (_req, res) => {
    for (const [name, value] of Object.entries(HOST_HEADERS)) res.setHeader(name, value);
  });
  // Another origin (another port, no CSP of its own) that tries to show the site in a frame.
  const framer = fs.mkdtempSync(path.join(os.tmpdir(), 'attn-framer-'));
  fs.writeFileSync(path.join(framer, 'index.html'), '<!doctype html><title>framer</title>');
  const { server: other, origin: otherOrigin } = await serveStatic(framer);
  const context = await site.browser.newContext();
  const violations = [];
  context.on('console', (m) => CSP_CONSOLE.test(m.text()) && violations.push(m.text()));
  const page = await context.newPage();
  page.on('pageerror', (e) => violations.push(e.message));
  try {
    // One load under the headers, then every lesson within the page: the policy holds for the
    // document, and each lesson's modules, styles and workers load under it as they are reached.
    await page.goto(`${origin}/#/${lessonSlugs()[0]}`);
    for (const slug of lessonSlugs()) {
      await page.evaluate((s) => {
        location.hash = `#/${s}`;
      }, slug);
      await waitForLesson(page);
      assert.deepEqual(await page.locator('.widget-error').allTextContents(), [], slug);
    }
    // An exercise's form is handled by the page, never submitted: form-action 'none' holds.
    await page.goto('about:blank');
    await page.goto(`${origin}/#/softmax`);
    await waitForLesson(page);
    const exercise = page.locator('.exercise').first();
    await exercise.locator('input[type="text"]').fill('0.95');
    await exercise.locator('button[type="submit"]').click();
    await exercise.locator('.exercise-feedback').waitFor();
    assert.deepEqual(violations, []);

    await page.goto(`${otherOrigin}/`);
    await page.evaluate((url) => {
      document.body.append(Object.assign(document.createElement('iframe'), { src: url }));
    }, `${origin}/#/softmax`);
    await page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 10000 });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(!frame.url().startsWith(origin), `the frame shows ${frame.url()}`);
  } finally {
    await context.close();
    for (const s of [server, other]) await new Promise((r) => s.close(r));
    fs.rmSync(framer, { recursive: true, force: true });
  }
});
