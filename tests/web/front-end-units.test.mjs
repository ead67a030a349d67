// The front end's pure modules, without a browser: build-time Markdown/math/fence handling, the
// hash router, the URL state types, number parsing and formatting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../web/plugins/markdown.js';
import { parseFrontMatter } from '../../web/plugins/content-plugin.js';
import { compileTexTemplates } from '../../web/plugins/tex-macro.js';
import { parseHash, formatHash } from '../../web/src/router/hash.js';
import { declareState, param } from '../../web/src/state/params.js';
import { parseNumber, parseVector } from '../../web/src/ui/parse.js';
import { barSpan } from '../../web/src/ui/bars.js';
import { fmt, fmtVector, fmtProduct, fmtDecimal } from '../../web/src/ui/format.js';
import { verdict } from '../../web/src/lesson/predict.js';

const fence = (info, body) => '```' + info + '\n' + body + '\n```\n';

test('Markdown: math becomes KaTeX HTML at build time, prices stay text', () => {
  const { html } = renderMarkdown('Inline $q \\cdot k$ and\n\n$$\n\\frac{a}{b}\n$$\n\nIt costs $5 and $6.', 'x.md');
  assert.match(html, /<span class="katex">/);
  assert.match(html, /class="math-display"[^>]*><span class="katex-display">/);
  assert.match(html, /It costs \$5 and \$6\./);
  assert.doesNotMatch(html, /\$q/);
});

test('Markdown: a bad formula fails the build and names the file', () => {
  assert.throws(() => renderMarkdown('Broken $\\frac{a$ here', 'lesson.md'), /lesson\.md: KaTeX cannot render/);
});

test('Markdown: widget fences become mount points carrying their JSON', () => {
  const md = fence('widget softmax', '{ "scores": [8, 2, 5] }') + fence('widget softmax', '{}');
  const { html, widgets } = renderMarkdown(md, 'x.md');
  assert.deepEqual(widgets, [
    { name: 'softmax', key: 'softmax', config: { scores: [8, 2, 5] } },
    { name: 'softmax', key: 'softmax-2', config: {} },
  ]);
  assert.equal(html.match(/class="widget-mount" data-widget-index="\d"/g).length, 2);
  assert.throws(() => renderMarkdown(fence('widget softmax', '{ scores: 1 }'), 'a.md'), /a\.md:1 .*not valid JSON/);
  assert.throws(() => renderMarkdown(fence('widget', '{}'), 'a.md'), /needs a name/);
  assert.throws(() => renderMarkdown(fence('widget softmax', '[1]'), 'a.md'), /JSON object/);
});

test('Markdown: exercise fences are validated and their prose rendered', () => {
  const ok = { prompt: 'Weight of $8$?', call: 'softmax', args: [[8, 2, 5]], answer: '[0]', tolerance: 0.005 };
  const { exercises, html } = renderMarkdown(fence('exercise', JSON.stringify(ok)), 'x.md');
  assert.equal(exercises.length, 1);
  assert.match(exercises[0].prompt, /katex/);
  assert.match(html, /class="exercise-mount" data-exercise-index="0"/);
  const bad = (patch, pattern) =>
    assert.throws(() => renderMarkdown(fence('exercise', JSON.stringify({ ...ok, ...patch })), 'x.md'), pattern);
  bad({ tolerance: undefined }, /tolerance/);
  bad({ call: 'soft max' }, /engine function name/);
  bad({ answer: 'weights[0' }, /answer" path/);
  bad({ args: 'no' }, /args/);
  bad({ choices: ['a'], reduce: 'argmax', tolerance: undefined }, /at least two/);
  bad({ choices: ['a', 'b'], tolerance: undefined }, /reduce/);
  // "" = the whole result (a plain number), allowed.
  assert.doesNotThrow(() => renderMarkdown(fence('exercise', JSON.stringify({ ...ok, answer: '' })), 'x.md'));
});

test('front matter: key: value lines, a title required', () => {
  const { meta, body } = parseFrontMatter('---\ntitle: Softmax\nnav: "Soft"\n---\nBody', 'a.md');
  assert.deepEqual({ ...meta }, { title: 'Softmax', nav: 'Soft' });
  assert.equal(body, 'Body');
  assert.throws(() => parseFrontMatter('no front matter', 'a.md'), /a\.md: missing front matter/);
  assert.throws(() => parseFrontMatter('---\nnav: x\n---\n', 'a.md'), /needs a title/);
});

test('tex`...` templates compile to KaTeX HTML; templates with ${} are left alone', () => {
  const out = compileTexTemplates('const a = tex`Q K^\\top`; const b = texDisplay`x`; const c = `${tex}`;', 'w.js');
  assert.match(out, /const a = tex\.compiled\("<span class=\\"katex\\">/);
  assert.match(out, /const b = texDisplay\.compiled\("<span class=\\"katex-display\\">/);
  assert.match(out, /const c = `\$\{tex\}`;/);
});

test('hash routes: parse and format are inverses; hostile keys are dropped', () => {
  const state = { softmax: { scores: '8,2,5', t: '1.5' }, 'attention-steps': { X: '6,1;8,4', causal: '1' } };
  const hash = formatHash('softmax', state);
  assert.equal(hash, '#/softmax?attention-steps.X=6,1;8,4&attention-steps.causal=1&softmax.scores=8,2,5&softmax.t=1.5');
  const back = parseHash(hash);
  assert.equal(back.slug, 'softmax');
  assert.deepEqual(JSON.parse(JSON.stringify(back.state)), state);
  assert.deepEqual(parseHash('#/context?context-shift.s=I%20love%20apple').state['context-shift'].s, 'I love apple');
  const evil = parseHash('#/x?__proto__.polluted=1&a.constructor=2&bad=3&.x=4&y.=5&c.d=%E0%A4%A');
  assert.equal({}.polluted, undefined);
  assert.deepEqual(Object.keys(evil.state), ['c']);
  assert.equal(evil.state.c.d, '', 'a broken %-escape becomes empty, not an exception');
  assert.deepEqual(parseHash(''), { slug: '', state: {} });
});

test('URL state types parse what they format and reject the rest', () => {
  const S = declareState({
    v: param.vector({ maxLength: 3 }),
    m: param.matrix({ maxRows: 2, maxCols: 2 }),
    n: param.number({ min: 0, max: 10 }),
    i: param.integer({ min: 1, max: 8 }),
    b: param.boolean(),
    c: param.choice(['tech', 'food']),
  });
  const values = {
    v: [8, -2, 0.5],
    m: [
      [1, 2],
      [3, 4],
    ],
    n: 2.5,
    i: 3,
    b: true,
    c: 'food',
  };
  const written = S.write(values);
  assert.deepEqual(written, { v: '8,-2,0.5', m: '1,2;3,4', n: '2.5', i: '3', b: '1', c: 'food' });
  assert.deepEqual(S.read(written, {}), values);
  const defaults = { v: [1], m: [[0]], n: 1, i: 1, b: false, c: 'tech' };
  const hostile = { v: '1,2,3,4', m: '1,2;3', n: 'NaN', i: '2.5', b: 'yes', c: '<img>' };
  assert.deepEqual(S.read(hostile, defaults), defaults);
  assert.deepEqual(S.read({ n: '1e308' }, defaults).n, 1);
  assert.throws(() => S.write({ nope: 1 }), /not declared/);
  // A value the URL could not read back is left out of it, so a shared link stays valid.
  const T = declareState({ s: param.text({ maxLength: 3 }), n: param.number({ max: 10 }) });
  assert.deepEqual(T.write({ s: 'abcd', n: 11 }), { s: undefined, n: undefined });
  assert.deepEqual(T.write({ s: 'abc', n: 10 }), { s: 'abc', n: '10' });
});

test('number parsing: empty, letters, NaN, Infinity, overflow and out-of-range are refused with a reason', () => {
  const cases = [
    ['', /empty/],
    ['abc', /must be a number/],
    ['NaN', /NaN is not one/],
    ['-Infinity', /not infinity/],
    ['1e308', /between/],
    ['1e999', /too large/],
    ['2.5', null],
    ['−3', null],
    ['.5e1', null],
  ];
  for (const [text, pattern] of cases) {
    const r = parseNumber(text);
    if (pattern) assert.match(r.message, pattern, text);
    else assert.equal(r.ok, true, text);
  }
  assert.equal(parseNumber('−3').value, -3);
  assert.equal(parseNumber('2.5', { integer: true }).ok, false);
  assert.deepEqual(parseVector('[8, 2 5]'), { ok: true, value: [8, 2, 5] });
  assert.match(parseVector('1,x').message, /Number 2 must be a number/);
  assert.match(parseVector(Array(20).fill(1).join(','), { maxLength: 12 }).message, /20 numbers; at most 12/);
});

test('a vector message reads right for a plural name ("The scores"), not "The scores has/is"', () => {
  const name = 'The scores';
  const messages = [
    parseVector('', { name }).message,
    parseVector('1, 2, 3', { name, maxLength: 2 }).message,
    parseVector('1', { name, minLength: 2 }).message,
  ];
  for (const m of messages) {
    assert.match(m, /^The scores: /, m);
    assert.doesNotMatch(m, /The scores (has|is|needs)\b/, m);
  }
  assert.match(messages[2], /1 number; at least 2 are needed/);
});

test('formatting never shows NaN or -0, and marks infinities', () => {
  assert.equal(fmt(NaN), '—');
  // Every minus sign is the typographic one, the exponent's included (once "−4.51e-5").
  assert.equal(fmt(-0.0001, 2), '−1e−4');
  assert.equal(fmt(-4.51e-5, 3), '−4.51e−5');
  assert.equal(fmt(2.338e-5, 3), '2.338e−5');
  assert.equal(fmt(-0.0001, 2, { fixed: true }), '0.00');
  assert.equal(fmt(-Infinity), '−∞');
  assert.equal(fmt(0.95033, 3, { fixed: true }), '0.950');
  assert.equal(fmt(2505.5, 4), '2505.5');
  assert.equal(fmt(12345678), '1.235e+7');
  assert.equal(fmtVector([74, 54, 67, 62]), '[74, 54, 67, 62]');
  assert.equal(fmtProduct(2, -4), '2·(−4)');
});

// The concept check and the review schedule of a record with neither (tests/web/learning-record.test.mjs).
const NOTHING_ANSWERED = { check: { before: null, after: null }, review: {} };

test('progress: stored data is read through a schema, malformed parts dropped', async () => {
  const { parseProgress } = await import('../../web/src/state/progress.js');
  // Each of these once threw on every load (typeof null === 'object') and blanked the site.
  for (const text of ['{"visited":null}', '{"solved":null}', 'null', '[]', '"x"', '{', '{"visited":[1],"solved":7}']) {
    assert.deepEqual(parseProgress(text), { resets: 0, visited: {}, solved: {}, ...NOTHING_ANSWERED }, text);
  }
  // The count of Resets (how a Reset spreads to other tabs) is a whole number in range or 0.
  for (const resets of [-1, 1.5, '3', 1e20, null, [2], {}, true]) {
    assert.equal(parseProgress(JSON.stringify({ resets })).resets, 0, JSON.stringify(resets));
  }
  assert.equal(parseProgress('{"resets":3}').resets, 3);
  const mixed = parseProgress(
    JSON.stringify({
      visited: { softmax: true, context: 'yes', '<img src=x>': true, 'dot-product': true },
      solved: { 'softmax#0': true, 'softmax#x': true, 'context#1': false, 'context#2': true },
      extra: 1,
    }),
  );
  assert.deepEqual(mixed, {
    resets: 0,
    visited: { softmax: true, 'dot-product': true },
    solved: { 'softmax#0': true, 'context#2': true },
    ...NOTHING_ANSWERED,
  });
});

test('progress: two tabs keep the union of their progress; Reset and storage events', async () => {
  const { createProgress, KEY } = await import('../../web/src/state/progress.js');
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)) };
  const older = createProgress(storage); // opened first, knows nothing yet
  const newer = createProgress(storage);
  for (const slug of [
    'context',
    'dot-product',
    'softmax',
    'query-key-value',
    'attention-step-by-step',
    'residual-and-norm',
  ])
    newer.markVisited(slug);
  newer.markSolved('softmax', 0);
  older.markVisited('beyond-one-head'); // used to write its stale copy over the other tab's six lessons
  const stored = JSON.parse(store.get(KEY));
  assert.equal(Object.keys(stored.visited).length, 7);
  assert.equal(stored.solved['softmax#0'], true);

  let heard = 0;
  newer.subscribe(() => heard++);
  newer.storageChanged(KEY); // the browser tells the newer tab that the older one saved
  assert.equal(newer.visited('beyond-one-head'), true);
  assert.equal(heard, 1);
  newer.storageChanged('some-other-key');
  assert.equal(heard, 1);

  older.reset();
  assert.deepEqual(JSON.parse(store.get(KEY)), { resets: 1, visited: {}, solved: {}, ...NOTHING_ANSWERED });
  newer.storageChanged(KEY);
  assert.equal(newer.visited('context'), false, 'a Reset in one tab is a Reset in the other');

  const broken = createProgress({
    getItem: () => {
      throw new Error('SecurityError');
    },
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
  });
  broken.markVisited('softmax');
  assert.equal(broken.visited('softmax'), true, 'without storage, progress lives in memory');
});

test('a predict verdict reads as decimals, however small the change (0.00033, not 3.285e−4)', () => {
  assert.equal(fmtDecimal(3.285e-4, 3), '0.00033');
  assert.equal(fmtDecimal(-4.03e-4, 3), '−0.0004');
  assert.equal(fmtDecimal(0.3947, 3), '0.395');
  assert.equal(fmtDecimal(0, 3), '0');
  const p = {
    kind: 'sign',
    choices: ['Up', 'Down', 'Neither'],
    check: { label: 'after the step' },
    baseline: { label: 'now' },
    digits: 3,
  };
  const { text } = verdict(p, 0, { index: 0, value: 3.285e-4, before: 0.3947, after: 0.3947 + 3.285e-4 });
  assert.doesNotMatch(text, /\de[-−]/, text);
  assert.match(text, /a difference of \+0\.00033/);
});

test('bars: a value in [min, max] spans from zero to itself; negative ones lie left of the zero line', () => {
  assert.deepEqual(barSpan(0.5, 0, 1), { start: 0, width: 0.5 });
  assert.deepEqual(barSpan(2, 0, 1), { start: 0, width: 1 }); // clamped to the track
  assert.deepEqual(barSpan(-0.5, 0, 1), { start: 0, width: 0 }); // [0, 1] bars draw no negatives
  assert.deepEqual(barSpan(-0.5, -1, 1), { start: 0.25, width: 0.25 });
  assert.deepEqual(barSpan(0.5, -1, 1), { start: 0.5, width: 0.25 });
  assert.deepEqual(barSpan(NaN, -1, 1), { start: 0, width: 0 });
});
