// Lesson 12: train the induction task live and watch an induction head form. The engine's
// language model runs in the live kit's Web Worker (web/src/live/, described to it by
// web/src/models/language-model.js); this module is the run's settings and views: loss and copy
// accuracy with the phase change marked (models/phase-change.js), every head's prefix-matching
// and previous-token scores over training as small multiples (induction-heads/head-cards.js),
// every head's attention on an induction prompt as heat maps, and a head silenced on request
// (induction-heads/ablation.js). The same widget with one layer is the lesson's comparison.
import { el } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { hideControls } from '../ui/controls.js';
import { heatCanvas } from '../ui/heat-canvas.js';
import { param } from '../state/params.js';
import { modelOptions } from '../state/model-options.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { LAYERS, LR, SEED_MAX, SPEED_MAX, PROMPT_MAX } from './induction-heads.schema.js';
import { liveTraining } from '../live/live-training.js';
import { sentenceBox, capitalise } from '../live/sentence.js';
import { readoutTable } from '../live/readout.js';
import { curves as makeCurves, HELDOUT, ATTENTION, PREVIOUS } from '../live/curves.js';
import { speedParam } from '../live/transport.js';
import { phaseChange } from '../models/phase-change.js';
import { PREFIX_TARGET, COPY_TARGET, reachedTarget, bestLastLayerHead } from './induction-heads.facts.js';
import { headCards, headName } from './induction-heads/head-cards.js';
import { ablationView } from './induction-heads/ablation.js';
import './induction-heads.css';

// A line for chance on the accuracy chart (Okabe-Ito reddish purple, dotted).
const CHANCE = { stroke: '#cc79a7', width: 1.5, dash: [1, 3] };
const HEAT = { min: 0, max: 1 }; // attention weights: one fixed scale, so colours compare across steps

const widget = {
  config: configSchema,
  state: {
    seed: param.integer({ min: 0, max: SEED_MAX }),
    layers: param.choice(LAYERS.map(String)),
    lr: param.number(LR),
    speed: speedParam(SPEED_MAX),
    sentence: param.text({ maxLength: PROMPT_MAX }), // the prompt of the heat maps (the kit's name)
  },
  defaults: (config) => ({
    seed: config.seed ?? 1,
    layers: String(config.layers ?? 2),
    lr: config.lr ?? 0.01,
    speed: config.speed ?? 100,
    sentence: config.prompt ?? '',
  }),
};

const SETTINGS = {
  legend: 'Model (changing any of these starts over)',
  fields: [
    { key: 'layers', label: 'Layers', choices: LAYERS },
    { key: 'seed', seedMax: SEED_MAX },
  ],
};

export default defineWidget(widget, (setup) => {
  const { root, config, values: v, save } = setup;
  let grid = []; // this run's evaluated steps, in order
  let phase = null;
  let shown = null; // the view on screen: { prompt, tokens, now }
  let promptTimer = 0;

  const options = () =>
    modelOptions('LanguageModel', {
      task: 'induction',
      seed: v.seed,
      layers: Number(v.layers),
      heads: config.heads,
      lr: v.lr,
    });
  const describeRun = () =>
    `${v.layers} layer${v.layers === '1' ? '' : 's'}, seed ${v.seed}, learning rate ${fmt(v.lr, 6)}`;

  // ---- the figures
  const readout = readoutTable({
    rows: [
      { label: 'loss', train: 'trainLoss', heldOut: 'heldoutLoss', format: 'loss' },
      { label: 'copy accuracy on the repeat', train: null, heldOut: 'copyAccuracy', format: 'percent' },
      { label: 'accuracy elsewhere', train: null, heldOut: 'accuracy', format: 'percent' },
    ],
    note: 'Best head of the last layer: ',
    noteText: bestText,
    mirror: ['copyAccuracy'],
    heldOutLabel: 'held-out sequences',
  });
  const curves = makeCurves({
    accuracyTitle: 'Copy accuracy on the repeat, and accuracy elsewhere',
    accuracyLines: [
      { label: 'copy (repeat)', ...HELDOUT, run: 'now', key: 'copyAccuracy' },
      { label: 'elsewhere', ...ATTENTION, run: 'now', key: 'accuracy' },
      { label: 'chance', ...CHANCE, run: 'now', key: 'chance' },
      { label: 'previous run, copy', ...PREVIOUS, run: 'before', key: 'copyAccuracy' },
    ],
  });
  const phaseLine = el('p', { class: 'phase-line', 'aria-live': 'polite' });

  const live = liveTraining(setup, {
    model: 'createLanguageModel',
    what: 'language model',
    title: config.title ?? 'Train the induction task',
    settings: SETTINGS,
    options,
    lr: LR,
    speedMax: SPEED_MAX,
    describeRun,
    milestone: {
      test: reachedTarget,
      target: COPY_TARGET,
      short: 'copy',
      data: (hit) => ({ reachedPrefix: bestLastLayerHead(hit).prefixMatching }),
      say: (hit, every) => {
        const best = bestLastLayerHead(hit);
        return (
          `Target reached at step ${hit.step.toLocaleString('en')} (measured every ${every} steps): copy accuracy ` +
          `${fmt(100 * hit.copyAccuracy, 1, { fixed: true })}%, and ${headName(best.layer, best.head).toLowerCase()} matches prefixes ` +
          `at ${fmt(best.prefixMatching, 2, { fixed: true })} (targets: ${fmt(100 * COPY_TARGET, 0)}% and ${fmt(PREFIX_TARGET, 1)}).`
        );
      },
    },
    curves,
    readout,
    onReady: ready,
    onProgress: progress,
  });

  // ---- heads over training, and silencing one
  const ablation = ablationView();
  const cards = headCards({ onSilence: silence });
  async function silence(layer, head) {
    ablation.busy(layer, head);
    root.dataset.ready = 'false';
    const r = await live.ask('ablation');
    root.dataset.ready = 'true';
    if (!r) return;
    if (r.ok) ablation.show(r.value, layer, head, r.step);
    else ablation.fail(r.message);
  }
  const headsSection = el(
    'section',
    { class: 'heads-section', 'aria-label': 'Each head over training' },
    el('h4', { class: 'maps-title' }, 'Each head over training'),
    cards.node,
    ablation.node,
  );

  // ---- every head on a prompt
  const promptBox = sentenceBox({
    label: 'A prompt: letters a to z, separated by spaces (up to 32)',
    value: v.sentence,
    maxLength: PROMPT_MAX,
    onPick: (text) => inspect(text),
  });
  const { input: promptInput, message: promptMessage, examples: exampleSelect } = promptBox;
  promptInput.lang = 'zxx';
  promptInput.addEventListener('input', () => {
    exampleSelect.input.value = '';
    clearTimeout(promptTimer);
    promptTimer = setTimeout(() => inspect(promptInput.value.trim()), 250);
  });
  const maps = el('div', { class: 'induction-maps' });
  const mapsTitle = el('h5', {}, 'Now');
  let canvases = [];
  let canvasKey = '';
  const mapsSection = el(
    'section',
    { class: 'maps-section', 'aria-label': 'Every head on a prompt' },
    el('h4', { class: 'maps-title' }, 'Every head on a prompt'),
    promptBox.node,
    mapsTitle,
    el(
      'p',
      { class: 'widget-note' },
      'Row: the token looking. Column: the token it looks at. Each row sums to 1; above the diagonal is the future, masked to 0.',
    ),
    maps,
  );

  async function inspect(text) {
    const r = await live.view(text);
    if (!r) return; // a newer prompt is on its way
    if (!r.ok) {
      promptMessage.show(`${capitalise(r.message)}. The maps still show “${shown?.prompt ?? v.sentence}”.`);
      root.dataset.promptError = 'true';
      return;
    }
    delete root.dataset.promptError;
    promptMessage.clear();
    v.sentence = text;
    save();
    draw(r.view);
  }

  function draw(view) {
    shown = view;
    const layers = view.now;
    const labels = view.tokens.map((t, i) => `${i} ${t}`);
    const key = `${layers.length}|${layers[0].length}|${view.tokens.join(' ')}`;
    if (key !== canvasKey) {
      canvasKey = key;
      canvases = layers.flatMap((layer, l) =>
        layer.map((w, h) =>
          heatCanvas({
            label: headName(l, h),
            values: w,
            range: HEAT,
            rowName: 'token',
            colName: 'looks at',
            rowLabels: labels.map((x) => `${x} looks`),
            colLabels: labels.map((x) => `at ${x}`),
            maxSize: '18rem',
          }),
        ),
      );
      maps.replaceChildren(...canvases.map((c) => c.node));
      maps.style.setProperty('--heads', String(layers[0].length));
    } else {
      layers.flat().forEach((w, i) => canvases[i].update(w));
    }
    mapsTitle.textContent = `Now (step ${live.step.toLocaleString('en')}): “${view.prompt}”`;
    root.dataset.tokens = String(view.tokens.length);
  }

  root.append(...live.head, phaseLine, readout.node, curves.node, headsSection, mapsSection);
  hideControls(config, { maps: mapsSection, ablation: ablation.node, heads: headsSection });

  // ---- worker events
  function ready({ options: o, sentence }) {
    grid = [];
    phase = null;
    phaseLine.textContent =
      'Phase change: not yet (copy accuracy has not passed half-way from chance to a perfect copy).';
    delete root.dataset.phaseStep;
    ablation.clear();
    cards.setShape(o.layers, o.heads);
    cards.draw(grid, null);
    promptBox.setExamples([...new Set([...(config.examples ?? []), sentence])]);
    // The worker's prompt (its example when the link's cannot be read) is the one shown.
    if (sentence !== v.sentence) {
      if (v.sentence) promptMessage.show(`“${v.sentence}” cannot be read by the model; showing an example instead.`);
      v.sentence = sentence;
      promptInput.value = sentence;
    }
  }

  function progress(p) {
    for (const g of p.grid ?? []) {
      grid.push(g);
      curves.push({
        step: g.step,
        heldoutLoss: g.heldOutLoss,
        copyAccuracy: g.copyAccuracy,
        accuracy: g.accuracy,
        chance: g.chance,
      });
      readout.show({ ...g, heldoutLoss: g.heldOutLoss }, g.step);
    }
    if (p.point) {
      const point = { step: p.point.step, trainLoss: p.point.trainLoss };
      if (point.trainLoss != null || !p.grid?.length) curves.push(point);
      readout.show(point, p.step);
    }
    if (p.grid?.length) {
      // Its step never moves once said (the first crossing); the end of the climb comes later.
      const had = phase;
      phase = phaseChange(grid);
      if (phase && !had) {
        root.dataset.phaseStep = String(phase.step);
        curves.mark({ step: phase.step, label: 'phase change' });
      }
      phaseLine.textContent = phase ? phaseText(phase) : phaseLine.textContent;
      cards.draw(grid, phase?.step);
    }
    if (p.view && p.view.prompt === (shown?.prompt ?? p.view.prompt)) draw(p.view);
  }

  return live.start(() => clearTimeout(promptTimer));
});

/** The phase change in words, with the steps around it. */
function phaseText(p) {
  const at = (s) => s.toLocaleString('en');
  const plateau =
    p.plateauEnd == null ? '' : ` The plateau (under a tenth of the way) lasted until step ${at(p.plateauEnd)};`;
  const rise =
    p.riseEnd == null
      ? ' copy accuracy is still climbing.'
      : ` nine tenths of the way was passed at step ${at(p.riseEnd)}.`;
  return (
    `Phase change at step ${at(p.step)}: copy accuracy ${fmt(100 * p.copyAccuracy, 1, { fixed: true })}%, past half-way ` +
    `from chance to a perfect copy (${fmt(100 * p.threshold, 1, { fixed: true })}%).${plateau}${rise}`
  );
}

/** The line under the readout: the last layer's best prefix-matching head now. */
function bestText(p) {
  if (!p.prefixMatching) return '';
  const best = bestLastLayerHead(p);
  const prev = p.previousToken[0];
  return (
    `${headName(best.layer, best.head).toLowerCase()}, prefix-matching ${fmt(best.prefixMatching, 2, { fixed: true })}; ` +
    `layer 1's previous-token scores ${prev.map((x) => fmt(x, 2, { fixed: true })).join(' and ')}`
  );
}
