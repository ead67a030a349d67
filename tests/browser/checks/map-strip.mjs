// "Where this lesson sits" under each lesson's title: the strip names the lesson's blocks of the
// transformer map (content/transformer-map.json) and fills them in its thumbnail; opened, the map
// outlines them. On a phone the closed strip is one short band.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadTransformerMap } from '../../../web/plugins/content-plugin.js';
import { blocksFor } from '../../../web/src/map/map-data.js';

const map = loadTransformerMap(fileURLToPath(new URL('../../../content', import.meta.url)));

/**
 * On a freshly opened lesson: the strip, closed, names and fills the lesson's blocks, and the
 * map is not loaded until the strip is opened; then opens it (so run it last on that page).
 */
export async function stripShowsWhereItSits(page, slug) {
  const ids = blocksFor(map, slug);
  assert.ok(ids.length > 0, `${slug}: the map has a block for it`);
  const strip = page.locator('#lesson-title + details.map-strip');
  assert.equal(await strip.count(), 1, `${slug}: the strip sits right under the title`);
  assert.equal(await strip.getAttribute('open'), null, `${slug}: closed until asked for`);
  assert.equal(await strip.locator('.map-thumb .b.on').count(), ids.length, `${slug}: thumbnail highlights`);
  const names = await strip.locator('.map-strip-names').textContent();
  for (const id of ids) {
    const b = map.blocks.find((x) => x.id === id);
    assert.ok(names.includes(b.short ?? b.label), `${slug}: the strip names "${b.short ?? b.label}"`);
  }
  // The map itself is not loaded until opened.
  assert.equal(await page.locator('.map-svg').count(), 0, `${slug}: no full map before opening`);
  await strip.locator(':scope > summary').click();
  await page.locator('.map-svg').waitFor();
  const here = await page.locator('.map-block.is-here').evaluateAll((nodes) => nodes.map((n) => n.dataset.block));
  assert.deepEqual(here.sort(), [...ids].sort(), `${slug}: the open map outlines the lesson's blocks`);
  assert.deepEqual(page.problems(), [], slug);
}

/** At 390 px, the closed strip is at most 72 px high. */
export async function stripIsOneBand(page, slug) {
  const band = await page.locator('.map-strip').boundingBox();
  assert.ok(band.height <= 72, `${slug}: the closed strip is ${band.height} px high`);
}
