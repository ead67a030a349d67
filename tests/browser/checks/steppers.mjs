// A lesson's steppers (content/lessons' ```steps``` fences) as a learner meets them: the page's
// length with each at its first stage, and every stage reached from the keyboard, one at a time.
import assert from 'node:assert/strict';

export const pageHeight = (page) => page.evaluate(() => document.documentElement.scrollHeight);

/**
 * On a page opened with its steppers closed: each stepper starts at one stage, Next (Enter on it)
 * walks to the last, each stage shown alone and named in the status, Next stops there, and "Show
 * all stages" shows them all. Leaves every stepper showing all its stages; returns how many
 * steppers the lesson has.
 */
export async function walkSteppers(page, slug) {
  const count = await page.locator('.stepper').count();
  for (let i = 0; i < count; i++) {
    const stepper = page.locator('.stepper').nth(i);
    const stages = await stepper.locator(':scope > .stepper-step').count();
    assert.ok(stages >= 2, `${slug} stepper ${i + 1} has ${stages} stages`);
    const visible = () =>
      stepper.evaluate((s) =>
        [...s.querySelectorAll(':scope > .stepper-step')].map((step) => !step.hidden && step.offsetHeight > 0),
      );
    // Closed: one stage.
    assert.equal((await visible()).filter(Boolean).length, 1, `${slug} stepper ${i + 1} starts at one stage`);
    // Next, from the keyboard, walks to the last stage, each shown alone and named in the status.
    for (let k = 1; k < stages; k++) {
      await stepper.getByRole('button', { name: 'Next →' }).focus();
      await page.keyboard.press('Enter');
      const shown = await visible();
      assert.deepEqual(
        shown.map((v, j) => (v ? j : -1)).filter((j) => j >= 0),
        [k],
        `${slug} stepper ${i + 1}, after ${k} Next`,
      );
      assert.match(
        await stepper.locator('.stepper-status').textContent(),
        new RegExp(`^Stage ${k + 1} of ${stages}: `),
      );
    }
    assert.ok(await stepper.getByRole('button', { name: 'Next →' }).isDisabled(), 'Next stops at the last stage');
    const all = stepper.getByRole('button', { name: 'Show all stages' });
    await all.click();
    assert.deepEqual(await visible(), new Array(stages).fill(true), `${slug} stepper ${i + 1}: Show all`);
    assert.equal(
      await stepper.getByRole('button', { name: 'One stage at a time' }).getAttribute('aria-pressed'),
      'true',
    );
  }
  return count;
}
