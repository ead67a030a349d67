import { startSite } from '/work/wt/review8/tests/browser/helpers.mjs';
const [hash, out, w = 1280, sel = '.widget-gradient-step'] = process.argv.slice(2);
const site = await startSite({});
const page = await site.newPage({ viewport: { width: Number(w), height: 900 } });
await site.open(page, hash);
await page.waitForTimeout(300);
const box = await page.locator(sel).first().boundingBox(); await page.screenshot({ path: out, fullPage: true, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, Number(process.env.H || 100000)) } });
console.log(page.problems());
await site.close();
