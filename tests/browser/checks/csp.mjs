// Content-Security-Policy violations a lesson raises: reported by the page (the
// securitypolicyviolation event) and as console lines of the page, its workers and the service
// worker (all in the site's browser context).
import assert from 'node:assert/strict';
import { trainSteps } from '../training-run.mjs';

export const CSP_CONSOLE = /Content Security Policy|Refused to (evaluate|load|execute|apply|connect|create|compile)/i;

/**
 * Start listening on `context` and on `page` (before its first load); returns
 * lessonRaisesNone(slug), to call with each lesson loaded in turn.
 */
export async function watchCsp(context, page) {
  const violations = [];
  context.on('console', (m) => {
    if (CSP_CONSOLE.test(m.text())) violations.push(`console (${m.worker() ? 'worker' : 'page'}): ${m.text()}`);
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sample || ''}`),
    );
  });
  /**
   * The lesson's widgets mount and, with its idle-time work done (the other lessons' prefetch and
   * the service worker's registration), no violation has been seen; the training lesson first
   * trains a few steps, so its worker instantiates the engine + trainer build and calls into it.
   */
  async function lessonRaisesNone(slug) {
    assert.deepEqual(await page.locator('.widget-error').allTextContents(), [], `${slug}: every widget mounts`);
    if (slug === 'training') await trainSteps(page, 20);
    await page.waitForFunction(() => document.documentElement.dataset.sw !== undefined, null, { timeout: 30000 });
    for (const v of await page.evaluate(() => window.__csp.splice(0))) violations.push(`${slug}: ${v}`);
    assert.deepEqual(violations.splice(0), [], slug);
  }
  return { lessonRaisesNone };
}
