// A lesson on a phone (390 px wide) is at most about 12,000 px long as a learner first meets it:
// long derivations and walls of matrices are steppers (content/lessons' ```steps``` fences) that
// show one stage at a time. Measured with every predict cover open, the longest the page gets
// without the learner asking for more. "Show all stages" then shows every stage of every stepper,
// and a stepper works from the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, lessonSlugs, axeSerious } from './helpers.mjs';

const PHONE = { width: 390, height: 844 };
const LIMIT = 12000;

let site;
let phone;
before(async () => {
  site = await startSite();
  phone = await site.newPage({ viewport: PHONE });
});
after(async () => {
  await site?.close();
});

const pageHeight = (page) => page.evaluate(() => document.documentElement.scrollHeight);

test(`every lesson is at most ${LIMIT} px long at 390 px, steppers at their first stage`, async () => {
  const heights = {};
  for (const slug of lessonSlugs()) {
    await site.open(phone, `#/${slug}`, { steppers: 'closed' });
    await phone.waitForTimeout(150); // widgets sized on resize settle in the next frames
    heights[slug] = await pageHeight(phone);
  }
  console.log('phone heights (px):', JSON.stringify(heights));
  const long = Object.entries(heights).filter(([, h]) => h > LIMIT);
  assert.deepEqual(long, [], `lessons longer than ${LIMIT} px at 390 px`);
  assert.deepEqual(phone.problems(), []);
});

test('"Show all stages" shows every stage of every stepper; each stage is reachable one at a time', async () => {
  let steppers = 0;
  for (const slug of lessonSlugs()) {
    await site.open(phone, `#/${slug}`, { steppers: 'closed' });
    const count = await phone.locator('.stepper').count();
    steppers += count;
    for (let i = 0; i < count; i++) {
      const stepper = phone.locator('.stepper').nth(i);
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
        await phone.keyboard.press('Enter');
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
  }
  assert.ok(steppers >= 5, `only ${steppers} steppers in the lessons`);
  assert.deepEqual(phone.problems(), []);
});

test('a stepper keeps its stage in the URL, and a link opens it there', async () => {
  const slug = lessonSlugs().find((s) => s.startsWith('encoder'));
  await site.open(phone, `#/${slug}`, { steppers: 'closed' });
  assert.doesNotMatch(phone.url(), /steps_/, 'a plain link stays plain');
  const first = phone.locator('.stepper').first();
  await first.getByRole('button', { name: 'Next →' }).click();
  await first.getByRole('button', { name: 'Next →' }).click();
  await phone.waitForFunction(() => location.hash.includes('steps_1.at=3'));
  const link = phone.url();
  await site.open(phone, new URL(link).hash, { steppers: 'closed' });
  assert.match(await phone.locator('.stepper').first().locator('.stepper-status').textContent(), /^Stage 3 of 4: /);
  // The controls, mid-way (Previous and Next both live), pass axe in light and in dark.
  assert.deepEqual(await axeSerious(phone), [], 'light');
  await phone.emulateMedia({ colorScheme: 'dark' });
  try {
    assert.deepEqual(await axeSerious(phone), [], 'dark');
  } finally {
    await phone.emulateMedia({ colorScheme: 'light' });
  }
  await phone.locator('.stepper').nth(1).getByRole('button', { name: 'Show all stages' }).click();
  await phone.waitForFunction(() => location.hash.includes('steps_2.all=1'));
  await site.open(phone, new URL(phone.url()).hash, { steppers: 'closed' });
  assert.equal(await phone.locator('.stepper').nth(1).locator('.stepper-step:not([hidden])').count(), 6);
  // A stage the lesson does not have (an old link) opens the first.
  await site.open(phone, `#/${slug}?steps_1.at=99`, { steppers: 'closed' });
  assert.match(await phone.locator('.stepper').first().locator('.stepper-status').textContent(), /^Stage 1 of 4: /);
  assert.deepEqual(phone.problems(), []);
});

test('printed, a stepper shows every stage and no buttons', async () => {
  const slug = lessonSlugs().find((s) => s.startsWith('encoder'));
  await site.open(phone, `#/${slug}`, { steppers: 'closed' });
  await phone.emulateMedia({ media: 'print' });
  try {
    const hidden = await phone.evaluate(() => ({
      stages: [...document.querySelectorAll('.stepper-step')].filter((s) => s.offsetHeight === 0).length,
      navs: [...document.querySelectorAll('.stepper-nav')].filter((n) => n.offsetHeight > 0).length,
    }));
    assert.deepEqual(hidden, { stages: 0, navs: 0 });
  } finally {
    await phone.emulateMedia({ media: 'screen' });
  }
});
