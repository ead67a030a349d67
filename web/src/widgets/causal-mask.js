// Lesson 7: the causal mask. One self-attention layer (engine selfAttention) on an editable
// sentence; the mask switch sets every score of a word for a LATER word to −∞ (shown hatched), so
// its weight is exactly 0, and each row of weights still sums to 1 (the sums are the engine's
// dot products with a vector of ones).
import { el, messageLine } from '../ui/dom.js';
import { checkbox, tryEngine } from '../ui/controls.js';
import { matrixEditor } from '../ui/matrix-editor.js';
import { matrixView } from '../ui/matrix-view.js';
import { tex } from '../ui/tex.js';
import { viridisGradient } from '../ui/colors.js';
import { identity } from '../ui/data.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { LIMIT, matrix } from './causal-mask.schema.js';

const widget = {
  config: configSchema,
  state: { X: matrix, causal: param.boolean() },
  defaults: (config) => ({ X: config.X, causal: config.causal ?? true }),
};

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const tokens = config.tokens;
  const d = config.X[0].length;
  const I = identity(d);
  const W = { Wq: config.Wq ?? I, Wk: config.Wk ?? I, Wv: config.Wv ?? I };
  if (v.X.length !== tokens.length || v.X[0].length !== d) v.X = config.X;
  const ones = tokens.map(() => 1);

  const engineMessage = messageLine();
  const causalBox = checkbox({
    label: 'Causal mask: no word may look at a later word',
    checked: v.causal,
    onChange: (on) => ((v.causal = on), update()),
  });
  const xEditor = matrixEditor({
    name: 'X',
    label: tex`X`,
    values: v.X,
    rowLabels: tokens,
    min: -LIMIT,
    max: LIMIT,
    onChange: (M) => ((v.X = M), update()),
  });
  const views = el('div', { class: 'matrix-row' });
  const summary = el('p', { class: 'readout', 'aria-live': 'polite' });

  root.append(
    el('h3', { class: 'widget-title' }, 'The causal mask'),
    el(
      'p',
      { class: 'widget-note' },
      'Rows are the word that looks, columns the word it looks at. Hatched cells are masked: score −∞, weight 0.',
    ),
    el('div', { class: 'controls' }, causalBox.node),
    el('div', { class: 'scroll-x' }, xEditor.node),
    engineMessage.node,
    el('div', { class: 'scroll-x' }, views),
    el(
      'div',
      { class: 'heat-legend', 'aria-hidden': 'true' },
      'weight 0',
      el('span', { class: 'ramp', style: { background: viridisGradient() } }),
      '1',
    ),
    summary,
  );

  function render() {
    const res = tryEngine(engineMessage, () => engine.selfAttention({ X: v.X, ...W, causal: v.causal }));
    if (!res) return;
    const sums = tryEngine(engineMessage, () => res.weights.map((row) => [engine.dot(row, ones)]));
    if (!sums) return;
    const weights = matrixView({
      name: 'weights',
      label: tex`A = \operatorname{softmax}(S)`,
      values: res.weights,
      rowLabels: tokens,
      colLabels: tokens,
      digits: 3,
      heat: { min: 0, max: 1 },
    });
    // A masked weight is a real 0, but it is hatched like its −∞ score so the triangle shows.
    res.scores.forEach((row, i) =>
      row.forEach((s, j) => {
        const td = s === -Infinity ? weights.cell(i, j) : null;
        if (!td) return;
        td.style.background = '';
        td.style.color = '';
        td.classList.add('masked');
      }),
    );
    views.replaceChildren(
      matrixView({
        name: 'scores',
        label: tex`S = QK^\top/\sqrt{d_k}`,
        values: res.scores,
        rowLabels: tokens,
        colLabels: tokens,
        digits: 3,
        caption: v.causal ? 'future masked to −∞' : 'no mask',
      }).node,
      weights.node,
      matrixView({
        name: 'row sums',
        label: tex`\textstyle\sum_j A_{ij}`,
        values: sums,
        rowLabels: tokens,
        digits: 6,
        caption: 'each row',
      }).node,
    );
    const masked = res.scores.flat().filter((s) => s === -Infinity).length;
    summary.textContent = v.causal
      ? `${masked} of ${tokens.length * tokens.length} scores are masked. “${tokens[0]}” can only look at itself; “${tokens[tokens.length - 1]}” sees every word.`
      : 'No mask: every word looks at every word, including the ones after it.';
  }
  return { render };
});
