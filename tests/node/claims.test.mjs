// The lessons' claims whose facts compute directly (claims-fences.mjs says what a claim is),
// and the claims machinery itself: a perturbed example fails, a malformed claim is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { checkClaim, claimsProblems } from '../../web/src/lesson/claims.js';
import { renderMarkdown } from '../../web/plugins/markdown.js';
import { defineWidget } from '../../web/src/lesson/widget-kit.js';
import { declareConfig, param } from '../../web/src/state/params.js';
import { claimTests, failures, lessons, root, schemas } from './claims-fences.mjs';

claimTests();
test('every lesson states at least one claim about its examples', () => {
  const without = lessons.filter((l) => !l.widgets.some((w) => w.config.claims?.length)).map((l) => l.slug);
  assert.deepEqual(without, []);
});

test('a claim made false by changing the example fails, naming the file, fence, sentence and numbers', async () => {
  // Lesson 4's projections, with W_K copied from W_Q: q_i · k_j = x_i W W^T x_j is symmetric, so
  // "Apple -> phones beats phones -> Apple" must now fail.
  const lesson = lessons.find((l) => l.slug === 'query-key-value');
  const w = lesson.widgets.find((x) => x.name === 'qkv-asymmetry');
  const perturbed = { ...w, config: { ...w.config, Wk: w.config.Wq, bk: w.config.bq } };
  const where = `${relative(root, lesson.entry.file)} (widget fence 1, "qkv-asymmetry")`;
  assert.deepEqual(await failures(where, w), [], 'the real example passes');
  const got = await failures(where, perturbed);
  assert.ok(got.length >= 1, 'the perturbed example fails');
  assert.match(
    got.join('\n'),
    /^content\/lessons\/04-query-key-value\.md \(widget fence 1, "qkv-asymmetry"\): ".+": scores\.Apple\.phones = [\d.]+ is not > scores\.phones\.Apple = [\d.]+/,
  );
});

test('a claim naming no fact is an error, not a false claim', () => {
  assert.throws(() => checkClaim({ a: { b: 1 } }, { text: 't', check: ['a.c', '>', 0] }), /no number at "a\.c"/);
  assert.equal(checkClaim({ a: 1 }, { text: 't', check: ['a', '==', 1 + 1e-12] }).ok, true);
  assert.equal(checkClaim({ a: 1 }, { text: 't', check: ['a', '==', 1 + 1e-6] }).ok, false);
});

test('the build rejects a claim of the wrong shape, naming the fence and the key', () => {
  assert.deepEqual(claimsProblems([{ text: 'x', check: ['a', '>', 'b'] }]), []);
  const bad = '```widget softmax\n{ "scores": [1, 2], "claims": [{ "text": "", "check": ["a", "=>", null] }] }\n```\n';
  assert.throws(
    () => renderMarkdown(bad, 'l.md', { schemas }),
    /l\.md:1 \(widget fence 1, "softmax"\): "claims\[0\]\.text" must be .*"claims\[0\]\.check\[1\]" must be one of .*"claims\[0\]\.check\[2\]" must be/,
  );
});

test("the widget kit sets a fence's claims aside (checking their shape) before its schema sees the config", () => {
  const widget = { config: declareConfig({ start: param.number() }), state: {}, defaults: () => ({}) };
  let seen;
  const mount = defineWidget(widget, ({ config }) => ((seen = config), {}));
  const claims = [{ text: 'start is 2', check: ['start', '==', 2] }];
  mount({}, { engine: null, config: { start: 2, claims }, state: {}, setState: () => {} });
  assert.deepEqual(seen, { start: 2 });
  assert.throws(
    () => mount({}, { engine: null, config: { start: 2, claims: [{ text: 'x' }] }, state: {}, setState: () => {} }),
    /"claims\[0\]\.check" must be \[left, op, right\]/,
  );
});

test("lesson 6's example is lesson 5's as its prose says: the same X, W_Q, W_K, and W_V a tenth of lesson 5's with its columns moved round by one", () => {
  const widget = (slug, name) => lessons.find((l) => l.slug === slug).widgets.find((w) => w.name === name).config;
  const five = widget('attention-step-by-step', 'attention-steps');
  const six = widget('residual-and-norm', 'add-norm');
  assert.deepEqual(six.X, five.presets[0].X, "lesson 5's whole-number X");
  assert.deepEqual(six.attention.Wq, five.Wq);
  assert.deepEqual(six.attention.Wk, five.Wk);
  // Column j of lesson 6's W_V is column j + 1 of lesson 5's, divided by 10.
  const d = five.Wv.length;
  const moved = five.Wv.map((row) => row.map((_, j) => row[(j + 1) % d] / 10));
  six.attention.Wv.forEach((row, i) =>
    row.forEach((x, j) => assert.ok(Math.abs(x - moved[i][j]) < 1e-12, `W_V[${i}][${j}]`)),
  );
});

test("lesson 13's tiles walk lesson 5's example as its prose says: the same X, W_Q, W_K and W_V, its whole numbers among the examples, so the tiles' output is lesson 5's", () => {
  const widget = (slug, name) => lessons.find((l) => l.slug === slug).widgets.find((w) => w.name === name).config;
  const five = widget('attention-step-by-step', 'attention-steps');
  const tiles = widget('attention-at-scale', 'attention-tiles');
  for (const key of ['X', 'Wq', 'Wk', 'Wv']) assert.deepEqual(tiles[key], five[key], key);
  assert.deepEqual(tiles.examples[0].X, five.presets[0].X, "lesson 5's whole-number X");
});
