// Lesson 5: one self-attention layer, every intermediate matrix on screen. The learner edits X,
// W_Q, W_K, W_V (any cell; 1-8 tokens, width 1-8), toggles the 1/sqrt(d_k) scaling and the causal
// mask, and hovers or focuses any computed number to see the cells it came from and the equation
// with the real values. Every number comes from the engine (selfAttention, similarity,
// softmaxTrace); the JS only picks rows and columns out of matrices.
import { el, messageLine, equationLine as eq } from '../ui/dom.js';
import { fmt, fmtDot, fmtVector } from '../ui/format.js';
import { numberField } from '../ui/number-field.js';
import { checkbox, presets, tryEngine, hideControls } from '../ui/controls.js';
import { matrixEditor } from '../ui/matrix-editor.js';
import { matrixView, createLinker } from '../ui/matrix-view.js';
import { tex } from '../ui/tex.js';
import { viridisGradient } from '../ui/colors.js';
import { identity, column } from '../ui/data.js';
import { param } from '../state/params.js';
import { attentionLines } from '../ui/attention-lines.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { MAX, CELL_LIMIT, cellMatrix } from './attention-steps.schema.js';
import { grow } from './attention-steps/grow.js';
import './attention-steps.css';

const STAGES = 3;

const widget = {
  config: configSchema,
  state: {
    X: cellMatrix,
    Wq: cellMatrix,
    Wk: cellMatrix,
    Wv: cellMatrix,
    scale: param.boolean(),
    causal: param.boolean(),
    step: param.integer({ min: 1, max: STAGES }), // stages shown up to it; absent: all
  },
  // The example lives in the lesson (content as data).
  defaults: (config) => ({
    X: config.X,
    Wq: config.Wq,
    Wk: config.Wk,
    Wv: config.Wv,
    scale: config.scale ?? true,
    causal: config.causal ?? false,
    step: undefined, // every stage shown
  }),
};

/** The URL's matrices only if their shapes fit together (X: n x d, each W: d x d). */
function consistent(v) {
  const n = v.X?.length;
  const d = v.X?.[0]?.length;
  if (!n || !d || n > MAX || d > MAX) return false;
  return [v.Wq, v.Wk, v.Wv].every((W) => W && W.length === d && W.every((r) => r.length === d));
}

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const defaults = widget.defaults(config);
  if (!consistent(v)) Object.assign(v, { X: defaults.X, Wq: defaults.Wq, Wk: defaults.Wk, Wv: defaults.Wv });
  const configTokens = config.tokens ?? [];
  const tokens = () => v.X.map((_, i) => configTokens[i] ?? `token ${i + 1}`);

  // ---- controls
  const engineMessage = messageLine();
  const nField = numberField({
    label: 'Tokens (1–8)',
    value: v.X.length,
    min: 1,
    max: MAX,
    integer: true,
    name: 'The number of tokens',
    width: '4.5rem',
    onChange: (n) => reshape(n, v.X[0].length),
  });
  const dField = numberField({
    label: 'Width d (1–8)',
    value: v.X[0].length,
    min: 1,
    max: MAX,
    integer: true,
    name: 'The width',
    width: '4.5rem',
    onChange: (d) => reshape(v.X.length, d),
  });
  const scaleBox = checkbox({
    label: 'Divide scores by √dₖ',
    checked: v.scale,
    onChange: (on) => ((v.scale = on), update()),
  });
  const causalBox = checkbox({
    label: 'Causal mask (no looking ahead)',
    checked: v.causal,
    onChange: (on) => ((v.causal = on), update()),
  });
  // Scale all of X at once (the lesson asks for X / 10 and X / 100). The engine does the
  // multiplication: X times the diagonal matrix f·I.
  const scaleX = (f) => {
    const scaled = tryEngine(engineMessage, () => engine.linear(v.X, identity(v.X[0].length, f)));
    if (!scaled) return;
    if (scaled.flat().some((x) => Math.abs(x) > CELL_LIMIT)) {
      engineMessage.show(`That would take an entry of X beyond ±${CELL_LIMIT}.`);
      return;
    }
    // 6 × 0.1 is 0.6000000000000001 in binary floating point; the learner meant 0.6.
    v.X = scaled.map((row) => row.map((x) => Number(x.toPrecision(12))));
    buildEditors();
    update();
  };
  const scaleButtons = el(
    'div',
    { class: 'presets', role: 'group', 'aria-label': 'Scale every entry of X' },
    el('span', { class: 'presets-label' }, 'Scale X'),
    el('button', { type: 'button', class: 'button small', onclick: () => scaleX(0.1) }, '÷ 10'),
    el('button', { type: 'button', class: 'button small', onclick: () => scaleX(10) }, '× 10'),
  );
  const reset = el(
    'button',
    { type: 'button', class: 'button small', onclick: () => resetTo(defaults) },
    'Reset to the example',
  );
  const presetButtons = presets({
    label: 'Same weights, other X',
    items: config.presets ?? [],
    onPick: (i) => resetTo({ ...defaults, X: config.presets[i].X }),
  });

  // Reveal the computation one stage at a time (or all at once): the learner can predict the
  // next matrix before seeing it.
  const stepButtons = [...Array.from({ length: STAGES }, (_, i) => i + 1), undefined].map((k) =>
    el(
      'button',
      { type: 'button', class: 'button small', onclick: () => ((v.step = k), showStages(), update()) },
      k ? `Step ${k}` : 'All steps',
    ),
  );
  const stepper = el(
    'div',
    { class: 'presets', role: 'group', 'aria-label': 'Show the computation' },
    el('span', { class: 'presets-label' }, 'Show'),
    stepButtons,
  );
  function showStages() {
    stepButtons.forEach((b, i) => b.setAttribute('aria-pressed', String((i < STAGES ? i + 1 : undefined) === v.step)));
    [...stages.children].forEach((section, i) => {
      section.hidden = v.step !== undefined && i + 1 > v.step;
    });
    summary.hidden = v.step !== undefined && v.step < STAGES;
  }

  // ---- editors (inputs)
  const editorsBox = el('div', { class: 'matrix-row' });
  let editors = {};
  function buildEditors() {
    const onChange = (key) => (M) => {
      v[key] = M;
      keep();
      update();
    };
    editors = {
      X: matrixEditor({
        name: 'X',
        label: tex`X`,
        values: v.X,
        rowLabels: tokens(),
        min: -CELL_LIMIT,
        max: CELL_LIMIT,
        onChange: onChange('X'),
      }),
      Wq: matrixEditor({
        name: 'W_Q',
        label: tex`W_Q`,
        values: v.Wq,
        min: -CELL_LIMIT,
        max: CELL_LIMIT,
        onChange: onChange('Wq'),
      }),
      Wk: matrixEditor({
        name: 'W_K',
        label: tex`W_K`,
        values: v.Wk,
        min: -CELL_LIMIT,
        max: CELL_LIMIT,
        onChange: onChange('Wk'),
      }),
      Wv: matrixEditor({
        name: 'W_V',
        label: tex`W_V`,
        values: v.Wv,
        min: -CELL_LIMIT,
        max: CELL_LIMIT,
        onChange: onChange('Wv'),
      }),
    };
    editorsBox.replaceChildren(...Object.values(editors).map((e) => e.node));
  }

  // ---- computed views
  let result = null;
  let raw = null;
  const linker = createLinker({ explain, placeholder: null });
  const stages = el('div', { class: 'attention-stages stages' });
  const summary = el('p', { class: 'readout readout-big', 'aria-live': 'polite' });

  root.append(
    el('h3', { class: 'widget-title' }, 'Self-attention, every step'),
    el(
      'p',
      { class: 'widget-note' },
      'Edit any cell of X, W_Q, W_K or W_V; a token or column you add starts at the mean of its column or row, on the example’s scale. Hover or focus (Tab, then arrow keys) any computed number to see the cells it comes from and its equation.',
    ),
    el('div', { class: 'controls' }, nField.node, dField.node, scaleBox.node, causalBox.node),
    el('div', { class: 'controls' }, scaleButtons, reset),
    config.presets?.length ? el('div', { class: 'controls' }, presetButtons.node) : null,
    el('div', { class: 'controls' }, stepper),
    editorsBox,
    engineMessage.node,
    stages,
    summary,
    el('div', { class: 'link-sticky' }, linker.node),
  );
  hideControls(config, {
    size: [nField.node, dField.node],
    scale: scaleBox.node,
    causal: causalBox.node,
    reset,
    steps: stepper,
    scaleX: scaleButtons,
    presets: presetButtons.node,
  });

  stages.addEventListener('pointerleave', () => linker.clear());

  // Every matrix as large as it has been: a token or a column dropped by a smaller n or d comes
  // back with its value when n or d grows again (2 -> 1 -> 2 gives the example back); a cell it
  // never had takes the scale of the others (attention-steps/grow.js says how).
  const kept = {};
  const keep = () => {
    for (const key of ['X', 'Wq', 'Wk', 'Wv']) {
      const rows = Math.max(v[key].length, kept[key]?.length ?? 0);
      const cols = Math.max(v[key][0].length, kept[key]?.[0]?.length ?? 0);
      kept[key] = Array.from({ length: rows }, (_, r) =>
        Array.from({ length: cols }, (_, c) => v[key][r]?.[c] ?? kept[key]?.[r]?.[c]),
      );
    }
  };
  keep();
  function reshape(n, d) {
    const grown = tryEngine(engineMessage, () => ({
      X: grow(engine, v.X, n, d),
      Wq: grow(engine, v.Wq, d, d),
      Wk: grow(engine, v.Wk, d, d),
      Wv: grow(engine, v.Wv, d, d),
    }));
    if (!grown) return;
    for (const key of Object.keys(grown)) {
      grown[key] = grown[key].map((row, r) => row.map((x, c) => kept[key][r]?.[c] ?? x));
    }
    Object.assign(v, grown);
    keep();
    buildEditors();
    update();
  }
  function resetTo(d) {
    Object.assign(v, structuredClone(d));
    for (const key of Object.keys(kept)) delete kept[key];
    keep();
    nField.set(v.X.length);
    dField.set(v.X[0].length);
    scaleBox.set(v.scale);
    causalBox.set(v.causal);
    buildEditors();
    update();
  }

  // ---- "where did this number come from?"
  const cellName = (m, i, j) => `${m}[${i + 1}][${j + 1}]`;

  function dotExplain(target, i, j, left, right, leftSrc, rightSrc, what) {
    const s = engine.similarity(left, right);
    return {
      sources: [leftSrc, rightSrc],
      equation: eq(`${cellName(target, i, j)} = ${what}:`, `${fmtDot(left, right, s.terms)} = ${fmt(s.dot, 4)}`),
    };
  }

  function explain(name, i, j) {
    if (!result) return null;
    const toks = tokens();
    try {
      switch (name) {
        case 'Q':
        case 'K':
        case 'V': {
          const W = v[`W${name.toLowerCase()}`];
          return dotExplain(
            name,
            i,
            j,
            v.X[i],
            column(W, j),
            { name: 'X', row: i },
            { name: `W_${name}`, col: j },
            `row ${i + 1} of X · column ${j + 1} of W_${name}`,
          );
        }
        case 'QKt':
          return dotExplain(
            'QKᵀ',
            i,
            j,
            result.Q[i],
            result.K[j],
            { name: 'Q', row: i },
            { name: 'K', row: j },
            `q of “${toks[i]}” · k of “${toks[j]}”`,
          );
        case 'scores': {
          if (result.scores[i][j] === -Infinity) {
            return {
              sources: [{ name: 'QKt', cells: [[i, j]] }],
              equation: eq(
                `${cellName('S', i, j)} = −∞:`,
                `“${toks[i]}” may not look ahead at “${toks[j]}”, so the mask sets this score to −∞ (weight 0).`,
              ),
            };
          }
          const dk = result.K[0].length;
          return {
            sources: [{ name: 'QKt', cells: [[i, j]] }],
            equation: eq(
              `${cellName('S', i, j)} =`,
              v.scale
                ? `${fmt(raw.scores[i][j], 4)} / √${dk} = ${fmt(result.scores[i][j], 4)}`
                : `${fmt(result.scores[i][j], 4)} (no scaling)`,
            ),
          };
        }
        case 'weights': {
          const row = result.scores[i];
          const open = row.map((s, k) => (s === -Infinity ? null : k)).filter((k) => k !== null);
          if (!open.includes(j)) {
            return {
              sources: [{ name: 'scores', cells: [[i, j]] }],
              equation: eq(`${cellName('A', i, j)} = 0:`, 'a masked score of −∞ gets weight e^−∞ = 0.'),
            };
          }
          const t = engine.softmaxTrace(open.map((k) => row[k]));
          const at = open.indexOf(j);
          return {
            sources: [{ name: 'scores', row: i }],
            equation: eq(
              `${cellName('A', i, j)} = softmax of row ${i + 1}:`,
              `e^(${fmt(row[j], 4)} − ${fmt(t.max, 4)}) / Σ = ${fmt(t.exps[at], 4)} / ${fmt(t.sum, 4)} = ${fmt(t.weights[at], 4)}`,
            ),
          };
        }
        case 'context':
          return dotExplain(
            'AV',
            i,
            j,
            result.weights[i],
            column(result.V, j),
            { name: 'weights', row: i },
            { name: 'V', col: j },
            `weights of “${toks[i]}” · column ${j + 1} of V`,
          );
        case 'output':
          return {
            sources: [
              { name: 'X', cells: [[i, j]] },
              { name: 'context', cells: [[i, j]] },
            ],
            equation: eq(
              `${cellName('out', i, j)} = X + AV:`,
              `${fmt(v.X[i][j], 4)} + ${fmt(result.context[i][j], 4)} = ${fmt(result.output[i][j], 4)}`,
            ),
          };
        default:
          return null; // an input cell: it comes from the learner
      }
    } catch (e) {
      return { sources: [], equation: `The engine could not explain this cell: ${e.message}` };
    }
  }

  const lines = attentionLines({ title: 'The weights A as lines: where each token looks', tokens: [], weights: [] });
  function render() {
    const input = { X: v.X, Wq: v.Wq, Wk: v.Wk, Wv: v.Wv };
    const res = tryEngine(engineMessage, () => engine.selfAttention({ ...input, scale: v.scale, causal: v.causal }));
    // Q K^T before scaling and masking, for the "raw scores" step.
    const plain =
      res && tryEngine(engineMessage, () => engine.selfAttention({ ...input, scale: false, causal: false }));
    if (!res || !plain) return;
    result = res;
    raw = plain;
    const toks = tokens();
    const dk = res.K[0].length;
    linker.clear();
    for (const [key, editor] of Object.entries(editors))
      linker.register(key === 'X' ? 'X' : `W_${key[1].toUpperCase()}`, editor);

    const view = (name, label, values, opts = {}) =>
      matrixView({ name, label, values, digits: 4, linker, ...opts }).node;
    const step = (title, ...nodes) =>
      el('section', { class: 'stage' }, el('h4', {}, title), el('div', { class: 'matrix-row' }, ...nodes));

    lines.update({ tokens: toks, weights: res.weights });
    stages.replaceChildren(
      step(
        '1. Project every token into a query, a key and a value',
        view('Q', tex`Q = X W_Q`, res.Q, { rowLabels: toks }),
        view('K', tex`K = X W_K`, res.K, { rowLabels: toks }),
        view('V', tex`V = X W_V`, res.V, { rowLabels: toks }),
      ),
      step(
        '2. Score every pair, scale, then softmax each row',
        view('QKt', tex`Q K^\top`, plain.scores, { rowLabels: toks, colLabels: toks }),
        view('scores', v.scale ? tex`S = Q K^\top / \sqrt{d_k}` : tex`S = Q K^\top`, res.scores, {
          rowLabels: toks,
          colLabels: toks,
          caption: v.scale
            ? `dₖ = ${dk}${v.causal ? ', future masked' : ''}`
            : v.causal
              ? 'future masked'
              : 'not scaled',
        }),
        el(
          'div',
          { class: 'weights-with-legend' },
          view('weights', tex`A = \operatorname{softmax}(S)`, res.weights, {
            rowLabels: toks,
            colLabels: toks,
            digits: 3,
            fixed: true,
            heat: { min: 0, max: 1 },
            caption: 'each row sums to 1',
          }),
          el(
            'div',
            { class: 'heat-legend', 'aria-hidden': 'true' },
            '0',
            el('span', { class: 'ramp', style: { background: viridisGradient() } }),
            '1',
          ),
        ),
      ),
      lines.node,
      step(
        '3. Mix the values, then add the input back',
        view('context', tex`A V`, res.context, { rowLabels: toks }),
        res.output
          ? view('output', tex`\text{output} = X + A V`, res.output, { rowLabels: toks })
          : el('p', { class: 'widget-note' }, 'The output X + AV needs V as wide as X.'),
      ),
    );
    summary.replaceChildren(res.output ? `Output for “${toks[0]}”: ${fmtVector(res.output[0], 4)}` : '');
    showStages();
  }
  buildEditors();
  return { render };
});
