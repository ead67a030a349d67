// The map of the transformer: every lesson's header shows where the lesson sits (its blocks
// filled), the strip opens into the interactive map, every block's link opens its lesson, the
// shapes follow the size preset and sentence lengths, it all works from the keyboard, axe-core
// finds nothing serious, and it fits a 390 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startSite, lessonSlugs, waitForLesson, axeSerious } from './helpers.mjs';
import { loadTransformerMap } from '../../web/plugins/content-plugin.js';

const map = loadTransformerMap(fileURLToPath(new URL('../../content', import.meta.url)));
const slugs = lessonSlugs();
let site;
let page;

before(async () => {
  site = await startSite();
  page = await site.newPage();
});
after(async () => {
  await site?.close();
});

async function openMap(p = page, { keyboard = false } = {}) {
  const summary = p.locator('.map-strip > summary');
  if (keyboard) {
    await summary.focus();
    await p.keyboard.press('Enter');
  } else {
    await summary.click();
  }
  await p.locator('.map-svg').waitFor();
}

const readout = (p = page) => p.locator('.map-readout');

/** Rest the pointer on a block until the map reads it out (a pointer passing over does not). */
async function hoverBlock(id, p = page) {
  await p.locator(`[data-block="${id}"]`).hover();
  await p.locator(`.map-block.is-active[data-block="${id}"]`).waitFor();
}

// Every lesson's strip (named, filled, closed until opened; one band at 390 px):
// checks/map-strip.mjs, run on every lesson by lessons-desktop.test.mjs and lessons-phone.test.mjs.

test("every block's link, and every lesson link of its read-out, opens that lesson", async () => {
  const targets = map.blocks.flatMap((b) => b.lessons.map((slug, i) => ({ id: b.id, slug, index: i })));
  // Each link is followed from the lesson the previous one opened, as a learner would: one load.
  await site.open(page, `#/${slugs[0]}`);
  for (const { id, slug, index } of targets) {
    // Open unless the lesson just opened kept the map open.
    if ((await page.locator('.map-strip[open]').count()) === 0) await openMap();
    else await page.locator('.map-svg').waitFor();
    const block = page.locator(`[data-block="${id}"]`);
    if (index === 0) {
      await block.click();
    } else {
      // Focus, not hover: the pointer then stays put while the page scrolls to the link.
      await block.focus();
      await readout()
        .getByRole('link', { name: new RegExp(`^lesson \\d+, `) })
        .nth(index)
        .click();
    }
    await waitForLesson(page);
    assert.equal(new URL(page.url()).hash, `#/${slug}`, `${id} -> ${slug}`);
    const title = await page.locator('#lesson-title').textContent();
    assert.ok(title.trim().length > 0, `${slug} rendered`);
  }
  assert.deepEqual(page.problems(), []);
});

test('hovering a block shows its shapes, which follow the size preset and the sentence lengths', async () => {
  await site.open(page, '#/attention-step-by-step');
  await openMap();
  // This lesson's block is read out first.
  assert.match(await readout().locator('h3').textContent(), /Multi-head self-attention/);
  assert.equal(await readout().getAttribute('aria-live'), 'polite');
  await hoverBlock('enc-attn');
  let text = await readout().textContent();
  assert.match(text, /n × d_model\s*= 7 × 512/);
  assert.match(text, /n × d_k\s*= 7 × 64, for each of 8 heads/);
  assert.match(text, /n × n\s*= 7 × 7, for each of 8 heads/);
  // On its way to the read-out's links the pointer crosses the decoder's blocks: they do not take over.
  const link = await readout().getByRole('link').first().boundingBox();
  await page.mouse.move(link.x + 5, link.y + link.height / 2, { steps: 5 });
  assert.match(await readout().locator('h3').textContent(), /Multi-head self-attention \(encoder\)/);

  await page.getByLabel("this site's translator").check();
  text = await readout().textContent();
  const small = map.presets.find((p) => p.id === 'site').sizes;
  assert.match(text, new RegExp(`n × d_k\\s*= 7 × ${small.d_k}, for each of ${small.h} heads`));
  assert.match(await page.locator('.map-sizes').textContent(), new RegExp(`d_model = ${small.d_model}`));

  const n = page.getByLabel('English tokens n');
  await n.fill('12');
  text = await readout().textContent();
  assert.match(text, /n × n\s*= 12 × 12/);

  // A bad length is refused next to its box; the shapes keep the last good value.
  await n.fill('0.5');
  assert.equal(await n.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('.map-controls .field-message').first().textContent(), /whole number/);
  assert.match(await readout().textContent(), /12 × 12/);
  await n.fill('12');

  await page.getByLabel('Hindi tokens m').fill('5');
  await hoverBlock('dec-cross');
  text = await readout().textContent();
  assert.match(text, /m × n\s*= 5 × 12, for each of/);
  await hoverBlock('out-softmax');
  assert.match(await readout().textContent(), new RegExp(`m × V_tgt\\s*= 5 × ${small.V_tgt}`));
  await hoverBlock('enc-ffn');
  assert.match(await readout().textContent(), new RegExp(`n × d_ff\\s*= 12 × ${small.d_ff}`));

  await page.getByLabel('the original paper').check();
  assert.match(await readout().textContent(), /n × d_ff\s*= 12 × 2,048/);
  assert.deepEqual(page.problems(), []);
});

test('keyboard only: open the strip, Tab to a block, arrow keys move, the read-out follows, Enter opens', async () => {
  await site.open(page, '#/softmax');
  await page.locator('#lesson-title').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY');
  await page.keyboard.press('Enter');
  await page.locator('.map-svg').waitFor();
  const active = () =>
    page.evaluate(() => {
      const a = document.activeElement;
      return { block: a.dataset?.block ?? null, name: a.getAttribute('aria-label') };
    });
  // Tab moves through the controls and the read-out's links to the first block.
  for (let i = 0; i < 12 && (await active()).block === null; i++) await page.keyboard.press('Tab');
  const first = await active();
  assert.ok(first.block, 'Tab reaches the blocks');
  assert.match(first.name, /\. Taught in lesson \d+, /, 'a block is named with its lesson');
  assert.equal(
    await readout().locator('h3').textContent(),
    map.blocks.find((b) => b.id === first.block).label,
    'focus reads the block out',
  );
  // From the input embedding, up goes into the encoder, right to the decoder's side.
  await page.locator('[data-block="enc-embed"]').focus();
  await page.keyboard.press('ArrowUp');
  assert.equal((await active()).block, 'enc-attn');
  await page.keyboard.press('ArrowUp');
  assert.equal((await active()).block, 'enc-norm1');
  assert.match(await readout().locator('h3').textContent(), /Add & Norm after the encoder's self-attention/);
  await page.keyboard.press('ArrowRight');
  assert.match((await active()).block, /^dec-/);
  await page.locator('[data-block="out-linear"]').focus();
  await page.keyboard.press('ArrowUp');
  assert.equal((await active()).block, 'out-softmax');
  await page.keyboard.press('Enter');
  await waitForLesson(page);
  assert.equal(new URL(page.url()).hash, '#/softmax');
  assert.deepEqual(page.problems(), []);
});

test('axe-core finds nothing serious with the map open', async () => {
  for (const slug of [slugs[0], 'beyond-one-head']) {
    await site.open(page, `#/${slug}`);
    await openMap();
    await page.locator('[data-block="dec-masked"]').focus();
    // The rest of the lesson is as lessons-desktop.test.mjs scans it in full: here, the open map.
    assert.deepEqual(await axeSerious(page, { within: '.map-strip' }), [], slug);
  }
});

test('390 px: the open map scrolls sideways with a visible cue', async () => {
  const phone = await site.newPage({ viewport: { width: 390, height: 844 } });
  await site.open(phone, `#/${slugs[0]}`);
  await openMap(phone);
  const sizes = await phone.evaluate(() => {
    const s = document.querySelector('.map-scroll');
    return { inner: s.scrollWidth, outer: s.clientWidth, page: document.documentElement.scrollWidth };
  });
  assert.ok(sizes.inner > sizes.outer, 'the map scrolls inside its box');
  assert.ok(sizes.page <= 390, `the page itself does not scroll sideways (${sizes.page} px)`);
  assert.ok(await phone.locator('.map-scroll-cue').isVisible(), 'the cue says to scroll');
  // Focusing a block off to the right scrolls it into view.
  const scrolled = () => phone.evaluate(() => document.querySelector('.map-scroll').scrollLeft);
  assert.equal(await scrolled(), 0, "the first lesson's blocks are on the left");
  await phone.locator('[data-block="dec-pos"]').focus();
  assert.ok((await scrolled()) > 0);
  // A lesson whose block sits on the right opens with it in view.
  await site.open(phone, '#/learning-by-hand');
  // By keyboard: a mouse left over the map would read out whatever scrolls under it.
  await openMap(phone, { keyboard: true });
  const loss = await phone.locator('[data-block="loss"]').boundingBox();
  assert.ok(loss.x >= 0 && loss.x + loss.width <= 390, `the loss is in view (x ${loss.x})`);
  // Down at the input embedding the read-out is still on screen (pinned to its bottom). Scrolled
  // back up first, so focusing the block has to scroll the page down to it.
  await phone.evaluate(() => window.scrollTo(0, 0));
  await phone.locator('[data-block="enc-embed"]').focus();
  const r = await readout(phone).boundingBox();
  assert.ok(r.y >= 0 && r.y + r.height <= 844 + 1, `the read-out is in view (y ${r.y}, height ${r.height})`);
  assert.match(await readout(phone).locator('h3').textContent(), /Input embedding/);
  const embed = await phone.locator('[data-block="enc-embed"]').boundingBox();
  assert.ok(embed.y + embed.height <= r.y, 'the focused block sits above the read-out, not under it');
  assert.deepEqual(phone.problems(), []);
  await phone.close();

  await site.open(page, `#/${slugs[0]}`);
  await openMap();
  assert.ok(!(await page.locator('.map-scroll-cue').isVisible()), 'no cue where the map fits');
  const [figure, beside] = [await page.locator('.map-scroll').boundingBox(), await readout().boundingBox()];
  assert.ok(beside.x >= figure.x + figure.width, 'at 1280 px the read-out stands beside the map');
});

test('touch: the first tap on a block reads it out, the second opens its lesson', async () => {
  const context = await site.browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
  const phone = await context.newPage();
  const errors = [];
  phone.on('pageerror', (e) => errors.push(e.message));
  await phone.goto(`${site.origin}/#/${slugs[0]}`);
  await waitForLesson(phone);
  await phone.locator('.map-strip > summary').tap();
  await phone.locator('.map-svg').waitFor();
  const ffn = phone.locator('[data-block="enc-ffn"]');
  await ffn.tap();
  assert.equal(new URL(phone.url()).hash, `#/${slugs[0]}`, 'the first tap stays');
  assert.match(await readout(phone).locator('h3').textContent(), /Feed-forward \(encoder\)/);
  await ffn.tap();
  await waitForLesson(phone);
  assert.equal(new URL(phone.url()).hash, `#/${map.blocks.find((b) => b.id === 'enc-ffn').lessons[0]}`);
  assert.deepEqual(errors, []);
  await context.close();
});
