// Lesson 6: Add & Norm. The context comes from the engine's selfAttention on an editable example
// (or is typed by hand), the residual adds X back (the engine adds: linear(x, I, c) = x + c),
// and layerNormTrace shows the mean, variance, normalised row and output of every token, with
// gamma, beta and eps editable. The residual can be switched off to see what is lost: the
// normalised result compared with each token's own normalised input, and whether the tokens can
// still be told apart. Every number is the engine's.
import { el, messageLine } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { numberField, vectorField } from '../ui/number-field.js';
import { checkbox, select, tryEngine } from '../ui/controls.js';
import { matrixEditor } from '../ui/matrix-editor.js';
import { matrixView } from '../ui/matrix-view.js';
import { tex } from '../ui/tex.js';
import { identity } from '../ui/data.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { LIMIT, EPS, matrix, vector } from './add-norm.schema.js';

const widget = {
  config: configSchema,
  state: {
    X: matrix,
    C: matrix, // the hand-typed context
    Wq: matrix,
    Wk: matrix,
    Wv: matrix,
    src: param.choice(['attention', 'manual']),
    res: param.boolean(),
    gamma: vector,
    beta: vector,
    eps: param.number(EPS),
  },
  defaults(config) {
    const X0 = config.X;
    const I = identity(X0[0].length);
    return {
      X: X0,
      C: config.context ?? X0.map((r) => r.map(() => 0)),
      Wq: config.attention?.Wq ?? I,
      Wk: config.attention?.Wk ?? I,
      Wv: config.attention?.Wv ?? I,
      src: config.source ?? (config.attention ? 'attention' : 'manual'),
      res: config.residual ?? true,
      gamma: config.gamma ?? X0[0].map(() => 1),
      beta: config.beta ?? X0[0].map(() => 0),
      eps: config.eps ?? 1e-5,
    };
  },
};

const shape = (M, r, c) => Array.isArray(M) && M.length === r && M.every((row) => row.length === c);
const sameRows = (a, b) => a.every((x, k) => Math.abs(x - b[k]) <= 1e-9 * Math.max(1, Math.abs(x)));

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const n = config.X.length;
  const d = config.X[0].length;
  const tokens = config.X.map((_, i) => config.tokens?.[i] ?? `token ${i + 1}`);
  const defaults = widget.defaults(config);
  // Hand-edited links with the wrong shapes fall back to the example.
  for (const [key, r, c] of [
    ['X', n, d],
    ['C', n, d],
    ['Wq', d, d],
    ['Wk', d, d],
    ['Wv', d, d],
  ])
    if (!shape(v[key], r, c)) v[key] = defaults[key];
  for (const key of ['gamma', 'beta']) if (v[key].length !== d) v[key] = defaults[key];

  // ---- controls and editors
  const engineMessage = messageLine();
  const normMessage = messageLine();
  const onMatrix = (key) => (M) => {
    v[key] = M;
    update();
  };
  const xEditor = matrixEditor({
    name: 'X',
    label: tex`X \text{ (input)}`,
    values: v.X,
    rowLabels: tokens,
    min: -LIMIT,
    max: LIMIT,
    onChange: onMatrix('X'),
  });
  const cEditor = matrixEditor({
    name: 'context',
    label: tex`\text{context (typed)}`,
    values: v.C,
    rowLabels: tokens,
    min: -LIMIT,
    max: LIMIT,
    onChange: onMatrix('C'),
  });
  const wEditors = [
    matrixEditor({ name: 'W_Q', label: tex`W_Q`, values: v.Wq, min: -LIMIT, max: LIMIT, onChange: onMatrix('Wq') }),
    matrixEditor({ name: 'W_K', label: tex`W_K`, values: v.Wk, min: -LIMIT, max: LIMIT, onChange: onMatrix('Wk') }),
    matrixEditor({ name: 'W_V', label: tex`W_V`, values: v.Wv, min: -LIMIT, max: LIMIT, onChange: onMatrix('Wv') }),
  ];
  const source = select({
    label: 'Context comes from',
    value: v.src,
    options: [
      { value: 'attention', label: 'self-attention on X' },
      { value: 'manual', label: 'typed by hand' },
    ],
    onChange(s) {
      // Start the hand-typed context from what attention gave, so the switch changes nothing yet.
      if (s === 'manual' && lastContext) {
        v.C = lastContext.map((r) => r.slice());
        cEditor.set(v.C);
      }
      v.src = s;
      update();
    },
  });
  const residual = checkbox({
    label: 'Add X back (residual connection)',
    checked: v.res,
    onChange: (on) => ((v.res = on), update()),
  });
  const vecOpts = {
    minLength: d,
    maxLength: d,
    min: -LIMIT,
    max: LIMIT,
    width: '11rem',
    hint: `${d} numbers, one per feature`,
  };
  const gammaField = vectorField({
    label: 'γ (scale)',
    value: v.gamma,
    name: 'γ',
    ...vecOpts,
    onChange: (g) => ((v.gamma = g), update()),
  });
  const betaField = vectorField({
    label: 'β (shift)',
    value: v.beta,
    name: 'β',
    ...vecOpts,
    onChange: (b) => ((v.beta = b), update()),
  });
  const epsField = numberField({
    label: 'ε',
    value: v.eps,
    ...EPS,
    step: 1e-5,
    name: 'ε',
    width: '7rem',
    hint: 'between 1e-12 and 10',
    onChange: (e) => ((v.eps = e), update()),
  });

  const attentionBox = el(
    'details',
    { class: 'weights-details' },
    el('summary', {}, 'The projection matrices W_Q, W_K, W_V that make the context (editable)'),
    el(
      'div',
      { class: 'matrix-row' },
      wEditors.map((e) => e.node),
    ),
  );
  const contextBox = el('div', {});
  const sumBox = el('div', { class: 'matrix-row' });
  const normBox = el('div', { class: 'matrix-row' });
  const checkLine = el('p', { class: 'readout', 'aria-live': 'polite' });
  const surviveBox = el('div', { class: 'scroll-x' });

  root.append(
    el('h3', { class: 'widget-title' }, 'Add & Norm'),
    el(
      'p',
      { class: 'widget-note' },
      'Edit X, the projections W_Q, W_K, W_V or the context; switch the residual off to see what it keeps.',
    ),
    el('div', { class: 'controls' }, source.node, residual.node),
    el('div', { class: 'scroll-x' }, el('div', { class: 'matrix-row' }, xEditor.node, contextBox)),
    attentionBox,
    engineMessage.node,
    el('h4', {}, '1. Add'),
    el('div', { class: 'scroll-x' }, sumBox),
    el('h4', {}, '2. Norm: each token across its own features'),
    el('div', { class: 'controls' }, gammaField.node, betaField.node, epsField.node),
    normMessage.node,
    el('div', { class: 'scroll-x' }, normBox),
    checkLine,
    el('h4', {}, 'What the residual keeps'),
    surviveBox,
  );

  let lastContext = null;

  /** context, LayerNorm input and trace for one setting of the residual switch. */
  function pipeline(context, withResidual) {
    const input = withResidual ? engine.residual(v.X, context) : context;
    return { input, trace: engine.layerNormTrace(input, { gamma: v.gamma, beta: v.beta, eps: v.eps }) };
  }

  function render() {
    attentionBox.hidden = v.src !== 'attention';
    let context;
    if (v.src === 'attention') {
      const att = tryEngine(engineMessage, () => engine.selfAttention({ X: v.X, Wq: v.Wq, Wk: v.Wk, Wv: v.Wv }));
      if (!att) return;
      context = att.context;
      contextBox.replaceChildren(
        matrixView({
          name: 'context',
          label: tex`\text{context} = \operatorname{softmax}(QK^\top/\sqrt{d_k})\,V`,
          values: context,
          rowLabels: tokens,
          digits: 3,
        }).node,
      );
    } else {
      context = v.C;
      contextBox.replaceChildren(cEditor.node);
    }
    lastContext = context;

    const on = tryEngine(normMessage, () => pipeline(context, true));
    const off = on && tryEngine(normMessage, () => pipeline(context, false));
    if (!on || !off) return;
    const shown = v.res ? on : off;
    const t = shown.trace;

    sumBox.replaceChildren(
      matrixView({
        name: 'sum',
        label: v.res ? tex`X + \text{context}` : tex`\text{context only (no residual)}`,
        values: shown.input,
        rowLabels: tokens,
        digits: 3,
      }).node,
    );
    const stats = t.mean.map((m, i) => [m, t.variance[i]]);
    normBox.replaceChildren(
      matrixView({
        name: 'stats',
        label: tex`\mu,\ \sigma^2`,
        values: stats,
        rowLabels: tokens,
        colLabels: ['mean μ', 'variance σ²'],
        digits: 4,
      }).node,
      matrixView({
        name: 'normalized',
        label: tex`\hat{x} = (x - \mu)/\sqrt{\sigma^2 + \varepsilon}`,
        values: t.normalized,
        rowLabels: tokens,
        digits: 3,
        heat: 'auto',
      }).node,
      matrixView({
        name: 'output',
        label: tex`y = \gamma \odot \hat{x} + \beta`,
        values: t.output,
        rowLabels: tokens,
        digits: 3,
        heat: 'auto',
      }).node,
    );
    // The engine checks its own work: the statistics of the normalised rows.
    const check = tryEngine(normMessage, () => engine.layerNormTrace(t.normalized, { eps: v.eps }));
    if (check) {
      checkLine.textContent = `Check with the engine: every row of x̂ has mean ${check.mean.map((m) => fmt(m, 6, { fixed: true })).join(', ')} and variance ${check.variance
        .map((s) => fmt(s, 8))
        .join(', ')} (ε keeps it just under 1).`;
    }

    // How much of each token's own input is still in the result, with and without the residual.
    const ownInput = tryEngine(normMessage, () => engine.layerNorm(v.X, { eps: v.eps }));
    if (!ownInput) return;
    const cos = (a, b) => engine.similarity(a, b).cosine;
    const rows = tokens.map((tok, i) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, tok),
        el('td', {}, fmt(cos(ownInput[i], on.trace.normalized[i]), 3)),
        el('td', {}, fmt(cos(ownInput[i], off.trace.normalized[i]), 3)),
      ),
    );
    const notes = [];
    if (n > 1) {
      const twins = (T) => T.normalized.some((r, i) => T.normalized.some((s, j) => j > i && sameRows(r, s)));
      if (twins(off.trace) && !twins(on.trace)) {
        notes.push(
          'Without the residual some tokens come out identical: the layer has forgotten which token was which. With it, each keeps its own input.',
        );
      } else if (twins(off.trace))
        notes.push('Some tokens come out identical even with the residual: their inputs were identical too.');
    }
    surviveBox.replaceChildren(
      el(
        'p',
        { class: 'widget-note' },
        'Cosine similarity between each token’s normalised input, LayerNorm(X), and the normalised result (1 = same direction, 0 = unrelated).',
      ),
      el(
        'table',
        { class: 'trace' },
        el('caption', { class: 'visually-hidden' }, 'How much of X survives, with and without the residual'),
        el(
          'thead',
          {},
          el('tr', {}, el('td'), el('th', { scope: 'col' }, 'with residual'), el('th', { scope: 'col' }, 'without')),
        ),
        el('tbody', {}, rows),
      ),
      ...notes.map((t2) => el('p', { class: 'readout' }, t2)),
    );
  }
  return { render };
});
