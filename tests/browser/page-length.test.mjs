// Steppers (content/lessons' ```steps``` fences) show a long derivation one stage at a time: the
// stage is kept in the URL, a link opens it there, the controls pass axe in light and dark, and
// printed, every stage shows. Every lesson at most 12,000 px long at 390 px with its steppers
// closed, and every stage of every stepper reached from the keyboard: lessons-phone.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, lessonSlugs, axeSerious, themeRules } from './helpers.mjs';

const PHONE = { width: 390, height: 844 };

let site;
let phone;
before(async () => {
  site = await startSite();
  phone = await site.newPage({ viewport: PHONE });
});
after(async () => {
  await site?.close();
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
    // The same page in dark: only the rules a colour theme can fail (helpers.mjs, themeRules).
    assert.deepEqual(await axeSerious(phone, { rules: await themeRules(phone) }), [], 'dark');
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
