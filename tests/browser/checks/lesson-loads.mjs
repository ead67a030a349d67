// A lesson as it opens: a title, every widget mounted, every text box bounded, and nothing wrong on
// the page (no console or page error, no dialog, no request off the origin: page.problems() of
// helpers.mjs).
import assert from 'node:assert/strict';

export async function lessonLoads(page, slug) {
  const title = await page.locator('#lesson-title').textContent();
  assert.ok(title.trim().length > 0, `${slug}: a title`);
  const widgetErrors = await page.locator('.widget-error').allTextContents();
  assert.deepEqual(widgetErrors, [], `${slug}: every widget mounts`);
  assert.deepEqual(await textBoxesWithoutMaxLength(page), [], `${slug}: every text box has a maxlength`);
  assert.deepEqual(page.problems(), [], `${slug}: problems`);
}

/**
 * The text boxes a learner can type or paste into that take text of any length (no maxlength),
 * each named by its label: every one must say how much it takes (the bound its parser or the
 * engine reads; a pasted novel once went whole into wasm memory). Found in the DOM, so a box a
 * widget makes in JS is held to it with no list to keep; read-only boxes (the embed code) take
 * no typing.
 */
export function textBoxesWithoutMaxLength(page) {
  return page.evaluate(() => {
    const typed = ['text', 'search', 'url', 'email', 'tel', 'password'];
    return [...document.querySelectorAll('input, textarea')]
      .filter((box) => (box.tagName === 'TEXTAREA' || typed.includes(box.type)) && !box.readOnly)
      .filter((box) => !(box.maxLength > 0))
      .map((box) => box.labels?.[0]?.textContent.trim() || box.getAttribute('aria-label') || box.className);
  });
}

/** Two animation frames: what a change of theme or size repaints from script has been done. */
export const frames = (page) =>
  page.evaluate(async () => {
    for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
  });
