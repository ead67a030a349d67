// Lesson 7: multi-head attention. 1-4 heads (their weights fixed in the config, so the pictures
// are the same for every learner) run side by side on an editable sentence; each head's weight
// heatmap and context, the concatenation, W_O and the output are shown, all from the engine's
// multiHeadAttention. Hover or focus a number in the concatenation or the output to see where
// it comes from. With h heads, W_O is the first h·d_v rows of the config's W_O: each head owns
// its block of rows.
import { el, messageLine } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { checkbox, select, tryEngine } from '../ui/controls.js';
import { matrixEditor } from '../ui/matrix-editor.js';
import { matrixView, createLinker } from '../ui/matrix-view.js';
import { tex } from '../ui/tex.js';
import { viridisGradient } from '../ui/colors.js';
import { column } from '../ui/data.js';
import { param } from '../state/params.js';
import { attentionLines } from '../ui/attention-lines.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { MAX_HEADS, LIMIT, matrix } from './multi-head.schema.js';
import './multi-head.css';

/** Only as many heads as W_O has row blocks for. */
const headsAvailable = (config) =>
  Math.min(MAX_HEADS, config.heads.length, Math.floor(config.Wo.length / config.heads[0].Wv[0].length));

const widget = {
  config: configSchema,
  state: { h: param.integer({ min: 1, max: MAX_HEADS }), X: matrix, causal: param.boolean() },
  defaults: (config) => ({
    h: Math.min(config.h ?? 2, headsAvailable(config)),
    X: config.X,
    causal: Boolean(config.causal),
  }),
};

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const tokens = config.tokens;
  const d = config.X[0].length;
  const dv = config.heads[0].Wv[0].length;
  const available = headsAvailable(config);
  const defaults = widget.defaults(config);
  if (v.h > available) v.h = defaults.h;
  if (v.X.length !== tokens.length || v.X[0].length !== d) v.X = defaults.X;

  const engineMessage = messageLine();
  const headCount = select({
    label: 'Number of heads',
    value: String(v.h),
    options: Array.from({ length: available }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })),
    onChange: (x) => ((v.h = Number(x)), update()),
  });
  const causalBox = checkbox({
    label: 'Causal mask',
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
  const headsBox = el('div', { class: 'head-grid' });
  const mixBox = el('div', { class: 'matrix-row' });
  const linker = createLinker({ explain });
  let res = null;

  const details = el(
    'details',
    { class: 'weights-details' },
    el('summary', {}, 'Each head’s W_Q, W_K, W_V (from the lesson’s example)'),
    el(
      'div',
      { class: 'head-grid' },
      config.heads
        .slice(0, available)
        .map((hd, i) =>
          el(
            'div',
            { class: `head-card head-${i + 1}` },
            el('h4', {}, headName(i)),
            el(
              'div',
              { class: 'matrix-row' },
              matrixView({ name: `h${i + 1} W_Q`, label: tex`W_Q`, values: hd.Wq, digits: 2 }).node,
              matrixView({ name: `h${i + 1} W_K`, label: tex`W_K`, values: hd.Wk, digits: 2 }).node,
              matrixView({ name: `h${i + 1} W_V`, label: tex`W_V`, values: hd.Wv, digits: 2 }).node,
            ),
          ),
        ),
    ),
  );

  function headName(i) {
    const given = config.heads[i]?.name;
    return given ? `Head ${i + 1}: ${given}` : `Head ${i + 1}`;
  }

  root.append(
    el('h3', { class: 'widget-title' }, 'Several heads, side by side'),
    el(
      'p',
      { class: 'widget-note' },
      'Choose how many heads run; edit X. Hover or focus a number in the concatenation or the output to see where it comes from.',
    ),
    el('div', { class: 'controls' }, headCount.node, causalBox.node),
    el('div', { class: 'scroll-x' }, xEditor.node),
    details,
    engineMessage.node,
    el('h4', {}, 'Each head’s attention weights and context'),
    headsBox,
    el(
      'div',
      { class: 'heat-legend', 'aria-hidden': 'true' },
      'weight 0',
      el('span', { class: 'ramp', style: { background: viridisGradient() } }),
      '1',
    ),
    el('h4', {}, 'Concatenate, then mix with W_O'),
    el('div', { class: 'scroll-x' }, mixBox),
    linker.node,
  );
  mixBox.addEventListener('pointerleave', () => linker.clear());

  const concatLabels = () => Array.from({ length: v.h * dv }, (_, c) => `h${Math.floor(c / dv) + 1}·${(c % dv) + 1}`);
  const wo = () => config.Wo.slice(0, v.h * dv);

  function explain(name, i, j) {
    if (!res) return null;
    if (name === 'concat') {
      const head = Math.floor(j / dv);
      const col = j % dv;
      return {
        sources: [{ name: `ctx${head + 1}`, cells: [[i, col]] }],
        equation: `concat[${tokens[i]}][${j + 1}] = column ${col + 1} of head ${head + 1}’s context = ${fmt(res.concat[i][j], 4)}`,
      };
    }
    if (name === 'output') {
      try {
        const a = res.concat[i];
        const b = column(wo(), j);
        const s = engine.similarity(a, b);
        return {
          sources: [
            { name: 'concat', row: i },
            { name: 'W_O', col: j },
          ],
          equation: `output[${tokens[i]}][${j + 1}] = ${a.map((x, k) => `${fmt(x, 3)}·${fmt(b[k], 3)}`).join(' + ')} = ${fmt(s.dot, 4)}`,
        };
      } catch (e) {
        return { sources: [], equation: `The engine could not explain this cell: ${e.message}` };
      }
    }
    return null;
  }

  // One picture per head, kept across renders so each remembers the word picked in it.
  const headLines = [];
  const linesOf = (i, weights) => {
    headLines[i] ??= attentionLines({ title: `${headName(i)} as lines`, tokens, weights });
    headLines[i].update({ tokens, weights });
    return headLines[i].node;
  };
  function render() {
    const heads = config.heads.slice(0, v.h).map(({ Wq, Wk, Wv, bq, bk, bv }) => ({ Wq, Wk, Wv, bq, bk, bv }));
    const out = tryEngine(engineMessage, () =>
      engine.multiHeadAttention({ X: v.X, heads, Wo: wo(), bo: config.bo, causal: v.causal }),
    );
    if (!out) return;
    res = out;
    linker.clear();
    headsBox.replaceChildren(
      ...out.heads.map((hd, i) =>
        el(
          'section',
          { class: `head-card head-${i + 1}`, 'aria-label': headName(i) },
          el('h4', {}, headName(i)),
          matrixView({
            name: `weights${i + 1}`,
            label: tex`\text{weights}`,
            values: hd.weights,
            digits: 2,
            heat: { min: 0, max: 1 },
            rowLabels: tokens,
            colLabels: tokens,
          }).node,
          linesOf(i, hd.weights),
          matrixView({
            name: `ctx${i + 1}`,
            label: tex`\text{context}`,
            values: hd.context,
            digits: 3,
            rowLabels: tokens,
            linker,
          }).node,
        ),
      ),
    );
    mixBox.replaceChildren(
      matrixView({
        name: 'concat',
        label: tex`\operatorname{Concat}(\text{head}_1, \dots)`,
        values: out.concat,
        digits: 3,
        rowLabels: tokens,
        colLabels: concatLabels(),
        linker,
      }).node,
      matrixView({ name: 'W_O', label: tex`W_O`, values: wo(), digits: 2, rowLabels: concatLabels(), linker }).node,
      matrixView({
        name: 'output',
        label: tex`\text{output} = \operatorname{Concat} \cdot W_O`,
        values: out.output,
        digits: 3,
        rowLabels: tokens,
        linker,
      }).node,
    );
  }
  return { render };
});
