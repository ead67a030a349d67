// Screenshots of every lesson (or the slugs given) at desktop and phone width, for looking at
// the design:  node tests/browser/shoot.mjs [--dir dist] [--out /tmp/shots] [--dark] [slug ...]
// (--dark: as a device set to dark mode shows it; files end in -dark.png)
import fs from 'node:fs';
import { startSite, lessonSlugs } from './helpers.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : def;
};
const dir = opt('--dir', undefined);
const out = opt('--out', '/tmp/shots');
const darkAt = args.indexOf('--dark');
const dark = darkAt >= 0 && Boolean(args.splice(darkAt, 1));
const slugs = args.length ? args : lessonSlugs();
fs.mkdirSync(out, { recursive: true });

const site = await startSite(dir ? { dir } : {});
try {
  for (let [tag, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ]) {
    const page = await site.newPage({ viewport });
    if (dark) await page.emulateMedia({ colorScheme: 'dark' });
    if (dark) tag += '-dark';
    for (const slug of slugs) {
      await site.open(page, `#/${slug}`);
      await page.waitForTimeout(200);
      const file = `${out}/${slug}-${tag}.png`;
      await page.screenshot({ path: file, fullPage: true });
      // Each figure on its own too, at full resolution, for a closer look.
      const widgets = await page.locator('.widget').all();
      for (const [i, w] of widgets.entries()) await w.screenshot({ path: `${out}/${slug}-${tag}-widget${i + 1}.png` });
      console.log(file, page.problems().join(' | '));
      page.clearProblems();
    }
    await page.close();
  }
} finally {
  await site.close();
}
