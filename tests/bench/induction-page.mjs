// Lesson 12's targets measured in the page (headless Chromium on this machine), not a test:
// the induction-heads widget at its fastest speed (Fast-forward), seeds 1-5, timed from the press
// to the first evaluated step that reaches the target (a layer-2 head's prefix-matching >= 0.8 and
// copy accuracy >= 95%, the widget's milestone); then the one-layer model for the same wall-clock
// budget, its highest copy accuracy and prefix-matching score over that time; then both widgets of
// the lesson at full speed at once (they share the cores). Prints a table for docs/performance.md.
//
//   npm run build:web && node tests/bench/induction-page.mjs [seeds=1,2,3,4,5] [budget seconds=60]
// Needs dist/ (the built site). Note the load average printed: the machine is shared.
/* global document -- the functions passed to page.evaluate() run in the page */
import { loadavg } from 'node:os';
import { startSite } from '../browser/helpers.mjs';

const seeds = (process.argv[2] ?? '1,2,3,4,5').split(',').map(Number);
const BUDGET = Number(process.argv[3] ?? 60);
const LIMIT = 180; // seconds a seed may take before it counts as not reached
const SEL = '.widget-induction-heads';

const site = await startSite();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function open(hash) {
  const page = await site.newPage();
  await site.open(page, hash);
  await page.waitForSelector(`${SEL}[data-ready="true"][data-step]`, { timeout: 60000 });
  return page;
}

/** Copy accuracy and the best prefix-matching score now, from the widget's readout and cards. */
const figures = (page, n = 0) =>
  page.evaluate(
    ([sel, i]) => {
      const root = document.querySelectorAll(sel)[i];
      const copy = Number(root.querySelector('.train-readout').dataset.copyAccuracy);
      const prefix = Math.max(...[...root.querySelectorAll('.head-card')].map((c) => Number(c.dataset.prefix ?? 0)));
      return { step: Number(root.dataset.step), copy, prefix };
    },
    [SEL, n],
  );

async function toTarget(seed) {
  const page = await open(`#/induction-heads?induction-heads.seed=${seed}`);
  const start = Date.now();
  await page.locator(SEL).first().getByRole('button', { name: 'Fast-forward', exact: true }).click();
  const reached = await page
    .waitForSelector(`${SEL}[data-reached-step]`, { timeout: LIMIT * 1000 })
    .then(() => true)
    .catch(() => false);
  const seconds = (Date.now() - start) / 1000;
  const w = page.locator(SEL).first();
  const out = {
    seed,
    reached,
    seconds,
    step: reached ? Number(await w.getAttribute('data-reached-step')) : null,
    prefix: reached ? Number(await w.getAttribute('data-reached-prefix')) : null,
    phase: Number((await w.getAttribute('data-phase-step')) ?? NaN),
    stepNow: Number(await w.getAttribute('data-step')),
    load: load(),
  };
  await page.close();
  return out;
}

async function oneLayer(seed) {
  const page = await open(`#/induction-heads?induction-heads.seed=${seed}&induction-heads.layers=1`);
  await page.locator(SEL).first().getByRole('button', { name: 'Fast-forward', exact: true }).click();
  let best = { copy: 0, prefix: 0, step: 0 };
  const start = Date.now();
  while (Date.now() - start < BUDGET * 1000) {
    await page.waitForTimeout(1000);
    const f = await figures(page);
    best = { copy: Math.max(best.copy, f.copy || 0), prefix: Math.max(best.prefix, f.prefix || 0), step: f.step };
  }
  await page.close();
  return { seed, ...best, load: load() };
}

async function both(seed) {
  const page = await open(`#/induction-heads?induction-heads.seed=${seed}&induction-heads-2.seed=${seed}`);
  await page.waitForSelector(`${SEL} >> nth=1`);
  const widgets = page.locator(SEL);
  await widgets.nth(1).waitFor();
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel}[data-ready="true"]`).length === 2, SEL, {
    timeout: 60000,
  });
  const start = Date.now();
  await widgets.nth(0).getByRole('button', { name: 'Fast-forward', exact: true }).click();
  await widgets.nth(1).getByRole('button', { name: 'Fast-forward', exact: true }).click();
  const reached = await page
    .waitForSelector(`${SEL}[data-reached-step]`, { timeout: LIMIT * 1000 })
    .then(() => true)
    .catch(() => false);
  const seconds = (Date.now() - start) / 1000;
  const two = await widgets.nth(0).getAttribute('data-reached-step');
  const one = await figures(page, 1);
  await page.close();
  return { seed, reached, seconds, step: Number(two), oneLayer: one, load: load() };
}

console.log(`# load average at start: ${load()}`);
console.log('two layers, Fast-forward, alone on the page:');
for (const seed of seeds) console.log(JSON.stringify(await toTarget(seed)));
console.log(`one layer, Fast-forward, ${BUDGET} s:`);
for (const seed of seeds.slice(0, 2)) console.log(JSON.stringify(await oneLayer(seed)));
console.log('both widgets at full speed at once (seed 1): two layers to the target, one layer at that moment:');
console.log(JSON.stringify(await both(1)));
await site.close();
