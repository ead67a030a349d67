import { startSite } from './helpers.mjs';
const site = await startSite({});
const page = await site.newPage({ viewport: { width: 1280, height: 900 } });
for (const lr of [1000, 100000]) {
  const steps = Array(40).fill(lr).join(',');
  await site.open(page, `#/learning-by-hand?gradient-step.values=1&gradient-step.steps=${steps}`);
  await page.waitForTimeout(300);
  const w = page.locator('.widget-gradient-step');
  console.log(lr, (await w.locator('.readout').first().textContent()).slice(0, 300));
  console.log((await w.locator('.gs-overshoot').textContent()).slice(0, 300));
  console.log((await w.locator('.gs-loss-list').textContent()).slice(0, 400));
  console.log('NaN?', /NaN|Infinity/.test(await w.textContent()), page.problems());
}
await site.close();
