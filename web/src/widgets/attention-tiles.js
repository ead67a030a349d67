// Lesson 13: FlashAttention's tiles, walked one at a time. The engine computes attention tile by
// tile (attentionTiled with trace: true) on lesson 5's example or another input for the same
// weights, in blocks of the learner's size; a stepper walks the tiles in the engine's order. For
// each tile: the n x n grid with the tile's scores (read from selfAttention for the picture: the
// tiled call never holds them all), and every query row's running max m, running sum l and
// running output O, the rows of this tile with what they were before it. After the last tile, O
// is compared with plain attention's output (lesson 5's context).
import { el, messageLine } from '../ui/dom.js';
import { fmt, fmtVector } from '../ui/format.js';
import { numberField, markRange } from '../ui/number-field.js';
import { select, slider, tryEngine, hideControls } from '../ui/controls.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { MAX_TOKENS } from './attention-tiles.schema.js';
import { rowsAfter, finalOutput } from './attention-tiles/walk.js';
import { scoreGrid } from './attention-tiles/grid.js';
import './attention-tiles.css';

const MAX_STEPS = MAX_TOKENS * MAX_TOKENS;

const widget = {
  config: configSchema,
  state: (config) => ({
    ex: param.integer({ min: 0, max: (config.examples ?? []).length }),
    block: param.integer({ min: 1, max: MAX_TOKENS }),
    step: param.integer({ min: 0, max: MAX_STEPS }),
  }),
  defaults: (config) => ({ ex: 0, block: config.blockSize ?? 1, step: 0 }),
};

// Equal to the last few bits (the tiled and the plain path add in different orders).
const near = (a, b) =>
  a.every((row, i) => row.every((x, j) => Math.abs(x - b[i][j]) <= 1e-12 * Math.max(1, Math.abs(x))));

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const examples = [
    { label: config.label ?? 'This example', X: config.X, tokens: config.tokens },
    ...(config.examples ?? []),
  ];
  const example = () => examples[v.ex];
  const tokensOf = (e) => e.tokens ?? e.X.map((_, i) => `token ${i + 1}`);
  const n = () => example().X.length;
  // A link may hold a block size larger than its example: the largest that fits.
  v.block = Math.min(v.block, n());

  const picker = select({
    label: 'Example',
    options: examples.map((e, i) => ({ value: String(i), label: `${e.label} (${e.X.length} tokens)` })),
    value: String(v.ex),
    onChange: (x) => {
      v.ex = Number(x);
      v.block = Math.min(v.block, n());
      v.step = 0;
      blockField.set(v.block);
      fitBlockRange();
      update();
    },
  });
  const blockField = numberField({
    label: 'Block size',
    value: v.block,
    min: 1,
    max: MAX_TOKENS,
    integer: true,
    width: '5rem',
    hint: 'tokens per tile side',
    check: (b) => (b > n() ? `The block size must be at most ${n()}, the number of tokens in this example.` : null),
    onChange: (b) => {
      v.block = b;
      v.step = 0;
      update();
    },
  });
  // The field takes 1 to n of the example shown: its range says so (the control sweep reads it).
  const fitBlockRange = () => markRange(blockField.input, { min: 1, max: MAX_TOKENS, integer: true, most: n() });
  fitBlockRange();

  const go = (step) => {
    v.step = step;
    update();
  };
  const button = (label, to) => el('button', { type: 'button', class: 'button small', onclick: () => go(to()) }, label);
  const first = button('Start', () => 0);
  const previous = button('◀ Previous tile', () => Math.max(0, v.step - 1));
  const next = button('Next tile ▶', () => Math.min(count, v.step + 1));
  const last = button('End', () => count);
  const stepSlider = slider({
    label: 'Tile',
    min: 0,
    max: 1,
    step: 1,
    value: v.step,
    onInput: (s) => go(s),
  });
  let count = 1;

  const engineMessage = messageLine();
  const where = el('p', { class: 'readout tile-where', 'aria-live': 'polite' });
  const grid = scoreGrid();
  const rowsBody = el('tbody');
  const rowsTable = el(
    'table',
    { class: 'trace tile-rows' },
    el('caption', {}, 'What each query row keeps'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ['query', 'running max m', 'running sum l', 'running output O'].map((h) => el('th', { scope: 'col' }, h)),
      ),
    ),
    rowsBody,
  );
  const verdict = el('p', { class: 'readout tile-verdict' });
  const note = el(
    'p',
    { class: 'widget-note' },
    '— : no key reached yet (m starts at −∞, l at 0). A row of this tile shows its value before → after. ' +
      'The grid shows the current tile’s scores only: the tiled computation holds no others.',
  );
  const exampleControls = picker.node;

  root.append(
    el('h3', { class: 'widget-title' }, 'FlashAttention: one tile at a time'),
    el('div', { class: 'controls' }, exampleControls, blockField.node),
    el('div', { class: 'controls tile-stepper' }, first, previous, next, last, stepSlider.node),
    engineMessage.node,
    where,
    grid.node,
    el('div', { class: 'trace-scroll tile-rows-scroll' }, rowsTable),
    verdict,
    note,
  );
  hideControls(config, { examples: exampleControls });

  function render() {
    const { X } = example();
    const tokens = tokensOf(example());
    const spec = { X, Wq: config.Wq, Wk: config.Wk, Wv: config.Wv };
    const res = tryEngine(engineMessage, () => ({
      tiled: engine.attentionTiled({ ...spec, blockSize: v.block, trace: true }),
      plain: engine.selfAttention(spec),
    }));
    if (!res) return false;
    const { tiles } = res.tiled;
    count = tiles.length;
    v.step = Math.min(v.step, count);
    stepSlider.input.max = String(count);
    stepSlider.set(v.step);
    stepSlider.input.setAttribute(
      'aria-valuetext',
      v.step === 0 ? 'before the first tile' : `tile ${v.step} of ${count}`,
    );
    first.disabled = previous.disabled = v.step === 0;
    next.disabled = last.disabled = v.step === count;

    const tile = v.step > 0 ? tiles[v.step - 1] : null;
    const span = ([one, many], a, b) => (b - a === 1 ? `${one} ${a + 1}` : `${many} ${a + 1}–${b}`);
    where.textContent = tile
      ? `Tile ${v.step} of ${count}: ${span(['query', 'queries'], tile.queryStart, tile.queryEnd)} against ${span(['key', 'keys'], tile.keyStart, tile.keyEnd)}`
      : `Before the first tile (${count} tiles of up to ${v.block} × ${v.block} in all)`;
    grid.update({ tokens, scores: res.plain.scores, block: v.block, tiles, step: v.step });

    const now = rowsAfter(tiles, X.length, v.step);
    const before = rowsAfter(tiles, X.length, Math.max(0, v.step - 1));
    const changed = (i) => tile && i >= tile.queryStart && i < tile.queryEnd;
    const show = (row, key) => (row ? fmt(row[key], 4, { fixed: true }) : '—');
    rowsBody.replaceChildren(
      ...tokens.map((t, i) => {
        const r = now[i];
        const was = before[i];
        const here = changed(i);
        const cell = (key) => el('td', {}, here ? `${show(was, key)} → ${show(r, key)}` : show(r, key));
        return el(
          'tr',
          { class: here ? 'current' : '' },
          el('th', { scope: 'row' }, here ? `▶ ${t}` : t),
          cell('m'),
          cell('l'),
          el('td', {}, r ? fmtVector(r.O, 4, { fixed: true }) : '—'),
        );
      }),
    );

    if (v.step === count) {
      const O = finalOutput(tiles, X.length);
      const equal = near(O, res.plain.context);
      const rows = (M) => M.map((row) => fmtVector(row, 4, { fixed: true })).join(', ');
      verdict.replaceChildren(
        `After the last tile, O is the output: ${rows(O)}. Plain attention (selfAttention, which holds every score) gives ${rows(res.plain.context)}: `,
        el('span', { class: `verdict ${equal ? 'same' : 'differ'}` }, equal ? 'the same' : 'different'),
      );
    } else {
      verdict.textContent = `${count - v.step} ${count - v.step === 1 ? 'tile' : 'tiles'} to go.`;
    }
    return true;
  }
  return { render };
});
