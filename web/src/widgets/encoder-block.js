// Lesson 6: one whole encoder block. A small sentence goes through multi-head self-attention,
// Add & Norm, the feed-forward layer and Add & Norm again; every stage's matrix is the engine's
// (multiHeadAttention, residual, layerNorm, feedForwardTrace, via runBlock in the facts module,
// the same code the lesson's claims are checked with). The residuals can be switched off to see
// what the block keeps of each token; the cosines say it in one number per token.
import { el, messageLine } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { checkbox, presets, tryEngine } from '../ui/controls.js';
import { matrixEditor } from '../ui/matrix-editor.js';
import { matrixView } from '../ui/matrix-view.js';
import { barChart } from '../ui/bars.js';
import { tex } from '../ui/tex.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { LIMIT, matrix } from './encoder-block.schema.js';
import { runBlock } from './encoder-block.facts.js';
import './encoder-block.css';

const widget = {
  config: configSchema,
  state: { X: matrix, res: param.boolean() },
  defaults: (config) => ({ X: config.X, res: config.residual ?? true }),
};

const shape = (M, r, c) => Array.isArray(M) && M.length === r && M.every((row) => row.length === c);

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const n = config.X.length;
  const d = config.X[0].length;
  const hidden = config.W1[0].length;
  const tokens = config.X.map((_, i) => config.tokens?.[i] ?? `token ${i + 1}`);
  // A hand-edited link with the wrong shape falls back to the example.
  if (!shape(v.X, n, d)) v.X = config.X;

  const message = messageLine();
  const xEditor = matrixEditor({
    name: 'X',
    label: tex`X \text{ (input)}`,
    values: v.X,
    rowLabels: tokens,
    min: -LIMIT,
    max: LIMIT,
    onChange: (M) => ((v.X = M), update()),
  });
  const setX = (M) => {
    v.X = M;
    xEditor.set(M);
    update();
  };
  // The example, and every row like the first: without positions, identical rows are
  // indistinguishable to the whole block.
  const examplesX = [config.X, config.X.map(() => config.X[0])];
  const examples = presets({
    items: [{ label: 'The example' }, { label: `Every token like “${tokens[0]}”` }],
    onPick: (i) => setX(examplesX[i].map((r) => r.slice())),
  });
  const residual = checkbox({
    label: 'Residual connections (add the input back before each norm)',
    checked: v.res,
    onChange: (on) => ((v.res = on), update()),
  });

  const headsBox = el('div', { class: 'block-heads' });
  const attentionBox = el('div', { class: 'scroll-x' });
  const norm1Box = el('div', { class: 'scroll-x' });
  const ffnBox = el('div', { class: 'scroll-x' });
  const reluLine = el('p', { class: 'readout' });
  const outBox = el('div', { class: 'scroll-x' });
  const statsLine = el('p', { class: 'readout' });
  const keepBox = el('div', { class: 'block-keep', 'aria-live': 'polite' });

  const stage = (title, ...children) => el('section', { class: 'stage' }, el('h4', {}, title), ...children);
  root.append(
    el('h3', { class: 'widget-title' }, 'One encoder block, stage by stage'),
    el(
      'p',
      { class: 'widget-note' },
      `Edit X or pick an example; ${config.heads.length} heads, a feed-forward layer ${d} → ${hidden} → ${d}. Every number is the engine's.`,
    ),
    examples.node,
    el('div', { class: 'controls' }, residual.node),
    el('div', { class: 'scroll-x' }, xEditor.node),
    message.node,
    el(
      'div',
      { class: 'stages' },
      stage('1. Multi-head self-attention: tokens look at each other', headsBox, attentionBox),
      stage('2. Add & Norm', norm1Box),
      stage('3. Feed-forward: each token on its own', ffnBox, reluLine),
      stage('4. Add & Norm: the block’s output', outBox, statsLine),
      stage('What the block keeps of each token', keepBox),
    ),
  );

  const view = (name, label, values, extra = {}) =>
    matrixView({ name, label, values, rowLabels: tokens, digits: 2, heat: 'auto', ...extra }).node;

  function render() {
    const run = tryEngine(message, () => runBlock(engine, config, v.X, v.res));
    const other = run && tryEngine(message, () => runBlock(engine, config, v.X, !v.res));
    const own = other && tryEngine(message, () => engine.layerNorm(v.X));
    if (!own) return false;
    const on = v.res ? run : other;
    const off = v.res ? other : run;

    headsBox.replaceChildren(
      ...run.attention.heads.map((h, i) =>
        el(
          'div',
          { class: `block-head block-head-${(i % 4) + 1}` },
          view(`weights head ${i + 1}`, `Head ${i + 1}: attention weights`, h.weights, {
            colLabels: tokens,
            heat: { min: 0, max: 1 },
            fixed: true, // 0.00, not 8.61e-4: weights are read as decimals
          }),
        ),
      ),
    );
    attentionBox.replaceChildren(
      view('attention', tex`\operatorname{Concat}(\text{heads})\,W_O`, run.attention.output),
    );
    norm1Box.replaceChildren(
      view(
        'norm1',
        v.res
          ? tex`N_1 = \operatorname{LayerNorm}(X + \text{attention})`
          : tex`N_1 = \operatorname{LayerNorm}(\text{attention})`,
        run.norm1,
      ),
    );
    ffnBox.replaceChildren(
      view('relu', tex`\max(0,\ N_1 W_1 + b_1)`, run.ffn.activated, {
        colLabels: run.ffn.activated[0].map((_, j) => `h${j + 1}`),
      }),
      view('ffn', tex`\text{FFN}(N_1) = \max(0,\ N_1 W_1 + b_1)\,W_2 + b_2`, run.ffn.output),
    );
    const zeroed = run.ffn.activated.map((row) => row.filter((a) => a === 0).length);
    reluLine.textContent = `ReLU sets ${tokens.map((t, i) => `${zeroed[i]} of ${hidden} hidden units to 0 for “${t}”`).join(', ')}: a different part of the layer works for each token.`;
    outBox.replaceChildren(
      view(
        'output',
        v.res ? tex`\operatorname{LayerNorm}(N_1 + \text{FFN}(N_1))` : tex`\operatorname{LayerNorm}(\text{FFN}(N_1))`,
        run.output,
      ),
    );
    // The engine measures its own output: every row has mean 0 and variance just under 1.
    const check = tryEngine(message, () => engine.layerNormTrace(run.output));
    if (!check) return false;
    statsLine.textContent = `Check with the engine: each row of the output has mean ${check.mean
      .map((m) => fmt(m, 4, { fixed: true }))
      .join(', ')} and variance ${check.variance.map((s) => fmt(s, 6)).join(', ')}, ready for the next block.`;

    const cos = (a, b) => engine.similarity(a, b).cosine;
    const keep = (r) => own.map((x, i) => cos(x, r.output[i]) ?? 0);
    keepBox.replaceChildren(
      el(
        'p',
        { class: 'widget-note' },
        'Cosine between each token’s own input, LayerNorm(X), and its block output (1 = same direction, 0 = unrelated, below 0 = opposite).',
      ),
      el(
        'div',
        { class: 'row' },
        el(
          'div',
          { class: 'panel' },
          el('p', { class: 'bars-title' }, 'With the residuals'),
          barChart({ title: 'With the residuals', labels: tokens, values: keep(on), min: -1 }).node,
        ),
        el(
          'div',
          { class: 'panel' },
          el('p', { class: 'bars-title' }, 'Without them'),
          barChart({ title: 'Without the residuals', labels: tokens, values: keep(off), min: -1 }).node,
        ),
      ),
    );
    return true;
  }
  return { render };
});
