// Export what a figure shows: a heat map and a training curve saved as PNG and SVG are valid
// files with the figure's content (the SVG is vector, with the numbers as <text>), a matrix
// copied as CSV, JSON and LaTeX parses back to the matrix on screen, and a saved training run
// loads back as the grey previous run, while a bad run file is refused with a message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { startSite } from './helpers.mjs';
import { siteOptions } from './widget-harness.mjs';

let site;
let page;

before(async () => {
  site = await startSite(siteOptions());
  await site.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  page = await site.newPage();
});
after(() => site?.close());

async function save(menu, kind) {
  await menu.locator('summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    menu.getByRole('button', { name: kind, exact: true }).click(),
  ]);
  const bytes = await fs.readFile(await download.path());
  await menu.locator('summary').click();
  return { name: download.suggestedFilename(), bytes };
}

/** PNG signature and IHDR size, then the colour of pixel (x, y) decoded by the browser. */
async function pngInfo(bytes, probe) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const pixel = await page.evaluate(
    async ({ b64, x, y }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return [...ctx.getImageData(x, y, 1, 1).data];
    },
    { b64: bytes.toString('base64'), ...probe },
  );
  return { width, height, pixel };
}

/** Parse an SVG file in the page: size, rect fills, texts, and whether any bitmap hides in it. */
function svgInfo(text) {
  return page.evaluate((src) => {
    const doc = new DOMParser().parseFromString(src, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      tag: root.localName,
      ns: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      images: doc.querySelectorAll('image, foreignObject').length,
      rects: [...doc.querySelectorAll('rect')].map((r) => ({
        x: Number(r.getAttribute('x') ?? 0),
        y: Number(r.getAttribute('y') ?? 0),
        w: Number(r.getAttribute('width')),
        fill: r.getAttribute('fill'),
      })),
      paths: [...doc.querySelectorAll('path')].map((p) => p.getAttribute('d')),
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
    };
  }, text);
}

const rgb = (fill) => fill.match(/\d+/g).map(Number);

test('a heat map saves as a vector SVG with every number as text, and as a PNG of the same picture', async () => {
  await site.open(page, '#/attention-step-by-step');
  const block = page.locator('.widget-attention-steps [data-matrix="weights"]');
  const shown = await block.locator('tbody td').allTextContents();
  assert.ok(shown.length >= 4, 'the weights matrix is on screen');
  const menu = block.locator('.export-menu');

  const svgFile = await save(menu, 'SVG');
  assert.equal(svgFile.name, 'weights.svg');
  const svg = await svgInfo(svgFile.bytes.toString('utf8'));
  assert.equal(svg.error, null);
  assert.equal(svg.tag, 'svg');
  assert.equal(svg.ns, 'http://www.w3.org/2000/svg');
  assert.equal(svg.images, 0, 'no bitmap inside the SVG');
  // One coloured rect per cell (plus the white background) and every cell's number as text.
  const cellRects = svg.rects.filter((r) => r.w === 48);
  assert.equal(cellRects.length, shown.length);
  for (const n of shown) assert.ok(svg.texts.includes(n), `the SVG shows ${n} as text`);
  assert.ok(svg.texts.includes('weights'));

  const pngFile = await save(menu, 'PNG');
  assert.equal(pngFile.name, 'weights.png');
  const first = cellRects[0];
  const png = await pngInfo(pngFile.bytes, { x: (first.x + 4) * 2, y: (first.y + 4) * 2 });
  // Rasterised at twice the SVG's size; the first cell's colour is the SVG's (PNG is lossless).
  assert.equal(png.width, svg.width * 2);
  assert.equal(png.height, svg.height * 2);
  const want = rgb(first.fill);
  png.pixel.slice(0, 3).forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 2, `pixel ${png.pixel} vs ${want}`));
  assert.deepEqual(page.problems(), []);
});

test('a canvas heat map (positional encodings) saves as one rect per cell, copies as its full matrix', async () => {
  await site.open(page, '#/beyond-one-head');
  const block = page.locator('.widget-positional .heat-canvas-block');
  const [, rows, cols] = (await block.locator('canvas').getAttribute('aria-label')).match(/(\d+) by (\d+)/).map(Number);
  const svgFile = await save(block.locator('.export-menu'), 'SVG');
  const svg = await svgInfo(svgFile.bytes.toString('utf8'));
  assert.equal(svg.error, null);
  assert.equal(svg.images, 0);
  assert.equal(svg.rects.length - 1, rows * cols, 'one rect per cell besides the background');
  const menu = block.locator('.export-menu');
  await menu.locator('summary').click();
  await menu.getByRole('button', { name: 'Copy JSON' }).click();
  await page.waitForFunction(
    (el) => /Copied/.test(el.textContent),
    await menu.locator('.export-status').elementHandle(),
  );
  const m = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.equal(m.length, rows);
  assert.equal(m[0].length, cols);
  // PE[1][0] = sin(1), to every digit the engine computed.
  assert.ok(Math.abs(m[1][0] - Math.sin(1)) < 1e-6, String(m[1][0]));
  assert.deepEqual(page.problems(), []);
});

test('a 2-D plot saves as its own SVG drawing, styles inlined, labels as text', async () => {
  await site.open(page, '#/dot-product');
  const svgFile = await save(page.locator('.widget-dot-product .export-menu'), 'SVG');
  const svg = await svgInfo(svgFile.bytes.toString('utf8'));
  assert.equal(svg.error, null);
  assert.equal(svg.images, 0);
  for (const word of ['Apple', 'juice', '4', '−2']) assert.ok(svg.texts.includes(word), word);
  // The page's CSS classes are gone; colours travel as attributes.
  const text = svgFile.bytes.toString('utf8');
  assert.doesNotMatch(text, /class="/);
  assert.match(text, /stroke="rgb\(0, 114, 178\)"/);
  assert.deepEqual(page.problems(), []);
});

/** "\begin{bmatrix} 1 & 2.5 \\ 3 \times 10^{-7} & 4 \end{bmatrix}" -> [[1, 2.5], [3e-7, 4]] */
function parseLatex(text) {
  const inner = text.match(/\\begin\{bmatrix\}([\s\S]*)\\end\{bmatrix\}/)[1];
  return inner.split('\\\\').map((row) =>
    row.split('&').map((cell) => {
      const m = cell.trim().match(/^(-?[\d.]+)(?: \\times 10\^\{(-?\d+)\})?$/);
      assert.ok(m, `a LaTeX number: ${cell}`);
      return Number(m[2] === undefined ? m[1] : `${m[1]}e${m[2]}`);
    }),
  );
}

test('a matrix copies as CSV, JSON and LaTeX that all parse back to the matrix on screen', async () => {
  await site.open(page, '#/attention-step-by-step');
  const block = page.locator('.widget-attention-steps [data-matrix="scores"]');
  const menu = block.locator('.export-menu');
  await menu.locator('summary').click();
  const copy = async (name) => {
    await menu.getByRole('button', { name }).click();
    await page.waitForFunction(
      (el) => /Copied/.test(el.textContent),
      await menu.locator('.export-status').elementHandle(),
    );
    const text = await page.evaluate(() => navigator.clipboard.readText());
    await page.evaluate(() => navigator.clipboard.writeText(''));
    return text;
  };
  const csv = (await copy('Copy CSV'))
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
  const json = JSON.parse(await copy('Copy JSON'));
  const latex = parseLatex(await copy('Copy LaTeX'));
  assert.deepEqual(json, csv);
  assert.deepEqual(latex, csv);
  // The same matrix the page shows, to the digits it shows (the copies keep every digit).
  const rows = await block.locator('tbody tr').count();
  assert.equal(csv.length, rows);
  for (let r = 0; r < rows; r++) {
    const labels = await block
      .locator('tbody tr')
      .nth(r)
      .locator('td')
      .evaluateAll((tds) => tds.map((td) => td.getAttribute('aria-label')));
    labels.forEach((label, c) => {
      const shown = Number(label.split(': ')[1].replace('\u2212', '-'));
      assert.ok(Math.abs(shown - csv[r][c]) <= 5e-6 * Math.max(1, Math.abs(shown)), `${label} vs ${csv[r][c]}`);
    });
  }
  assert.ok(csv.flat().every(Number.isFinite));
  assert.deepEqual(page.problems(), []);
});

const training = () => page.locator('.widget-training').first();

async function trainSteps(n) {
  await site.open(page, '#/training');
  await page.waitForSelector('.widget-training[data-ready="true"][data-step]', { timeout: 20000 });
  for (let i = 0; i < n; i++) await training().getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction((n) => Number(document.querySelector('.widget-training').dataset.step) >= n, n);
  await page.waitForFunction(() => Number(document.querySelector('.curves-block').dataset.points) >= 3);
}

test('a training curve saves as a vector SVG (lines as paths, tick numbers as text) and as a PNG', async () => {
  await trainSteps(4);
  const menu = training().locator('.curve').first().locator('.export-menu');
  const svgFile = await save(menu, 'SVG');
  assert.equal(svgFile.name, 'training-loss.svg');
  const svg = await svgInfo(svgFile.bytes.toString('utf8'));
  assert.equal(svg.error, null);
  assert.equal(svg.images, 0);
  assert.ok(svg.texts.includes('Loss (cross-entropy)'));
  assert.ok(svg.texts.includes('step') && svg.texts.includes('loss'));
  assert.ok(svg.texts.includes('training') && svg.texts.includes('held-out'), 'the legend names the lines');
  assert.ok(svg.texts.includes('0'), 'tick numbers are text');
  // The training-loss line has one vertex per measured point.
  const points = Number(await training().locator('.curves-block').getAttribute('data-points'));
  const line = svg.paths.find(
    (d) => (d.match(/[ML]/g) || []).length === points && d.startsWith('M') && !d.includes('V'),
  );
  assert.ok(line, `a path with ${points} vertices among ${svg.paths.join(' | ')}`);

  const pngFile = await save(menu, 'PNG');
  const png = await pngInfo(pngFile.bytes, { x: 2, y: 2 });
  assert.equal(png.width, svg.width * 2);
  assert.equal(png.height, svg.height * 2);
  assert.deepEqual(png.pixel, [255, 255, 255, 255], 'white background, not transparent');
  assert.deepEqual(page.problems(), []);
});

test('a training run saves as JSON and loads back as the previous run; a bad file gets a message', async () => {
  await trainSteps(3);
  const w = training();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    w.getByRole('button', { name: 'Save run (JSON)' }).click(),
  ]);
  const text = await fs.readFile(await download.path(), 'utf8');
  const run = JSON.parse(text);
  assert.equal(run.format, 'self-attention-training-run');
  assert.equal(run.options.seed, 1);
  assert.equal(typeof run.options.lr, 'number');
  const saved = Number(await w.locator('.curves-block').getAttribute('data-points'));
  assert.equal(run.curves.length, saved);
  assert.ok(run.curves.every((p) => Number.isInteger(p.step)));
  assert.ok(run.curves.some((p) => Number.isFinite(p.trainLoss)));

  // Start over (no previous run on screen), then load the file back.
  await site.open(page, '#/training');
  await page.waitForSelector('.widget-training[data-ready="true"]');
  const input = w.getByLabel('Load a saved run to compare');
  await input.setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction(
    (n) => Number(document.querySelector('.curves-block').dataset.previousPoints) === n,
    saved,
  );
  assert.match(await w.locator('.previous-run').textContent(), /file run\.json: 1 head, width 16, seed 1/);
  assert.match(await w.locator('.previous-run').textContent(), /, 1 layer, Adam, batch 32, /);
  assert.equal(await input.getAttribute('aria-invalid'), null);

  const message = async () => {
    const ids = (await input.getAttribute('aria-describedby')).split(' ');
    return (await Promise.all(ids.map((id) => page.locator(`#${id}`).textContent()))).join(' ');
  };
  const bad = [
    ['not json', /not JSON/],
    [JSON.stringify({ format: 'other' }), /not a saved training run/],
    [text.replace('"seed": 1', '"seed": 1.5'), /options\.seed/],
    [text.replace('"task": "adjectives"', '"task": "colours"'), /"options\.task" must be 'adjectives' or 'pronouns'/],
    [text.replace(/"trainLoss": [\d.e+-]+/, '"trainLoss": 1e999'), /trainLoss must be a finite number/],
    [text.replace(/"heldoutAccuracy": [\d.e+-]+/, '"heldoutAccuracy": 7'), /outside 0 to 1/],
    [JSON.stringify({ ...run, curves: Array.from({ length: 6000 }, (_, i) => ({ step: i })) }), /at most 5000/],
  ];
  for (const [content, expected] of bad) {
    await input.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(content) });
    await page.waitForFunction((el) => el.getAttribute('aria-invalid') === 'true', await input.elementHandle());
    assert.match(await message(), expected);
    assert.match(await message(), /bad\.json was not loaded/);
    // The good run stays on screen.
    assert.equal(Number(await w.locator('.curves-block').getAttribute('data-previous-points')), saved);
    await input.setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForFunction((el) => el.getAttribute('aria-invalid') === null, await input.elementHandle());
  }
  assert.deepEqual(page.problems(), []);
});
