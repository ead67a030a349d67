// Lesson 7: the n^2 cost. The learner picks a sequence length n (slider, number field or the
// lesson's presets). Up to `maxCompute` tokens the engine really runs self-attention on a fixed
// input (the positional encodings of n positions, W_Q = sharpness·I) and the n x n weight
// matrix is drawn, its shape read from the engine's result; for any n the table counts the
// scores, the multiply-adds and the memory for all heads and layers. The counts are sizes
// (n·n, n·n·d), bookkeeping about the matrices, not attention math.
import { el, messageLine } from '../ui/dom.js';
import { numberField } from '../ui/number-field.js';
import { presets, slider, tryEngine } from '../ui/controls.js';
import { heatCanvas } from '../ui/heat-canvas.js';
import { identity } from '../ui/data.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { MAX_N } from './attention-cost.schema.js';
import './attention-cost.css';

const widget = {
  config: configSchema,
  state: { n: param.integer({ min: 1, max: MAX_N }) },
  defaults: (config) => ({ n: config.n ?? 64 }),
};

const count = new Intl.NumberFormat('en-US');
function bytes(b) {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  while (b >= 1000 && i < units.length - 1) {
    b /= 1000;
    i += 1;
  }
  return `${i === 0 ? b : b.toPrecision(3)} ${units[i]}`;
}

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const lengths = config.lengths ?? [8, 64, 512, 4096];
  const heads = config.heads ?? 8;
  const layers = config.layers ?? 6;
  const bpn = config.bytesPerNumber ?? 4;
  const d = config.d ?? 8;
  const maxCompute = config.maxCompute ?? 512;
  const I = identity(d);
  // Queries scaled up so the weights form a visible band around the diagonal (a config constant).
  const Wq = identity(d, config.sharpness ?? 4);

  const nSlider = slider({
    label: `n (1–${maxCompute})`,
    min: 1,
    max: maxCompute,
    step: 1,
    value: Math.min(v.n, maxCompute),
    onInput: (x) => setN(x, 'slider'),
  });
  const nField = numberField({
    label: 'or type n',
    value: v.n,
    min: 1,
    max: MAX_N,
    integer: true,
    name: 'n',
    width: '7rem',
    hint: `up to ${count.format(MAX_N)}`,
    onChange: (x) => setN(x, 'field'),
  });
  const picks = presets({
    label: 'Lengths',
    items: lengths.map((x) => ({ label: count.format(x) })),
    onPick: (i) => setN(lengths[i], 'preset'),
  });
  const engineMessage = messageLine();
  const shapeLine = el('p', { class: 'readout', 'aria-live': 'polite' });
  const heat = heatCanvas({
    label: 'Attention weights computed by the engine (row = query token, column = key token)',
    values: [[1]],
    range: 'auto',
    rowName: 'token',
    colName: 'token',
    digits: 4,
  });
  const figure = el('div', { class: 'cost-figure' }, heat.node);
  const figureRem = (n) => 4 + (20 * Math.log2(Math.max(2, n))) / Math.log2(Math.max(4, maxCompute));
  const tooBig = el('p', { class: 'widget-note' });
  const table = el('div', { class: 'trace-scroll' });
  const tableNote = el('p', { class: 'widget-note' });

  root.append(
    el('h3', { class: 'widget-title' }, 'Attention costs n² '),
    el('div', { class: 'controls' }, nSlider.node, nField.node),
    el('div', { class: 'controls' }, picks.node),
    engineMessage.node,
    shapeLine,
    figure,
    tooBig,
    table,
    tableNote,
  );

  function setN(n, from) {
    v.n = n;
    if (from !== 'slider') nSlider.set(Math.min(n, maxCompute));
    if (from !== 'field') nField.set(n);
    update();
  }

  function render() {
    const n = v.n;
    if (n <= maxCompute) {
      const res = tryEngine(engineMessage, () =>
        engine.selfAttention({ X: engine.positionalEncoding(n, d), Wq, Wk: I, Wv: I }),
      );
      if (!res) return;
      heat.node.hidden = false;
      heat.update(res.weights);
      // The picture grows with n (on a log scale: 8 tokens small, the largest computed n full size),
      // so a longer sequence looks like a bigger matrix, not the same square with finer cells.
      figure.style.width = `${figureRem(n)}rem`;
      shapeLine.textContent = `Computed: the score matrix is ${res.scores.length} × ${res.scores[0].length} = ${count.format(res.scores.length * res.scores[0].length)} scores; the output is ${res.context.length} × ${res.context[0].length}.`;
      tooBig.textContent = `Input: the positional encodings of ${n} positions (d = ${d}), W_Q = ${config.sharpness ?? 4}·I, W_K = W_V = I, so nearby positions attend to each other.`;
    } else {
      heat.node.hidden = true;
      shapeLine.textContent = `n = ${count.format(n)}: the score matrix would be ${count.format(n)} × ${count.format(n)} = ${count.format(n * n)} scores.`;
      tooBig.textContent = `This page computes attention live up to n = ${maxCompute}; beyond that it only counts. One head of one layer would need ${bytes(n * n * bpn)} just for its scores.`;
    }
    const rows = [...new Set([...lengths, n])].sort((a, b) => a - b);
    table.replaceChildren(
      el(
        'table',
        { class: 'trace cost-table' },
        el('caption', { class: 'visually-hidden' }, 'Cost of attention for each sequence length'),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ['n', 'scores', 'memory', 'multiply-adds'].map((h) => el('th', { scope: 'col' }, h)),
          ),
        ),
        el(
          'tbody',
          {},
          rows.map((m) =>
            el(
              'tr',
              { class: m === n ? 'current' : '', 'aria-current': m === n ? 'true' : undefined },
              el('th', { scope: 'row' }, count.format(m)),
              el('td', {}, count.format(m * m)),
              el('td', {}, bytes(m * m * heads * layers * bpn)),
              el('td', {}, count.format(2 * m * m * d)),
            ),
          ),
        ),
      ),
    );
    tableNote.textContent = `Scores: n² per head and layer. Multiply-adds: 2·n²·d for QKᵀ and AV (d = ${d}). Memory: the scores of all ${heads} heads × ${layers} layers at ${bpn} bytes each.`;
  }
  return { render };
});
