// Lesson 11: a decoder-only language model (engine.createLanguageModel, the sentences task)
// trained live in the live kit's Web Worker (web/src/live/, described to it by
// web/src/models/language-model.js). This module is its views: the prompt's causal attention,
// the next-word distribution before training and now, the sampling lab (next-word/
// sampling-lab.js), the temperature sweep (next-word/sweep.js) and the KV cache written token by
// token (next-word/kv-cache.js). Every figure is the engine's, asked of the worker between steps.
import { el } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { param } from '../state/params.js';
import { modelOptions } from '../state/model-options.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, {
  LR,
  SEED_MAX,
  SPEED_MAX,
  PROMPT_MAX,
  TEMPERATURE,
  TOP_K_MAX,
  SAMPLE_SEED_MAX,
} from './next-word.schema.js';
import { liveTraining } from '../live/live-training.js';
import { sentenceBox, capitalise } from '../live/sentence.js';
import { readoutTable } from '../live/readout.js';
import { curves as makeCurves, HELDOUT, PREVIOUS } from '../live/curves.js';
import { speedParam } from '../live/transport.js';
import { attentionMap } from './next-word/attention-map.js';
import { distributionChart, ranking } from './next-word/distribution.js';
import { samplingLab } from './next-word/sampling-lab.js';
import { temperatureSweep } from './next-word/sweep.js';
import { kvCache } from './next-word/kv-cache.js';
import './next-word.css';

const DEFAULT_SWEEP = [0.5, 1, 1.5, 2, 3];
const LAB_EVERY_MS = 1000; // the lab's charts follow training at most once a second

const widget = {
  config: configSchema,
  state: {
    seed: param.integer({ min: 0, max: SEED_MAX }),
    lr: param.number(LR),
    speed: speedParam(SPEED_MAX),
    sentence: param.text({ maxLength: PROMPT_MAX }),
    t: param.number(TEMPERATURE),
    k: param.integer({ min: 0, max: TOP_K_MAX }),
    p: param.number({ min: 0.01, max: 1 }),
    draw: param.integer({ min: 0, max: SAMPLE_SEED_MAX }),
  },
  defaults: (config) => ({
    seed: config.seed ?? 1,
    lr: config.lr ?? 0.01,
    speed: config.speed ?? 100,
    sentence: config.sentence ?? '',
    t: config.temperature ?? 1,
    k: config.topK ?? 0,
    p: config.topP ?? 1,
    draw: config.sampleSeed ?? 1,
  }),
};

const SETTINGS = {
  legend: 'Model (changing this starts over)',
  fields: [{ key: 'seed', seedMax: SEED_MAX }],
};

export default defineWidget(widget, (setup) => {
  const { root, config, values: v, save } = setup;
  let current = null; // the last view from the worker: { prompt, tokens, now, before, next, nextBefore }
  let vocabulary = [];
  // Questions in flight: the root says data-ready="false" while the worker answers one (the
  // control sweep and the tests wait for it), and "true" again once none is left and the model
  // has started.
  let busy = 0;
  let started = false;
  const setBusy = (on) => {
    busy = Math.max(0, busy + (on ? 1 : -1));
    if (busy > 0) root.dataset.ready = 'false';
    else if (started) root.dataset.ready = 'true';
  };

  const options = () => modelOptions('LanguageModel', { ...config, task: 'sentences', seed: v.seed, lr: v.lr });
  const describeRun = () => `seed ${v.seed}, learning rate ${fmt(v.lr, 6)}`;

  const readout = readoutTable({
    rows: [
      { label: 'loss', train: 'trainLoss', heldOut: 'heldoutLoss', format: 'loss' },
      { label: 'next word right', train: 'trainAccuracy', heldOut: 'heldoutAccuracy', format: 'percent' },
    ],
    note: 'A guess at random would be right ',
    noteText: (p) => (p.chance == null ? '' : `${fmt(100 * p.chance, 1, { fixed: true })}% of the time.`),
  });
  const curves = makeCurves({
    accuracyTitle: 'Next word right (the most likely word is the one that came)',
    accuracyLines: [
      { label: 'training', stroke: '#0072b2', width: 2, run: 'now', key: 'trainAccuracy' },
      { label: 'held-out', ...HELDOUT, run: 'now', key: 'heldoutAccuracy' },
      { label: 'previous run, held-out', ...PREVIOUS, run: 'before', key: 'heldoutAccuracy' },
    ],
  });

  const live = liveTraining(setup, {
    model: 'createLanguageModel',
    what: 'language model',
    title: 'Train a tiny GPT on the grammar’s sentences',
    settings: SETTINGS,
    options,
    lr: LR,
    speedMax: SPEED_MAX,
    lrStep: 0.001,
    describeRun,
    curves,
    readout,
    onReady: ready,
    onProgress: progress,
  });
  const ask = (question, ...args) => live.ask(question, ...args);

  // ---- the prompt
  const promptButton = el('button', { type: 'button', class: 'button', onclick: () => submit() }, 'Predict');
  const promptPanel = sentenceBox({
    label: 'Prompt: the start of a sentence, in the words below',
    value: v.sentence,
    maxLength: PROMPT_MAX,
    onPick: (text) => look(text),
    after: [promptButton],
  });
  const { input: promptInput, message: promptMessage } = promptPanel;
  promptInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      submit();
    }
  });
  function submit() {
    promptPanel.examples.input.value = '';
    look(promptInput.value.trim());
  }
  async function look(text) {
    const r = await live.view(text);
    if (!r) return;
    if (!r.ok) {
      promptMessage.show(`${capitalise(r.message)}. Still showing “${current?.prompt ?? v.sentence}”.`);
      root.dataset.promptError = 'true';
      return;
    }
    delete root.dataset.promptError;
    promptMessage.clear();
    v.sentence = text;
    save();
    show(r.view);
    lab.refresh();
  }
  const shownPrompt = () => current?.prompt ?? v.sentence;

  // ---- the views
  const map = attentionMap();
  const nextBefore = distributionChart({ title: 'Next word, before training (step 0)' });
  const nextNow = distributionChart({ title: 'Next word, now' });
  const lab = samplingLab({ values: v, ask, save, prompt: shownPrompt, setBusy });
  const sweep = temperatureSweep({ temperatures: config.sweep ?? DEFAULT_SWEEP, ask, setBusy });
  const kv = kvCache({
    ask,
    prompt: shownPrompt,
    sampling: () => ({ temperature: v.t, topK: v.k, topP: v.p, seed: v.draw }),
    setBusy,
  });

  root.append(
    ...live.head,
    readout.node,
    curves.node,
    el('h4', { class: 'maps-title' }, 'Type the start of a sentence'),
    promptPanel.node,
    promptPanel.vocabBox,
    el(
      'div',
      { class: 'row next-bars' },
      el('div', { class: 'panel', dataset: { map: 'before' } }, nextBefore.node),
      el('div', { class: 'panel', dataset: { map: 'now' } }, nextNow.node),
    ),
    el('h4', { class: 'maps-title' }, 'What the model reads: its causal attention over the prompt'),
    el(
      'p',
      { class: 'widget-note' },
      'Row: the word whose next word is being predicted. Column: a word it reads. Hatched: a later word, which the mask hides (weight 0).',
    ),
    map.node,
    lab.node,
    sweep.node,
    kv.node,
  );

  function ready({ vocabulary: words, options: o, sentence }) {
    started = true;
    vocabulary = words;
    lab.setVocabulary(words);
    kv.setShape(o.width, o.layers);
    map.setShape(o.layers, o.heads);
    promptPanel.setExamples([...new Set(config.examples ?? [])]);
    promptPanel.vocabulary.replaceChildren(el('p', { lang: 'en' }, words.join(' · ')));
    if (sentence !== v.sentence) {
      if (v.sentence)
        promptMessage.show(`“${v.sentence}” cannot be read by this model; showing “${sentence}” instead.`);
      v.sentence = sentence;
      promptInput.value = sentence;
    }
  }

  let labAt = 0;
  function progress(p) {
    for (const g of p.grid ?? []) {
      const point = { step: g.step, heldoutLoss: g.heldOutLoss, heldoutAccuracy: g.accuracy, chance: g.chance };
      curves.push(point);
      readout.show(point, g.step);
    }
    if (p.point) {
      const point = { step: p.point.step, trainLoss: p.point.trainLoss, trainAccuracy: p.point.trainAccuracy };
      if (point.trainLoss != null || !p.grid?.length) curves.push(point);
      readout.show(point, p.step);
    }
    if (p.view && p.view.prompt === (current?.prompt ?? p.view.prompt)) {
      show(p.view);
      const now = Date.now();
      if (!p.running || now - labAt > LAB_EVERY_MS) {
        labAt = now;
        lab.refresh();
      }
    }
  }

  function show(view) {
    current = view;
    const rank = ranking(view.next);
    nextBefore.show({ vocabulary, values: view.nextBefore, rank: ranking(view.nextBefore) });
    nextNow.setTitle(`Next word, now (step ${live.step.toLocaleString('en')})`);
    nextNow.show({ vocabulary, values: view.next, rank });
    map.show(view.tokens, view.now);
    root.dataset.prompt = view.prompt;
  }

  return live.start();
});
