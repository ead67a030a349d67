// A lesson as it opens: a title, every widget mounted, and nothing wrong on the page (no console
// or page error, no dialog, no request off the origin: page.problems() of helpers.mjs).
import assert from 'node:assert/strict';

export async function lessonLoads(page, slug) {
  const title = await page.locator('#lesson-title').textContent();
  assert.ok(title.trim().length > 0, `${slug}: a title`);
  const widgetErrors = await page.locator('.widget-error').allTextContents();
  assert.deepEqual(widgetErrors, [], `${slug}: every widget mounts`);
  assert.deepEqual(page.problems(), [], `${slug}: problems`);
}

/** Two animation frames: what a change of theme or size repaints from script has been done. */
export const frames = (page) =>
  page.evaluate(async () => {
    for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
  });
