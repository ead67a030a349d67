// The built page's Content-Security-Policy allows WebAssembly ('wasm-unsafe-eval') but no string
// evaluation ('unsafe-eval'): the engine is linked with -sDYNAMIC_EXECUTION=0, so embind creates
// its invokers without new Function. No lesson may then trip the policy, on the page, in the
// training widget's worker (which runs the engine + trainer build) or in the service worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startSite, lessonSlugs, distDir } from './helpers.mjs';

const DIR = process.env.SITE_DIR ?? distDir;
const CSP_CONSOLE = /Content Security Policy|Refused to (evaluate|load|execute|apply|connect|create|compile)/i;

let site;
before(async () => {
  site = await startSite({ dir: DIR });
});
after(async () => {
  await site?.close();
});

test("the built page's CSP allows WebAssembly but not eval", () => {
  const html = fs.readFileSync(path.join(DIR, 'index.html'), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  assert.ok(meta, 'index.html carries a CSP');
  const directives = Object.fromEntries(
    meta[1].split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  );
  assert.ok(directives['script-src'].includes("'wasm-unsafe-eval'"), meta[1]);
  assert.ok(!meta[1].includes("'unsafe-eval'"), meta[1]);
  assert.ok(!directives['script-src'].includes("'unsafe-inline'"), meta[1]);
});

test('no lesson raises a CSP violation, the training run in its worker included', async () => {
  const violations = [];
  // Console lines of the page, its workers and the service worker (all in this context).
  site.context.on('console', (m) => {
    if (CSP_CONSOLE.test(m.text())) violations.push(`console (${m.worker() ? 'worker' : 'page'}): ${m.text()}`);
  });
  const page = await site.newPage();
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sample || ''}`),
    );
  });
  const collect = async (slug) => {
    for (const v of await page.evaluate(() => window.__csp.splice(0))) violations.push(`${slug}: ${v}`);
  };

  for (const slug of lessonSlugs()) {
    await site.open(page, `#/${slug}`);
    assert.deepEqual(await page.locator('.widget-error').allTextContents(), [], `${slug}: every widget mounts`);
    if (slug === 'training') {
      // The worker builds its embind invokers when it instantiates the engine; training calls them.
      const widget = page.locator('.widget-training');
      await page.waitForSelector('.widget-training[data-ready="true"][data-step]', { timeout: 20000 });
      await widget.getByRole('button', { name: 'Train', exact: true }).click();
      await page.waitForFunction(() => Number(document.querySelector('.widget-training').dataset.step) >= 20, null, {
        timeout: 20000,
      });
      await widget.getByRole('button', { name: 'Pause', exact: true }).click();
    }
    // Idle-time work too: the other lessons' prefetch and the service worker's registration.
    await page.waitForFunction(() => document.documentElement.dataset.sw !== undefined, null, { timeout: 30000 });
    await collect(slug);
  }
  assert.deepEqual(violations, []);
  assert.deepEqual(page.problems(), []);
});
