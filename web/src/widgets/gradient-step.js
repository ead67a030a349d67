// Lesson 8: one step of learning, by hand. The learner picks where token 1 should have looked;
// the widget shows the loss, the chain rule backwards from dL/dcontext to dL/dW_Q, dL/dW_K and
// dL/dW_V (hover or focus any gradient to see its equation with the engine's values), and takes
// steps W <- W − lr·dW, drawing token 1's weights before and now and the loss at every step.
// Every number comes from the engine (selfAttention, selfAttentionBackward, linear, residual,
// similarity, dot); the JS picks rows and columns out of matrices. The steps taken are in the URL
// as their learning rates and replayed from the example, so a link shows the same run.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el, messageLine, newId, equationLine as eq } from '../ui/dom.js';
import { fmt, fmtDot, fmtVector } from '../ui/format.js';
import { numberField } from '../ui/number-field.js';
import { checkbox, tryEngine, hideControls } from '../ui/controls.js';
import { matrixView, createLinker } from '../ui/matrix-view.js';
import { tex, texDisplay, texNode } from '../ui/tex.js';
import { column } from '../ui/data.js';
import { param } from '../state/params.js';
import { attentionLines } from '../ui/attention-lines.js';
import { themedAxis, repaintOnThemeChange } from '../ui/colors.js';
import { barChart } from '../ui/bars.js';
import { defineWidget } from '../lesson/widget-kit.js';
import { mountPredict } from '../lesson/predict.js';
import configSchema, { DEFAULT_LR, LR_MAX, MAX_STEPS } from './gradient-step.schema.js';
import { replay, overshotSteps } from './gradient-step/learn.js';
import './gradient-step.css';

const lrType = param.number({ min: -LR_MAX, max: LR_MAX });
// The smallest learning rate a step takes (lrProblem refuses 0 and below, each with its reason).
const LR_LEAST = 0.000001;

const widget = {
  config: configSchema,
  state: (config) => ({
    target: param.integer({ min: 0, max: config.targets.length - 1 }),
    lr: lrType,
    // The learning rate of every step taken so far, replayed from the example.
    steps: param.vector({ maxLength: MAX_STEPS, min: LR_LEAST, max: LR_MAX }),
    values: param.boolean(), // step W_V too
  }),
  defaults: (config) => ({ target: 0, lr: config.lr ?? DEFAULT_LR, steps: [], values: false }),
};

// A display formula in a box that scrolls on a phone, reachable by Tab like the prose's formulas.
const formulaBox = (formula) =>
  el('div', { class: 'math-display', tabindex: '0', role: 'group', 'aria-label': 'formula' }, texNode(formula));

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const listWords = (xs) => (xs.length < 2 ? `${xs[0]}` : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
const SHOWN_STEPS = 3; // past this many, the note names the first few and says where the loss is now

/** The overshoot note for the steps `raised` (1-based) of a run with these losses. */
function overshootText(raised, losses) {
  const change = (s) => `${fmt(losses[s - 1], 5)} → ${fmt(losses[s], 5)}`;
  const which =
    raised.length === 1
      ? `Step ${raised[0]} raised the loss (${change(raised[0])})`
      : raised.length <= SHOWN_STEPS
        ? `Steps ${listWords(raised)} raised the loss (${raised.map(change).join(', ')})`
        : `Steps ${raised.slice(0, SHOWN_STEPS).join(', ')} and ${raised.length - SHOWN_STEPS} more raised the ` +
          `loss (${fmt(losses[0], 5)} at the start, ${fmt(losses.at(-1), 5)} now)`;
  return (
    `${which}: ${raised.length === 1 ? 'this step' : 'these steps'} overshot: the learning rate is too large ` +
    'for this slope, so a step jumps past the low point instead of walking down to it. ' +
    'Reset to the example and try a smaller learning rate.'
  );
}

// Every refusal ends with the same allowed range, so no two messages disagree about it.
const LR_RANGE = `Type a number above 0, at most ${LR_MAX.toLocaleString('en')}.`;

/** Why a learning rate cannot be used, in the learner's terms (null: fine). */
function lrProblem(lr) {
  if (lr === 0) return `A learning rate of 0 takes no step: W − 0·dW is W. ${LR_RANGE}`;
  if (lr < 0) return `A negative learning rate steps uphill, making the loss larger. ${LR_RANGE}`;
  if (lr > LR_MAX)
    return `Already at ${LR_MAX.toLocaleString('en')} one step saturates softmax, so a larger rate shows nothing new. ${LR_RANGE}`;
  return null;
}

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const toks = config.X.map((_, i) => config.tokens?.[i] ?? `token ${i + 1}`);
  if (lrProblem(v.lr)) v.lr = widget.defaults(config).lr;

  // ---- controls
  const engineMessage = messageLine();
  const targetName = newId('target');
  const targetInputs = config.targets.map((t, i) =>
    el('input', {
      type: 'radio',
      name: targetName,
      value: String(i),
      checked: i === v.target,
      onchange: () => {
        v.target = i;
        v.steps = []; // a new target starts from the example again
        update();
      },
    }),
  );
  const targetGroup = el(
    'fieldset',
    { class: 'gs-targets' },
    el('legend', {}, `What should “${toks[0]}” have attended to?`),
    config.targets.map((t, i) =>
      el('label', { class: 'choice' }, targetInputs[i], ` ${t.label} (${t.weights.map((w) => fmt(w, 2)).join(' / ')})`),
    ),
  );
  const lrField = numberField({
    label: 'Learning rate',
    value: v.lr,
    // The range is lrProblem's to explain, in one sentence; the field only refuses non-numbers
    // and magnitudes too large to compute with.
    min: -Infinity,
    max: Infinity,
    step: 100,
    name: 'The learning rate',
    width: '7rem',
    check: lrProblem,
    least: LR_LEAST,
    most: LR_MAX,
    onChange: (lr) => {
      v.lr = lr;
      stepMessage.textContent = '';
      update();
    },
  });
  // The rate sizes the next step: nothing moves until a step is taken (the control sweep's hint).
  lrField.node.dataset.sweepQuiet = 'the size of the next step; nothing moves until a step is taken';
  const stepButton = el(
    'button',
    { type: 'button', class: 'button primary small', onclick: () => takeSteps(1) },
    'Take a step',
  );
  const fiveButton = el(
    'button',
    { type: 'button', class: 'button small', onclick: () => takeSteps(5) },
    'Take 5 steps',
  );
  const resetButton = el(
    'button',
    {
      type: 'button',
      class: 'button small',
      onclick: () => {
        v.steps = [];
        stepMessage.textContent = '';
        update();
      },
    },
    'Reset to the example',
  );
  const valuesBox = checkbox({
    label: 'Step W_V too',
    checked: v.values,
    onChange: (on) => {
      v.values = on;
      v.steps = [];
      update();
    },
  });
  const stepMessage = el('p', { class: 'widget-note gs-step-message', role: 'status' });
  // A step that raised the loss is the learner's first sight of a learning rate too large: say so
  // where the loss is shown, not only in the prose below the widget.
  const overshootNote = el('p', { class: 'widget-note gs-overshoot', role: 'status', hidden: true });

  function takeSteps(k) {
    // The field's last valid value is in v.lr; a field showing an error refuses to step.
    if (lrField.input.getAttribute('aria-invalid') === 'true') {
      stepMessage.textContent = 'Fix the learning rate first: the message next to it says what is wrong.';
      lrField.input.focus();
      return;
    }
    const room = MAX_STEPS - v.steps.length;
    if (room <= 0) {
      stepMessage.textContent = `That is ${MAX_STEPS} steps, as many as this page keeps. Reset to start again.`;
      return;
    }
    stepMessage.textContent = '';
    v.steps = [...v.steps, ...Array.from({ length: Math.min(k, room) }, () => v.lr)];
    update();
  }

  // ---- predict before the step: which way will token 1's weight on itself move? The answer is
  // one step of the engine from where the learner stands (target, learning rate, W_V box), so it
  // is checked on the step the button would take, overshoot included.
  const nextStep = () => {
    const target = config.targets[v.target] ?? config.targets[0];
    const { history } = replay(engine, config, target.weights, [...v.steps, v.lr], { values: v.values });
    return { before: history.at(-2).forward.weights[0][0], after: history.at(-1).forward.weights[0][0] };
  };
  const self = escapeHtml(`“${toks[0]}”`);
  const predictBox = el('section', { class: 'gs-predict' });
  const stepQuestion = {
    kind: 'sign',
    prompt:
      `Before you press <em>Take a step</em>: with the target and learning rate as they are set, ` +
      `will ${self}’s weight on itself go up or down in the next step?`,
    choices: ['Up', 'Down', 'Neither: it stays where it is'],
    check: { call: 'nextStep', args: [], answer: 'after', label: 'after the step' },
    baseline: { call: 'nextStep', args: [], answer: 'before', label: 'now' },
    digits: 3,
    explain:
      'A small enough step against the gradient always lowers the loss. With W_V held still, the ' +
      `loss is ½ (a₁₁ − t₁)² |v₁ − v₂|²: it falls only if ${self}’s weight on itself moves toward ` +
      'the target’s t₁, so that is where a small step takes it. Too large a learning rate can jump ' +
      'past the target, even to the far end (try 100000). With W_V stepped too, the values move as ' +
      'well and the weight may hardly move at all.',
  };
  // A verdict is about one step from one state: any change (a step, a reset, a new target, rate
  // or W_V box) asks afresh rather than leave an answer on screen that no longer holds.
  let predict = null;
  let predictFor = null;
  const askAboutNextStep = () => {
    const key = JSON.stringify([v.target, v.lr, v.values, v.steps]);
    if (key === predictFor) return;
    predictFor = key;
    predict?.destroy();
    predict = mountPredict(predictBox, stepQuestion, { engine: { nextStep } });
  };

  // ---- pictures: where token 1 looks (start, now, target) and the loss at each step
  const barsStart = barChart({ title: `“${toks[0]}” at the start`, labels: toks, values: toks.map(() => 0) });
  const barsNow = barChart({ title: `“${toks[0]}” now`, labels: toks, values: toks.map(() => 0) });
  const barsTarget = barChart({ title: 'the target', labels: toks, values: toks.map(() => 0) });
  const barBlock = (title, chart) => el('figure', { class: 'gs-bars' }, el('figcaption', {}, title), chart.node);
  const lines = attentionLines({ title: 'The weights now, as lines', tokens: toks, weights: [] });

  const lossId = newId('loss');
  const lossHolder = el('div', { class: 'gs-loss-canvas', role: 'img', 'aria-labelledby': lossId });
  const lossList = el('p', { class: 'widget-note gs-loss-list' });
  const lossFigure = el(
    'figure',
    { class: 'gs-loss' },
    el('figcaption', { id: lossId }, 'The loss after each step'),
    lossHolder,
    lossList,
  );
  const lossPlot = new uPlot(
    {
      width: 300,
      height: 170,
      // From 0, so a fall to near 0 shows as one; at least five steps wide.
      scales: {
        // uPlot widens a single point's range to 0-100 on its own: set it from the step count.
        x: { time: false, auto: false, range: (u) => [0, Math.max(5, u.data[0].length - 1)] },
        y: { range: (u, lo, hi) => [0, hi > 0 ? hi * 1.1 : 1] },
      },
      series: [{}, { label: 'loss', stroke: '#0072b2', width: 2, points: { show: true, size: 6, fill: '#0072b2' } }],
      axes: [
        themedAxis({
          label: 'step',
          size: 34,
          labelSize: 16,
          font: '11px sans-serif',
          labelFont: '600 11px sans-serif',
        }),
        themedAxis({
          label: 'loss',
          size: 50,
          labelSize: 16,
          font: '11px sans-serif',
          labelFont: '600 11px sans-serif',
        }),
      ],
      legend: { show: false },
      cursor: { show: false },
    },
    [[], []],
    lossHolder,
  );
  const stopRepaint = repaintOnThemeChange(lossPlot);

  // ---- the trace
  let run = null;
  const linker = createLinker({ explain, placeholder: null });
  const stages = el('div', { class: 'stages' });
  const summary = el('p', { class: 'readout readout-big', 'aria-live': 'polite' });

  root.append(
    el('h3', { class: 'widget-title' }, 'One step of gradient descent, by hand'),
    el(
      'p',
      { class: 'widget-note' },
      'Pick a target, read the loss, then follow the gradient backwards. Hover or focus (Tab, then arrow keys) any gradient to see its equation.',
    ),
    el('div', { class: 'controls' }, targetGroup),
    predictBox,
    el('div', { class: 'controls' }, lrField.node, stepButton, fiveButton, resetButton, valuesBox.node),
    stepMessage,
    engineMessage.node,
    summary,
    overshootNote,
    el(
      'div',
      { class: 'gs-pictures' },
      el(
        'div',
        { class: 'gs-bar-row' },
        barBlock('at the start', barsStart),
        barBlock('now', barsNow),
        barBlock('target', barsTarget),
      ),
      lossFigure,
    ),
    lines.node,
    stages,
    el('div', { class: 'link-sticky' }, linker.node),
  );
  hideControls(config, { values: valuesBox.node, trace: stages });
  stages.addEventListener('pointerleave', () => linker.clear());

  // ---- "where did this gradient come from?"
  const name = (m, i, j) => `${m}[${i + 1}][${j + 1}]`;
  const dot = (a, b) => engine.similarity(a, b);
  const written = (a, b) => {
    const s = dot(a, b);
    return `${fmtDot(a, b, s.terms)} = ${fmt(s.dot, 4)}`;
  };

  function explain(m, i, j) {
    if (!run) return null;
    const now = run.history.at(-1);
    const { forward: f, grads: g, dContext } = now;
    const sqrtDk = `√${f.K[0].length}`;
    try {
      switch (m) {
        case 'dC':
          return i === 0
            ? {
                sources: [
                  { name: 'C', cells: [[i, j]] },
                  { name: 'Cstar', cells: [[0, j]] },
                ],
                equation: eq(
                  `∂L/∂${name('C', i, j)} = c − c*:`,
                  `${fmt(f.context[i][j], 4)} − ${fmt(run.targetContext[j], 4)} = ${fmt(dContext[i][j], 4)}`,
                ),
              }
            : {
                sources: [],
                equation: eq(
                  `∂L/∂${name('C', i, j)} = 0:`,
                  `the loss reads only “${toks[0]}”’s context, so “${toks[i]}”’s does not change it.`,
                ),
              };
        case 'dA':
          return {
            sources: [
              { name: 'dC', row: i },
              { name: 'V', row: j },
            ],
            equation: eq(
              `∂L/∂${name('A', i, j)} = ∂L/∂c of “${toks[i]}” · value of “${toks[j]}”:`,
              `${written(dContext[i], f.V[j])}`,
            ),
          };
        case 'dS': {
          // Through softmax: ∂L/∂s_j = a_j (∂L/∂a_j − Σ_k a_k ∂L/∂a_k).
          const a = f.weights[i];
          const dA = g.dWeights[i];
          const mean = dot(a, dA);
          return {
            sources: [
              { name: 'A', row: i },
              { name: 'dA', row: i },
            ],
            equation: eq(
              `∂L/∂${name('S', i, j)} = a${j + 1}(∂L/∂a${j + 1} − Σ a·∂L/∂a):`,
              `Σ a·∂L/∂a = ${fmtDot(a, dA, mean.terms)} = ${fmt(mean.dot, 4)}; ` +
                `${fmt(a[j], 4)}·(${fmt(dA[j], 4)} − ${fmt(mean.dot, 4)}) = ${fmt(g.dScores[i][j], 4)}`,
            ),
          };
        }
        case 'dQ':
          return {
            sources: [
              { name: 'dS', row: i },
              { name: 'K', col: j },
            ],
            equation: eq(
              `∂L/∂${name('Q', i, j)} = (row ${i + 1} of ∂L/∂S · column ${j + 1} of K) / ${sqrtDk}:`,
              `${written(g.dScores[i], column(f.K, j))}; ÷ ${sqrtDk} = ${fmt(g.dQ[i][j], 4)}`,
            ),
          };
        case 'dK':
          return {
            sources: [
              { name: 'dS', col: i },
              { name: 'Q', col: j },
            ],
            equation: eq(
              `∂L/∂${name('K', i, j)} = (column ${i + 1} of ∂L/∂S · column ${j + 1} of Q) / ${sqrtDk}:`,
              `${written(column(g.dScores, i), column(f.Q, j))}; ÷ ${sqrtDk} = ${fmt(g.dK[i][j], 4)}`,
            ),
          };
        case 'dV':
          return {
            sources: [
              { name: 'A', col: i },
              { name: 'dC', col: j },
            ],
            equation: eq(
              `∂L/∂${name('V', i, j)} = column ${i + 1} of A · column ${j + 1} of ∂L/∂C:`,
              written(column(f.weights, i), column(dContext, j)),
            ),
          };
        case 'dWq':
        case 'dWk':
        case 'dWv': {
          const of = { dWq: ['dQ', g.dQ, 'Q'], dWk: ['dK', g.dK, 'K'], dWv: ['dV', g.dV, 'V'] }[m];
          return {
            sources: [
              { name: 'X', col: i },
              { name: of[0], col: j },
            ],
            equation: eq(
              `∂L/∂W_${of[2]}[${i + 1}][${j + 1}] = column ${i + 1} of X · column ${j + 1} of ∂L/∂${of[2]}:`,
              written(column(config.X, i), column(of[1], j)),
            ),
          };
        }
        default:
          return null; // a matrix of the forward pass: lesson 5 explains those
      }
    } catch (e) {
      return { sources: [], equation: `The engine could not explain this cell: ${e.message}` };
    }
  }

  function render() {
    const target = config.targets[v.target] ?? config.targets[0];
    const result = tryEngine(engineMessage, () =>
      replay(engine, config, target.weights, v.steps, { values: v.values }),
    );
    if (!result) return false;
    run = result;
    askAboutNextStep();
    const start = run.history[0];
    const now = run.history.at(-1);
    const { forward: f, grads: g, dContext } = now;
    const k = v.steps.length;
    linker.clear();

    summary.textContent =
      k === 0
        ? `Loss at the start: ${fmt(start.loss, 5)}. “${toks[0]}” gives ${fmtVector(f.weights[0], 3)}; the target is ${fmtVector(target.weights, 2)}.`
        : `After ${k} step${k === 1 ? '' : 's'}: loss ${fmt(start.loss, 5)} → ${fmt(now.loss, 5)}. “${toks[0]}” gives ${fmtVector(f.weights[0], 3)} (it gave ${fmtVector(start.forward.weights[0], 3)}); the target is ${fmtVector(target.weights, 2)}.`;
    barsStart.update({ values: start.forward.weights[0] });
    barsNow.update({ values: f.weights[0] });
    barsTarget.update({ values: target.weights });
    lines.update({ tokens: toks, weights: f.weights });
    const losses = run.history.map((h) => h.loss);
    lossPlot.setData([losses.map((_, i) => i), losses]);
    lossList.textContent = `Loss by step: ${losses.map((l, i) => `${i}: ${fmt(l, 5)}`).join(', ')}`;
    const raised = overshotSteps(losses);
    overshootNote.hidden = raised.length === 0;
    overshootNote.textContent = raised.length ? overshootText(raised, losses) : '';

    const view = (nm, label, values, opts = {}) =>
      matrixView({ name: nm, label, values, digits: 4, linker, ...opts }).node;
    const stage = (title, ...nodes) =>
      el('section', { class: 'stage' }, el('h4', {}, title), el('div', { class: 'matrix-row' }, ...nodes));
    stages.replaceChildren(
      stage(
        '0. Forward, as in lesson 5 (with the weights now)',
        view('X', tex`X`, config.X, { rowLabels: toks }),
        view('Q', tex`Q = X W_Q`, f.Q, { rowLabels: toks }),
        view('K', tex`K = X W_K`, f.K, { rowLabels: toks }),
        view('V', tex`V = X W_V`, f.V, { rowLabels: toks }),
        view('A', tex`A = \operatorname{softmax}(S)`, f.weights, {
          rowLabels: toks,
          colLabels: toks,
          digits: 3,
          fixed: true,
          heat: { min: 0, max: 1 },
        }),
        view('C', tex`C = A V`, f.context, { rowLabels: toks }),
        view('Cstar', tex`c^* = t\,V_{\text{start}}`, [run.targetContext], { rowLabels: ['target'] }),
      ),
      stage(
        '1. How the loss changes with the context',
        view('dC', tex`\partial L / \partial C`, dContext, {
          rowLabels: toks,
          caption: `row 1 is c − c*; the loss does not read “${toks[1] ?? ''}”’s row`,
        }),
      ),
      stage(
        '2. … with the weights: back through C = A V',
        view('dA', tex`\partial L / \partial A = \tfrac{\partial L}{\partial C}\, V^\top`, g.dWeights, {
          rowLabels: toks,
          colLabels: toks,
        }),
      ),
      el(
        'section',
        { class: 'stage' },
        el('h4', {}, '3. … with the scores: back through softmax'),
        el(
          'p',
          { class: 'widget-note' },
          'For one row of two weights, the softmax’s Jacobian (how each weight moves when each score moves):',
        ),
        formulaBox(
          texDisplay`J = \begin{pmatrix} \frac{\partial a_1}{\partial s_1} & \frac{\partial a_1}{\partial s_2} \\[4pt] \frac{\partial a_2}{\partial s_1} & \frac{\partial a_2}{\partial s_2} \end{pmatrix} = \begin{pmatrix} a_1(1 - a_1) & -a_1 a_2 \\ -a_2 a_1 & a_2(1 - a_2) \end{pmatrix}`,
        ),
        el(
          'p',
          { class: 'widget-note' },
          'so each score’s gradient is its weight times (its weight’s gradient minus the row’s average):',
        ),
        formulaBox(
          texDisplay`\frac{\partial L}{\partial s_j} = \sum_k \frac{\partial L}{\partial a_k} \frac{\partial a_k}{\partial s_j} = a_j\Big(\frac{\partial L}{\partial a_j} - \sum_k a_k \frac{\partial L}{\partial a_k}\Big)`,
        ),
        el(
          'div',
          { class: 'matrix-row' },
          view('dS', tex`\partial L / \partial S`, g.dScores, { rowLabels: toks, colLabels: toks }),
        ),
      ),
      stage(
        '4. … with the queries, keys and values',
        view('dQ', tex`\partial L / \partial Q = \tfrac{\partial L}{\partial S} K / \sqrt{d_k}`, g.dQ, {
          rowLabels: toks,
          caption:
            toks.length > 1 ? `“${toks[1]}”’s query makes only its own scores, which the loss never reads` : undefined,
        }),
        view('dK', tex`\partial L / \partial K = \tfrac{\partial L}{\partial S}^{\!\top} Q / \sqrt{d_k}`, g.dK, {
          rowLabels: toks,
        }),
        view('dV', tex`\partial L / \partial V = A^\top \tfrac{\partial L}{\partial C}`, g.dV, { rowLabels: toks }),
      ),
      stage(
        '5. … with the weight matrices: the gradients a step follows',
        view('dWq', tex`\partial L / \partial W_Q = X^\top \tfrac{\partial L}{\partial Q}`, g.dWq),
        view('dWk', tex`\partial L / \partial W_K = X^\top \tfrac{\partial L}{\partial K}`, g.dWk),
        view('dWv', tex`\partial L / \partial W_V = X^\top \tfrac{\partial L}{\partial V}`, g.dWv, {
          caption: v.values ? 'stepped too' : 'shown, not stepped',
        }),
      ),
    );
    return true;
  }

  return {
    render,
    destroy() {
      predict?.destroy();
      stopRepaint();
      lossPlot.destroy();
    },
  };
});
