// Lesson 3: softmax, stage by stage. The learner edits the scores (or picks an example), moves
// the temperature, and can divide by sqrt(d_k) as attention does; the engine's softmaxTrace
// supplies every number shown (scaled, max, shifted, exps, sum, weights).
import { el } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { vectorField, numberField } from '../ui/number-field.js';
import { presets as presetButtons, temperatureSlider, checkbox, tryEngine, hideControls } from '../ui/controls.js';
import { barChart } from '../ui/bars.js';
import { matrixView, createLinker } from '../ui/matrix-view.js';
import { identity } from '../ui/data.js';
import { texNode, texDisplay } from '../ui/tex.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { MAX_SCORES, SCORE_LIMIT, scores } from './softmax.schema.js';

const widget = {
  config: configSchema,
  state: {
    scores,
    t: param.number({ min: 0.1, max: 10 }),
    scale: param.boolean(),
    dk: param.integer({ min: 1, max: 4096 }),
  },
  defaults: (config) => ({
    scores: config.scores,
    t: config.temperature ?? 1,
    scale: Boolean(config.dk),
    dk: config.dk ?? 4,
  }),
};

export default defineWidget(widget, ({ root, engine, config, values: v, update, state }) => {
  // Scores and examples come from the lesson (content as data).
  const presetList = config.presets ?? [];
  // The words of the example on screen: shown whenever the scores have one per word, so a list
  // made longer and then shorter again gets its words back.
  let named = state.scores === undefined ? config.labels : null;
  let labels = pickLabels(v.scores, named);

  function pickLabels(scores, given) {
    return Array.isArray(given) && given.length === scores.length ? given : scores.map((_, i) => `s${i + 1}`);
  }

  const scoresField = vectorField({
    label: 'Scores',
    value: v.scores,
    maxLength: MAX_SCORES,
    min: -SCORE_LIMIT,
    max: SCORE_LIMIT,
    name: 'The scores',
    hint: `Up to ${MAX_SCORES} numbers, separated by commas.`,
    onChange(scores) {
      labels = pickLabels(scores, named);
      v.scores = scores;
      update();
    },
  });
  const examples = presetButtons({
    items: presetList.map((p) => ({ label: p.label ?? p.scores.join(', ') })),
    onPick(i) {
      v.scores = presetList[i].scores.slice();
      named = presetList[i].labels;
      labels = pickLabels(v.scores, named);
      scoresField.set(v.scores);
      update();
    },
  });
  // "Only differences matter": shift every score by the same amount. The engine adds it, as the
  // bias of a linear map: scores · I + shift.
  const shiftAll = (by) => {
    const n = v.scores.length;
    const shifted = tryEngine(scoresField.message, () => engine.linear([v.scores], identity(n), Array(n).fill(by))[0]);
    if (!shifted) return;
    if (shifted.some((x) => Math.abs(x) > SCORE_LIMIT)) {
      scoresField.message.show(`That would take a score beyond ±${SCORE_LIMIT}.`);
      return;
    }
    v.scores = shifted;
    scoresField.set(v.scores);
    update();
  };
  const shiftButtons = el(
    'div',
    { class: 'presets', role: 'group', 'aria-label': 'Shift every score' },
    el('span', { class: 'presets-label' }, 'Every score'),
    // data-preset: the control sweep presses both.
    el(
      'button',
      { type: 'button', class: 'button small', dataset: { preset: '' }, onclick: () => shiftAll(100) },
      '+ 100',
    ),
    el(
      'button',
      { type: 'button', class: 'button small', dataset: { preset: '' }, onclick: () => shiftAll(-100) },
      '− 100',
    ),
  );
  examples.node.hidden = presetList.length === 0;
  const temperature = temperatureSlider({
    value: v.t,
    onInput(t) {
      v.t = t;
      update();
    },
  });
  const dkField = numberField({
    label: 'dₖ (key length)',
    value: v.dk,
    min: 1,
    max: 4096,
    integer: true,
    name: 'dₖ',
    width: '5rem',
    onChange(x) {
      v.dk = x;
      update();
    },
  });
  const scaleBox = checkbox({
    label: 'Divide the scores by √dₖ',
    checked: v.scale,
    onChange(on) {
      v.scale = on;
      dkField.input.disabled = !on;
      update();
    },
  });
  dkField.input.disabled = !v.scale;

  const divisorNote = el('p', { class: 'widget-note', 'aria-live': 'polite' });
  const traceBox = el('div', { class: 'trace-scroll' });
  const bars = barChart({ title: 'Softmax weights', labels, values: v.scores.map(() => 0) });
  const summary = el('p', { class: 'readout' });

  // Hover or focus any number of the trace to see how it came from the row above.
  let trace = null;
  let divisor = 1;
  const STAGES = ['s', 'z', 'z − max', 'e', 'w'];
  const linker = createLinker({
    explain(_, r, c) {
      if (!trace || r === 0) return null;
      const cell = (row) => [row, c];
      const top = trace.scaled.indexOf(trace.max);
      const steps = {
        1: {
          sources: [{ name: 'trace', cells: [cell(0)] }],
          text: `${fmt(v.scores[c], 4)} / ${fmt(divisor, 4)} = ${fmt(trace.scaled[c], 4)}`,
        },
        2: {
          sources: [{ name: 'trace', cells: [cell(1), [1, top]] }],
          text: `${fmt(trace.scaled[c], 4)} − ${fmt(trace.max, 4)} = ${fmt(trace.shifted[c], 4)}`,
        },
        3: {
          sources: [{ name: 'trace', cells: [cell(2)] }],
          text: `e^(${fmt(trace.shifted[c], 4)}) = ${fmt(trace.exps[c], 6)}`,
        },
        4: {
          sources: [{ name: 'trace', row: 3 }],
          text: `${fmt(trace.exps[c], 6)} / ${fmt(trace.sum, 6)} (the sum of the row above) = ${fmt(trace.weights[c], 6)}`,
        },
      };
      const step = steps[r];
      return {
        sources: step.sources,
        equation: el('span', {}, el('span', { class: 'eq-label' }, `${STAGES[r]} for “${labels[c]}”:`), step.text),
      };
    },
  });

  const scaleGroup = el('div', { class: 'controls' }, scaleBox.node, dkField.node);
  // The formula shows the divisor in use: T alone, or T·√dₖ when the scores are scaled.
  const formulaPlain = el(
    'div',
    { class: 'math-display' },
    texNode(texDisplay`w_i = \frac{e^{\,z_i - \max_j z_j}}{\sum_k e^{\,z_k - \max_j z_j}}, \qquad z = s / T`),
  );
  const formulaScaled = el(
    'div',
    { class: 'math-display' },
    texNode(
      texDisplay`w_i = \frac{e^{\,z_i - \max_j z_j}}{\sum_k e^{\,z_k - \max_j z_j}}, \qquad z = \frac{s}{T\sqrt{d_k}}`,
    ),
  );
  root.append(
    el('h3', { class: 'widget-title' }, 'Softmax, step by step'),
    el('div', { class: 'controls' }, scoresField.node, examples.node, shiftButtons),
    el('div', { class: 'controls' }, temperature.node, scaleGroup),
    formulaPlain,
    formulaScaled,
    divisorNote,
    traceBox,
    linker.node,
    summary,
    el('h4', {}, 'Weights'),
    bars.node,
  );
  hideControls(config, {
    scores: scoresField.node,
    examples: examples.node,
    shift: shiftButtons,
    temperature: temperature.node,
    scale: scaleGroup,
    trace: traceBox,
  });

  function render() {
    trace = tryEngine(scoresField.message, () => engine.softmaxTrace(v.scores, v.t, v.scale ? v.dk : 1));
    if (!trace) return;
    divisor = trace.divisor;
    formulaPlain.hidden = v.scale;
    formulaScaled.hidden = !v.scale;
    divisorNote.replaceChildren(
      v.scale
        ? `The scores are divided by T·√dₖ = ${fmt(v.t, 2)}·√${v.dk} = ${fmt(divisor, 4)} before softmax.`
        : `The scores are divided by T = ${fmt(v.t, 2)} before softmax.`,
    );
    linker.clear();
    traceBox.replaceChildren(
      matrixView({
        name: 'trace',
        label: 'The trace, stage by stage',
        values: [v.scores, trace.scaled, trace.shifted, trace.exps, trace.weights],
        digits: 4,
        rowLabels: [
          'score s',
          v.scale ? 'z = s / (T√dₖ)' : 'z = s / T',
          `z − max (max = ${fmt(trace.max, 4)})`,
          'e^(z − max)',
          'weight = e / sum',
        ],
        colLabels: labels,
        linker,
      }).node,
    );
    summary.replaceChildren(`Sum of the exponentials: ${fmt(trace.sum, 4)}. The weights add up to 1.`);
    bars.update({ labels, values: trace.weights });
  }
  return { render };
});
