// The transformer map's data without a browser: content/transformer-map.json passes its checks,
// every lesson teaches at least one block, a link to a lesson that does not exist (or a size no
// preset defines) fails the build naming the block, and the shapes are the arithmetic they claim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listLessons, loadTransformerMap } from '../../web/plugins/content-plugin.js';
import { blocksFor, checkedMap, lessonMap, mapProblems, shapeLine } from '../../web/src/map/map-data.js';
import { BOXES } from '../../web/src/map/layout.js';

const contentDir = fileURLToPath(new URL('../../content', import.meta.url));
const slugs = listLessons(path.join(contentDir, 'lessons')).map((l) => l.slug);
const data = loadTransformerMap(contentDir);
const copy = () => structuredClone(data);
const block = (d, id) => d.blocks.find((b) => b.id === id);

test('the map in content/ passes its checks, and every drawn block has an entry', () => {
  assert.deepEqual(mapProblems(data, slugs), []);
  assert.deepEqual(data.blocks.map((b) => b.id).sort(), Object.keys(BOXES).sort());
});

test('every lesson teaches at least one block of the map, so its header can show where it sits', () => {
  for (const slug of slugs) assert.ok(blocksFor(data, slug).length > 0, `no block links to the lesson "${slug}"`);
});

test("every lesson's header shows exactly the blocks whose links in the data lead to it", () => {
  // The links inverted by hand from the data: lesson -> blocks, in the data's order.
  const linked = new Map(slugs.map((slug) => [slug, []]));
  for (const b of data.blocks) for (const slug of b.lessons) linked.get(slug).push(b);
  for (const [slug, blocks] of linked) {
    const header = lessonMap(data, slug);
    const ids = blocks.map((b) => b.id);
    assert.deepEqual(header.blocks, ids, `${slug}: the blocks that link to it`);
    assert.deepEqual(header.names, [...new Set(blocks.map((b) => b.short ?? b.label))], `${slug}: their names`);
    assert.equal(header.thumb.match(/class="b on"/g).length, ids.length, `${slug}: its blocks filled`);
  }
});

test('a link to a lesson that does not exist fails the build, naming the block and the slug', () => {
  const d = copy();
  block(d, 'enc-ffn').lessons = ['feed-forward-networks'];
  assert.throws(
    () => checkedMap(d, slugs),
    (e) =>
      /block \d+ \(enc-ffn\): links to the lesson "feed-forward-networks", which content\/lessons does not have/.test(
        e.message,
      ),
  );
});

test('the build itself refuses such a map: loadTransformerMap on a content folder with a bad link', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'map-content-'));
  try {
    fs.mkdirSync(path.join(dir, 'lessons'));
    fs.writeFileSync(path.join(dir, 'lessons', '01-context.md'), '---\ntitle: Context\n---\nText.\n');
    const d = copy();
    for (const b of d.blocks) b.lessons = ['context'];
    fs.writeFileSync(path.join(dir, 'transformer-map.json'), JSON.stringify(d));
    assert.equal(loadTransformerMap(dir).blocks.length, d.blocks.length, 'every link to an existing lesson: accepted');
    block(d, 'dec-cross').lessons = ['encoder-decoder'];
    fs.writeFileSync(path.join(dir, 'transformer-map.json'), JSON.stringify(d));
    assert.throws(
      () => loadTransformerMap(dir),
      /transformer-map\.json: .*\(dec-cross\): links to the lesson "encoder-decoder"/,
    );
    fs.writeFileSync(path.join(dir, 'transformer-map.json'), '{ "blocks": [');
    assert.throws(() => loadTransformerMap(dir), /transformer-map\.json: .*JSON/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('unknown sizes, missing preset sizes, stray or missing blocks are each named', () => {
  const cases = [
    [(d) => (block(d, 'enc-ffn').shapes[1].dims = ['n', 'd_hidden']), /enc-ffn\), shape 2: unknown size "d_hidden"/],
    [(d) => (block(d, 'enc-attn').shapes[3].dims = ['n', 'h*dk']), /enc-attn\), shape 4: unknown size "dk"/],
    [(d) => delete d.presets[1].sizes.d_ff, /preset 2 \(site\): "sizes.d_ff" must be a whole number above 0/],
    [(d) => (d.presets[0].sizes.d_model = 0), /preset 1 \(paper\): "sizes.d_model" must be a whole number above 0/],
    [(d) => (d.presets[0].sizes.width = 4), /preset 1 \(paper\): unknown size "width"/],
    [(d) => d.blocks.push({ ...block(d, 'loss'), id: 'encoder-2' }), /no place on the drawing for "encoder-2"/],
    [
      (d) => (d.blocks = d.blocks.filter((b) => b.id !== 'dec-cross')),
      /the block "dec-cross" is drawn but has no entry/,
    ],
    [(d) => (d.example.n = 0), /"example.n" must be a whole number/],
    [(d) => (block(d, 'enc-ffn').lessons = []), /enc-ffn\): "lessons" must list the slugs/],
    [(d) => (block(d, 'enc-qkv').short = 'QKV'), /enc-qkv\): its "label" must contain its drawn "short" text "QKV"/],
  ];
  for (const [spoil, message] of cases) {
    const d = copy();
    spoil(d);
    const problems = mapProblems(d, slugs).join('; ');
    assert.match(problems, message);
  }
});

test('shapes: the original paper with a 7-token English sentence and 5 Hindi tokens so far', () => {
  const paper = data.presets.find((p) => p.id === 'paper');
  assert.deepEqual(
    { d_model: 512, h: 8, d_k: 64, d_ff: 2048, N: 6 },
    Object.fromEntries(['d_model', 'h', 'd_k', 'd_ff', 'N'].map((k) => [k, paper.sizes[k]])),
  );
  const sizes = { ...paper.sizes, n: 7, m: 5 };
  const lines = (id) => block(data, id).shapes.map((s) => shapeLine(s, sizes));
  const attn = lines('enc-attn');
  assert.deepEqual(attn[0], { what: 'in', symbolic: 'n × d_model', numeric: '7 × 512', each: null });
  assert.deepEqual(attn[1], { what: 'Q, K, V of each head', symbolic: 'n × d_k', numeric: '7 × 64', each: 8 });
  assert.deepEqual([attn[2].numeric, attn[3].symbolic, attn[3].numeric], ['7 × 7', 'n × h·d_k', '7 × 512']);
  assert.equal(lines('enc-ffn')[1].numeric, '7 × 2,048');
  const cross = lines('dec-cross');
  assert.deepEqual([cross[2].symbolic, cross[2].numeric], ['m × n', '5 × 7']);
  assert.deepEqual([lines('out-softmax')[0].symbolic, lines('out-softmax')[0].numeric], ['m × V_tgt', '5 × 37,000']);
  assert.deepEqual([lines('dec-masked')[2].numeric, lines('loss').at(-1).numeric], ['5 × 5', '1']);
});

test("a lesson's header data: its blocks, their names once each, the thumbnail with them filled", () => {
  const norm = lessonMap(data, 'residual-and-norm');
  assert.deepEqual(norm.names, ['Add & Norm', 'Feed-forward']);
  assert.equal(norm.blocks.length, 7);
  assert.equal(norm.thumb.match(/class="b on"/g).length, 7);
  assert.equal(norm.thumb.match(/class="b"/g).length, Object.keys(BOXES).length - 7);
  assert.match(norm.thumb, /^<svg class="map-thumb" [^>]*aria-hidden="true"/);
  assert.equal(lessonMap(data, 'no-such-lesson'), null);
});

test("lesson 8's header names the loss without calling its squared loss a cross-entropy", () => {
  const { names } = lessonMap(data, 'learning-by-hand');
  assert.ok(names.includes('Loss'), names.join(', '));
  for (const name of names) assert.doesNotMatch(name, /cross-entropy/i, name);
});
