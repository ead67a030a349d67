// Lesson 4: why queries and keys. The learner edits the word embeddings X and the projections
// W_Q, W_K, W_V with their biases, and sees Q, K, V (engine `selfAttention`, which applies
// `linear` to each) and two score matrices side by side: the raw dot products x_i · x_j
// (symmetric) and the projected scores q_i · k_j (in general not). The chosen pair of words is
// outlined in both, with both directions spelled out. "W_Q = W_K = I" and "W_K := W_Q" show the
// symmetry coming back. Every number is the engine's; the JS only compares two of them.
import { el, messageLine } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { numberField } from '../ui/number-field.js';
import { select, tryEngine } from '../ui/controls.js';
import { matrixEditor } from '../ui/matrix-editor.js';
import { matrixView, createLinker } from '../ui/matrix-view.js';
import { plot2d } from '../ui/plot2d.js';
import { tex } from '../ui/tex.js';
import { identity, column } from '../ui/data.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { MAX_WORDS, MAX_D, LIMIT, matrix, bias } from './qkv-asymmetry.schema.js';
import facts from './qkv-asymmetry.facts.js';
import './qkv-asymmetry.css';

// A cell comes from the first layer that has it (the learner's values, then the example's), else
// from the identity (a bias from 0).
const resize = (M, rows, cols, ...under) =>
  Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => [M, ...under].find((L) => L?.[r]?.[c] !== undefined)?.[r][c] ?? +(r === c)),
  );
const resizeVec = (v, n, ...under) =>
  Array.from({ length: n }, (_, i) => [v, ...under].find((L) => L?.[i] !== undefined)?.[i] ?? 0);
const close = (x, y) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));

/** The URL's matrices only if they fit together: X n x d, W d x dk, biases dk. */
function consistent(v, n, d) {
  const dk = v.Wq?.[0]?.length;
  const shape = (M, r, c) => M && M.length === r && M.every((row) => row.length === c);
  return (
    shape(v.X, n, d) &&
    dk &&
    [v.Wq, v.Wk, v.Wv].every((W) => shape(W, d, dk)) &&
    [v.bq, v.bk, v.bv].every((b) => b?.length === dk)
  );
}

const WEIGHTS = ['Wq', 'Wk', 'Wv', 'bq', 'bk', 'bv'];
const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));
const wordsOf = (config) => Object.keys(config.words).slice(0, MAX_WORDS);

const widget = {
  config: configSchema,
  state: {
    X: param.matrix({ maxRows: MAX_WORDS, maxCols: MAX_D, min: -LIMIT, max: LIMIT }),
    Wq: matrix,
    Wk: matrix,
    Wv: matrix,
    bq: bias,
    bk: bias,
    bv: bias,
    a: param.integer({ min: 0, max: MAX_WORDS - 1 }),
    b: param.integer({ min: 0, max: MAX_WORDS - 1 }),
  },
  defaults(config) {
    const words = wordsOf(config);
    const d = config.words[words[0]].length;
    const dk0 = config.dk ?? config.Wq?.[0]?.length ?? d;
    return {
      X: words.map((w) => config.words[w].slice()),
      Wq: config.Wq ?? resize([], d, dk0),
      Wk: config.Wk ?? resize([], d, dk0),
      Wv: config.Wv ?? resize([], d, dk0),
      bq: config.bq ?? resizeVec([], dk0),
      bk: config.bk ?? resizeVec([], dk0),
      bv: config.bv ?? resizeVec([], dk0),
      a: Math.max(0, words.indexOf(config.a ?? words[0])),
      b: Math.max(0, words.indexOf(config.b ?? words[1])),
    };
  },
};

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const words = wordsOf(config);
  const d = config.words[words[0]].length;
  const axes = (config.axes ?? []).slice(0, d);
  const defaults = widget.defaults(config);
  if (!consistent(v, words.length, d)) Object.assign(v, structuredClone(defaults), { a: v.a, b: v.b });
  if (v.a >= words.length) v.a = defaults.a;
  if (v.b >= words.length) v.b = defaults.b;
  const dk = () => v.Wq[0].length;
  // Every weight at the widest d_k, so narrowing d_k and widening it again loses nothing: the
  // columns a narrower d_k drops are kept here, and a d_k back at the example's gives the example.
  let full = {};
  const remember = () => {
    full = Object.fromEntries(
      WEIGHTS.map((k) =>
        k.startsWith('W')
          ? [k, resize(v[k], d, MAX_D, full[k], defaults[k])]
          : [k, resizeVec(v[k], MAX_D, full[k], defaults[k])],
      ),
    );
  };
  remember();

  // ---- controls
  const engineMessage = messageLine();
  const options = words.map((w, i) => ({ value: String(i), label: w }));
  const pickA = select({
    label: 'Word A',
    options,
    value: String(v.a),
    onChange: (x) => ((v.a = Number(x)), update()),
  });
  const pickB = select({
    label: 'Word B',
    options,
    value: String(v.b),
    onChange: (x) => ((v.b = Number(x)), update()),
  });
  const dkField = numberField({
    label: `d_k (1–${MAX_D})`,
    value: dk(),
    min: 1,
    max: MAX_D,
    integer: true,
    name: 'd_k',
    width: '4.5rem',
    hint: 'Columns of every W',
    onChange: (k) => {
      for (const key of WEIGHTS)
        v[key] = key.startsWith('W') ? full[key].map((row) => row.slice(0, k)) : full[key].slice(0, k);
      buildEditors();
      update();
    },
  });
  // data-preset: each sets the whole example in one press (the control sweep presses them all).
  const button = (label, fn) =>
    el('button', { type: 'button', class: 'button small', dataset: { preset: '' }, onclick: fn }, label);
  const identityBtn = button('W_Q = W_K = identity', () => {
    Object.assign(v, {
      Wq: identity(d),
      Wk: identity(d),
      Wv: resize(v.Wv, d, d),
      bq: resizeVec([], d),
      bk: resizeVec([], d),
      bv: resizeVec(v.bv, d),
    });
    dkField.set(d);
    remember();
    buildEditors();
    update();
  });
  const copyBtn = button('Copy W_Q and b_Q into W_K and b_K', () => {
    Object.assign(v, { Wk: structuredClone(v.Wq), bk: v.bq.slice() });
    remember();
    buildEditors();
    update();
  });
  const resetBtn = button('Reset to the example', () => {
    Object.assign(v, structuredClone(defaults));
    full = {};
    remember();
    dkField.set(dk());
    pickA.input.value = String(v.a);
    pickB.input.value = String(v.b);
    buildEditors();
    update();
  });

  // ---- editors
  const editorsBox = el('div', { class: 'matrix-row' });
  let editors = {};
  const colNames = () => Array.from({ length: dk() }, (_, j) => `${j + 1}`);
  function buildEditors() {
    const on =
      (key, isVector = false) =>
      (M) => {
        v[key] = isVector ? M[0] : M;
        remember();
        update();
      };
    const ed = (key, name, label, values, opts = {}) =>
      matrixEditor({ name, label, values, min: -LIMIT, max: LIMIT, onChange: on(key, opts.vector), ...opts });
    editors = {
      X: ed('X', 'X', tex`X \text{ (embeddings)}`, v.X, {
        rowLabels: words,
        colLabels: axes.length === d ? axes : undefined,
      }),
      Wq: ed('Wq', 'W_Q', tex`W_Q`, v.Wq),
      bq: ed('bq', 'b_Q', tex`b_Q`, [v.bq], { vector: true }),
      Wk: ed('Wk', 'W_K', tex`W_K`, v.Wk),
      bk: ed('bk', 'b_K', tex`b_K`, [v.bk], { vector: true }),
      Wv: ed('Wv', 'W_V', tex`W_V`, v.Wv),
      bv: ed('bv', 'b_V', tex`b_V`, [v.bv], { vector: true }),
    };
    editorsBox.replaceChildren(
      editors.X.node,
      el('div', {}, editors.Wq.node, editors.bq.node),
      el('div', {}, editors.Wk.node, editors.bk.node),
      el('div', {}, editors.Wv.node, editors.bv.node),
    );
  }

  // ---- views
  const linker = createLinker({ explain });
  const projections = el('div', { class: 'matrix-row' });
  const comparison = el('div', { class: 'matrix-row' });
  const weightsBox = el('div', { class: 'matrix-row' });
  const plot = plot2d({
    title: 'Each word before and after attention',
    xLabel: axes[0] ?? '1',
    yLabel: axes[1] ?? '2',
  });
  const plotBox = el(
    'div',
    { class: 'qkv-movement' },
    el('h4', {}, 'Where attention moves each word'),
    plot.node,
    el(
      'p',
      { class: 'widget-note' },
      'Hollow dot: the word’s embedding. Filled dot and arrow: its attention output, the weighted average of the values.',
    ),
  );
  const readout = el('ul', { class: 'compare-list', 'aria-live': 'polite' });
  let res = null;
  let raw = null;

  root.append(
    el('h3', { class: 'widget-title' }, 'Queries and keys give attention a direction'),
    el(
      'p',
      { class: 'widget-note' },
      'Edit any cell with a box. The two score matrices below compare word A looking at word B with B looking at A (outlined cells).',
    ),
    el('div', { class: 'controls' }, pickA.node, pickB.node, dkField.node),
    el('div', { class: 'controls' }, identityBtn, copyBtn, resetBtn),
    el('div', { class: 'scroll-x' }, editorsBox),
    engineMessage.node,
    el('h4', {}, 'Each word’s query, key and value'),
    el('div', { class: 'scroll-x' }, projections),
    el('h4', {}, 'Scores: raw embeddings against projections'),
    el('div', { class: 'scroll-x' }, comparison),
    readout,
    el('h4', {}, 'Softmax of each row of scores: the attention weights'),
    el('div', { class: 'row' }, el('div', { class: 'scroll-x panel' }, weightsBox), plotBox),
    linker.node,
  );

  function explain(name, i, j) {
    if (!res) return null;
    try {
      if (name === 'raw' || name === 'scores') {
        const [left, right, src] = name === 'raw' ? [v.X[i], v.X[j], ['X', 'X']] : [res.Q[i], res.K[j], ['Q', 'K']];
        const s = engine.similarity(left, right);
        const what = name === 'raw' ? `x(${words[i]}) · x(${words[j]})` : `q(${words[i]}) · k(${words[j]})`;
        return {
          sources: [
            { name: src[0], row: i },
            { name: src[1], row: j },
          ],
          equation: `${what} = ${left.map((x, k) => `${fmt(x, 3)}·${fmt(right[k], 3)}`).join(' + ')} = ${fmt(s.dot, 4)}`,
        };
      }
      if (name === 'Q' || name === 'K' || name === 'V') {
        const key = name.toLowerCase();
        const W = v[`W${key}`];
        const s = engine.similarity(v.X[i], column(W, j));
        return {
          sources: [
            { name: 'X', row: i },
            { name: `W_${name}`, col: j },
            { name: `b_${name}`, cells: [[0, j]] },
          ],
          equation: `${name.toLowerCase()}(${words[i]})[${j + 1}] = x · column ${j + 1} of W_${name} + b_${name}[${j + 1}] = ${fmt(s.dot, 4)} + ${fmt(v[`b${key}`][j], 4)} = ${fmt(res[name][i][j], 4)}`,
        };
      }
    } catch (e) {
      return { sources: [], equation: `The engine could not explain this cell: ${e.message}` };
    }
    return null;
  }

  function verdict(M) {
    for (let i = 0; i < M.length; i++) for (let j = 0; j < i; j++) if (!close(M[i][j], M[j][i])) return false;
    return true;
  }
  const badge = (same) =>
    el('span', { class: `verdict ${same ? 'same' : 'differ'}` }, same ? 'symmetric' : 'not symmetric');

  function render() {
    const out = tryEngine(engineMessage, () =>
      engine.selfAttention({ X: v.X, Wq: v.Wq, Wk: v.Wk, Wv: v.Wv, bq: v.bq, bk: v.bk, bv: v.bv, scale: false }),
    );
    // The raw dot products x_i · x_j: the same attention with every projection the identity.
    const I = identity(d);
    const plain =
      out && tryEngine(engineMessage, () => engine.selfAttention({ X: v.X, Wq: I, Wk: I, Wv: I, scale: false }));
    const f =
      plain &&
      tryEngine(engineMessage, () =>
        facts(engine, { words: Object.fromEntries(words.map((w, i) => [w, v.X[i]])), ...pick(v, WEIGHTS) }),
      );
    if (!out || !plain || !f) return;
    res = out;
    raw = plain;
    linker.clear();
    linker.register('X', editors.X);
    for (const k of ['q', 'k', 'v']) {
      linker.register(`W_${k.toUpperCase()}`, editors[`W${k}`]);
      linker.register(`b_${k.toUpperCase()}`, editors[`b${k}`]);
    }
    const view = (name, label, values, opts = {}) =>
      matrixView({ name, label, values, digits: 3, linker, rowLabels: words, ...opts });
    projections.replaceChildren(
      view('Q', tex`Q = X W_Q + b_Q`, res.Q, { colLabels: colNames() }).node,
      view('K', tex`K = X W_K + b_K`, res.K, { colLabels: colNames() }).node,
      view('V', tex`V = X W_V + b_V`, res.V, { colLabels: colNames() }).node,
    );
    const rawSym = verdict(raw.scores);
    const projSym = verdict(res.scores);
    const rawView = view('raw', tex`x_i \cdot x_j`, raw.scores, {
      colLabels: words,
      caption: el('span', {}, 'raw embeddings ', badge(rawSym)),
    });
    const projView = view('scores', tex`q_i \cdot k_j`, res.scores, {
      colLabels: words,
      caption: el('span', {}, 'projected ', badge(projSym)),
    });
    for (const mv of [rawView, projView]) {
      mv.cell(v.a, v.b)?.classList.add('pair-cell');
      mv.cell(v.b, v.a)?.classList.add('pair-cell');
    }
    comparison.replaceChildren(rawView.node, projView.node);
    // Weights are read as decimals: 0.000, not 3.285e-4 (the exact value is in the cell's label).
    const weightsView = view('weights', tex`\operatorname{softmax}(q_i \cdot k_j)`, res.weights, {
      colLabels: words,
      fixed: true,
    });
    weightsView.cell(v.a, v.b)?.classList.add('pair-cell');
    weightsView.cell(v.b, v.a)?.classList.add('pair-cell');
    weightsBox.replaceChildren(weightsView.node);
    // The output has d_k numbers (W_V is d x d_k): it lies in the embeddings' plane only when d_k = d.
    const sameSpace = f.moved !== null;
    plotBox.hidden = d !== 2 || !sameSpace;
    if (d === 2 && sameSpace) {
      const tone = (i) => (i === v.a ? 'a' : i === v.b ? 'b' : 'muted');
      plot.update({
        points: words.flatMap((w, i) => [
          {
            id: `x-${i}`,
            label: `${w}, embedding`,
            x: v.X[i][0],
            y: v.X[i][1],
            tone: tone(i),
            hollow: true,
            quiet: true,
          },
          { id: `o-${i}`, label: w, x: res.context[i][0], y: res.context[i][1], tone: tone(i) },
        ]),
        arrows: words.map((w, i) => ({ from: v.X[i], to: res.context[i], tone: tone(i), gap: 5 })),
      });
    }

    const A = words[v.a];
    const B = words[v.b];
    const line = (label, ab, ba) =>
      el(
        'li',
        {},
        el('strong', {}, label),
        ` ${A} → ${B} = ${fmt(ab, 4)}, ${B} → ${A} = ${fmt(ba, 4)} `,
        el('span', { class: `verdict ${close(ab, ba) ? 'same' : 'differ'}` }, close(ab, ba) ? 'equal' : 'different'),
      );
    readout.replaceChildren(
      line('Raw embeddings:', raw.scores[v.a][v.b], raw.scores[v.b][v.a]),
      line('With W_Q and W_K:', res.scores[v.a][v.b], res.scores[v.b][v.a]),
      el(
        'li',
        {},
        el('strong', {}, 'Moved by attention:'),
        sameSpace
          ? ` ${A} by ${fmt(f.moved[A], 3)}, ${B} by ${fmt(f.moved[B], 3)} (distance from its embedding to its output)`
          : ` each output has d_k = ${dk()} numbers and each embedding ${d}, so they cannot be compared; set d_k to ${d} to see how far each word moves.`,
      ),
      el(
        'li',
        { class: 'widget-note' },
        'Row = the word that asks (its query), column = the word being looked at (its key).',
      ),
    );
  }
  buildEditors();
  return { render };
});
