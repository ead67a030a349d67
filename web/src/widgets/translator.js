// Lesson 10: train an English -> Hindi encoder-decoder live and watch its cross-attention form.
// The engine's translator runs in the live kit's Web Worker (web/src/live/, described to it by
// web/src/models/translator.js); this module is the translator's settings and views: the
// translation written word by word, the cross-attention matrix before training and now (heat maps
// and lines), and the agreement cases with their numbers (translator/callouts.js).
import { el } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { select } from '../ui/controls.js';
import { attentionLines } from '../ui/attention-lines.js';
import { param } from '../state/params.js';
import { modelOptions, optionDefault } from '../state/model-options.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { LAYERS, HEADS, LR, SEED_MAX, SPEED_MAX, SENTENCE_MAX } from './translator.schema.js';
import { liveTraining } from '../live/live-training.js';
import { sentenceBox, capitalise } from '../live/sentence.js';
import { readoutTable } from '../live/readout.js';
import { curves as makeCurves, TRAIN, HELDOUT, ATTENTION, PREVIOUS } from '../live/curves.js';
import { speedParam } from '../live/transport.js';
import { beforeNow } from '../live/before-now.js';
import { crossMap, hindiWord } from './translator/cross-maps.js';
import { untrainedRows } from './translator/untrained.js';
import { callouts } from './translator/callouts.js';
import { roles } from '../models/translator/roles.js';
import { guess } from './translator/guess.js';
import './translator.css';

const TARGET = 0.95; // held-out exact-match accuracy the page marks as "learned"
// A fourth line for the accuracy chart (Okabe-Ito reddish purple, its own dash pattern).
const NOUNS = { stroke: '#cc79a7', width: 2, dash: [5, 2, 1, 2] };
const WORD_MS = 700; // one Hindi word per this long while the translation is written out

const widget = {
  config: configSchema,
  state: {
    seed: param.integer({ min: 0, max: SEED_MAX }),
    layers: param.choice(LAYERS.map(String)),
    heads: param.choice(HEADS.map(String)),
    lr: param.number(LR),
    speed: speedParam(SPEED_MAX),
    sentence: param.text({ maxLength: SENTENCE_MAX }),
  },
  defaults: (config) => ({
    seed: config.seed ?? 1,
    layers: String(config.layers ?? 1),
    heads: String(config.heads ?? 2),
    lr: config.lr ?? 0.005,
    speed: config.speed ?? 50,
    sentence: config.sentence ?? '',
  }),
};

// The settings that start a run over, in the order they are shown. Layers per side are not
// offered: only one layer learns the task (translator.schema.js LAYERS).
const SETTINGS = {
  legend: 'Model (changing any of these starts over)',
  fields: [
    { key: 'heads', label: 'Heads', choices: HEADS },
    { key: 'seed', seedMax: SEED_MAX },
  ],
};

// Under the learning rate: with the engine's decay (attn/train/schedule.hpp) it is the peak.
const lrHint = (decay) =>
  decay > 0
    ? `The rate at the start: it falls to a tenth of it over the first ${decay.toLocaleString('en')} steps after any warm-up, so a trained model stays put. A change applies from the next step on.`
    : undefined;

const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

export default defineWidget(widget, (setup) => {
  const { root, config, values: v, save } = setup;
  let romans = new Map(); // Hindi word -> romanisation, from the model's vocabulary
  let current = null; // the last view from the worker: { sentence, now, before, articles }
  let revealed = Infinity; // Hindi words written so far by the animation
  let animation = 0;

  // The model's options: the fence's (those the translator declares), then the learner's controls.
  const translatorConfig = () =>
    modelOptions('Translator', { ...config, seed: v.seed, layers: Number(v.layers), heads: Number(v.heads), lr: v.lr });
  // What the grey "previous run" lines were: the settings of the run being replaced.
  const describeRun = () =>
    `${v.layers} layer${v.layers === '1' ? '' : 's'} per side, ${v.heads} head${v.heads === '1' ? '' : 's'}, seed ${v.seed}, learning rate ${fmt(v.lr, 6)}`;

  // ---- the figures
  const readout = readoutTable({
    rows: [
      { label: 'loss', train: 'trainLoss', heldOut: 'heldoutLoss', format: 'loss' },
      { label: 'words right', train: 'trainAccuracy', heldOut: 'tokenAccuracy', format: 'percent' },
      { label: 'sentences exactly right', train: null, heldOut: 'exactMatch', format: 'percent' },
    ],
    note: 'Where the last decoder layer looks, held-out mean (best head). Cross-attention: ',
    noteText: lookText,
    mirror: ['exactMatch', 'nounOnNoun'],
  });
  const curves = makeCurves({
    accuracyTitle: 'Accuracy, and attention from each Hindi noun to its English noun',
    accuracyLines: [
      { label: 'training words', ...TRAIN, run: 'now', key: 'trainAccuracy' },
      { label: 'held-out sentences, exact', ...HELDOUT, run: 'now', key: 'exactMatch' },
      { label: 'held-out words', ...ATTENTION, run: 'now', key: 'tokenAccuracy' },
      { label: 'noun → its noun', ...NOUNS, run: 'now', key: 'nounOnNoun' },
      { label: 'previous run, exact', ...PREVIOUS, run: 'before', key: 'exactMatch' },
    ],
  });

  const live = liveTraining(setup, {
    model: 'createTranslator',
    what: 'translator',
    title: 'Train a translator',
    settings: SETTINGS,
    options: translatorConfig,
    lr: LR,
    speedMax: SPEED_MAX,
    lrStep: 0.001,
    lrHint: lrHint(config.decay ?? optionDefault('Translator', 'decay')),
    describeRun,
    milestone: {
      key: 'exactMatch',
      target: TARGET,
      short: 'exact',
      say: (hit, every) =>
        `Held-out sentences translated exactly: ${fmt(100 * hit.exactMatch, 1)}% at step ${hit.step.toLocaleString('en')} (measured every ${every} steps).`,
    },
    curves,
    readout,
    onReady: ready,
    onProgress: progress,
  });

  // ---- the sentence: the learner's own or an example
  const translateButton = el('button', { type: 'button', class: 'button', onclick: () => submit() }, 'Translate');
  const sentencePanel = sentenceBox({
    label: 'Type an English sentence from the words below',
    value: v.sentence,
    maxLength: SENTENCE_MAX,
    onPick: (text) => translate(text),
    after: [translateButton],
  });
  const { input: sentenceInput, message: sentenceMessage, vocabulary } = sentencePanel;

  async function translate(text, { animate = true } = {}) {
    const r = await live.view(text);
    if (!r) return; // a newer sentence is on its way
    if (!r.ok) {
      sentenceMessage.show(`${capitalise(r.message)}. Still showing “${current?.sentence ?? v.sentence}”.`);
      root.dataset.sentenceError = 'true';
      return;
    }
    delete root.dataset.sentenceError;
    sentenceMessage.clear();
    v.sentence = text;
    save();
    show(r.view, animate);
  }
  sentenceInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      submit();
    }
  });
  function submit() {
    sentencePanel.examples.input.value = '';
    translate(sentenceInput.value.trim());
  }

  // ---- the translation and its attention
  const output = el('p', { class: 'translation', 'aria-live': 'polite' });
  const reference = el('p', { class: 'reference' });
  const showAllButton = el(
    'button',
    { type: 'button', class: 'button small', onclick: () => finishWriting(), hidden: true },
    'Show all',
  );
  const againButton = el(
    'button',
    { type: 'button', class: 'button small', onclick: () => current && show(current, true) },
    'Write it again, word by word',
  );
  const layerSelect = select({ label: 'Layer', options: [], value: '', onChange: () => draw() });
  const headSelect = select({ label: 'Head', options: [], value: '', onChange: () => draw() });
  const beforeMap = crossMap('Before training');
  const nowMap = crossMap('Now');
  const nowTitle = el('h5', {}, 'Now');
  const lines = attentionLines({
    title: 'Now, as lines: pick a Hindi word to see which English words it asks',
    tokens: [],
    weights: [],
    lang: 'hi',
  });
  // The decoder's own masked self-attention: where the word being written looks among the Hindi
  // already written (its input: a start mark, then the words so far).
  const selfLines = attentionLines({
    title: 'The decoder’s masked self-attention, as lines: which Hindi words already written each word looks back at',
    tokens: [],
    weights: [],
    lang: 'hi',
    targetLang: 'hi',
  });
  let selfLinesSentence = '';
  const notes = callouts();
  const prediction = guess();

  root.append(
    ...live.head,
    prediction.node,
    readout.node,
    curves.node,
    el('h4', { class: 'maps-title' }, 'Translate a sentence'),
    sentencePanel.node,
    sentencePanel.vocabBox,
    el(
      'div',
      { class: 'panel translation-panel' },
      el('h5', {}, 'The model’s Hindi, one word at a time'),
      output,
      reference,
      el('div', { class: 'controls' }, showAllButton, againButton),
    ),
    el('h4', { class: 'maps-title' }, 'Cross-attention: each Hindi word asks the English sentence'),
    el('div', { class: 'controls' }, layerSelect.node, headSelect.node),
    ...beforeNow({
      className: 'row cross-maps',
      heading: 'h5',
      before: [beforeMap.node],
      now: [nowTitle, nowMap.node],
      legend: 'Row: the Hindi word being written. Column: the English word it looks at. Each row sums to 1.',
    }),
    lines.node,
    notes.node,
    selfLines.node,
  );

  // ---- worker events
  function ready({ vocabulary: words, examples, options, sentence }) {
    romans = new Map(words.hindi.map((h) => [h.word, h.roman]));
    const list = [...new Set([...(config.examples ?? []), ...examples])];
    sentencePanel.setExamples(list);
    vocabulary.replaceChildren(
      el('p', { lang: 'en' }, [...words.english].sort().join(' · ')),
      el('p', { class: 'hindi-vocab' }, ...words.hindi.map((h) => hindiWord(h.word, h.roman))),
    );
    const pick = (s, n) =>
      s.input.replaceChildren(
        ...Array.from({ length: n }, (_, i) => el('option', { value: String(i) }, String(i + 1))),
      );
    pick(layerSelect, options.layers);
    pick(headSelect, options.heads);
    layerSelect.input.value = String(options.layers - 1); // the last decoder layer: closest to the words
    headSelect.input.value = '0';
    if (sentence !== v.sentence) {
      if (v.sentence) sentenceMessage.show(`“${v.sentence}” cannot be translated; showing an example instead.`);
      v.sentence = sentence;
      sentenceInput.value = sentence;
    }
  }

  function progress(p) {
    // Held-out figures of the evaluation grid, then this progress's training figures.
    for (const g of p.grid ?? []) {
      const { heldOutLoss: heldoutLoss, exactMatch, tokenAccuracy, nounOnNoun } = g;
      curves.push({ step: g.step, heldoutLoss, exactMatch, tokenAccuracy, nounOnNoun });
      readout.show({ ...g, heldoutLoss: g.heldOutLoss }, g.step);
    }
    if (p.point) {
      const point = { step: p.point.step, trainLoss: p.point.trainLoss, trainAccuracy: p.point.trainAccuracy };
      if (point.trainLoss != null || !p.grid?.length) curves.push(point);
      readout.show(point, p.step);
    }
    if (p.view && p.view.sentence === (current?.sentence ?? p.view.sentence)) show(p.view, !current);
  }

  // ---- drawing a translation
  function show(view, animate) {
    const isNew = view.sentence !== current?.sentence || animate;
    current = view;
    if (isNew) startWriting(animate && !reducedMotion());
    draw();
  }

  function startWriting(animate) {
    clearInterval(animation);
    revealed = animate ? 1 : Infinity;
    showAllButton.hidden = !animate;
    if (!animate) return;
    animation = setInterval(() => {
      revealed += 1;
      if (revealed >= (current?.now.output.length ?? 0)) finishWriting();
      else draw();
    }, WORD_MS);
  }
  function finishWriting() {
    clearInterval(animation);
    revealed = Infinity;
    showAllButton.hidden = true;
    draw();
  }

  const romanOf = (w) => romans.get(w) ?? '';

  function draw() {
    if (!current) return;
    const { now, before } = current;
    const layer = Number(layerSelect.input.value || 0);
    const head = Number(headSelect.input.value || 0);
    const shown = Math.min(revealed, now.output.length);
    output.replaceChildren(
      ...now.output.map((w, i) => {
        const word = hindiWord(w, now.romanized[i] ?? romanOf(w));
        word.classList.toggle('unwritten', i >= shown);
        return word;
      }),
    );
    root.dataset.written = String(shown);
    root.dataset.output = now.output.join(' ');
    const right = now.output.join(' ') === now.reference.join(' ');
    reference.hidden = shown < now.output.length; // judged once the whole sentence is written
    reference.replaceChildren(
      right ? '✓ Correct. ' : '✗ The correct Hindi is ',
      ...(right ? [] : now.reference.flatMap((w) => [hindiWord(w, romanOf(w)), ' '])),
    );
    reference.classList.toggle('wrong', !right);
    beforeMap.show(before, { layer, head, revealed: before.output.length, romanOf, explain: untrainedRows(before) });
    nowMap.show(now, { layer, head, revealed: shown, romanOf });
    nowTitle.textContent = `Now (step ${live.step.toLocaleString('en')})`;
    const rows = now.cross[layer]?.[head] ?? [];
    if (rows.length) {
      lines.update({
        tokens: now.output.slice(0, Math.max(1, shown)),
        notes: now.romanized.slice(0, Math.max(1, shown)),
        targets: now.source,
        weights: rows.slice(0, Math.max(1, shown)),
      });
    }
    const selfRows = now.decoderSelf[layer]?.[head] ?? [];
    if (selfRows.length) {
      // A new sentence starts this picture at the verb, whose ending is the story here; after
      // that the learner's pick stays.
      const r = roles(now.source, now.alignment);
      const verbRow = r ? r.rowOf(r.verb) : -1;
      const fresh = current.sentence !== selfLinesSentence && verbRow >= 0 && verbRow < shown;
      if (fresh || verbRow < 0) selfLinesSentence = current.sentence;
      selfLines.update({
        tokens: now.output.slice(0, Math.max(1, shown)),
        notes: now.romanized.slice(0, Math.max(1, shown)),
        targets: now.decoderInput.map((w) => (w === '<bos>' ? 'start' : w)),
        weights: selfRows.slice(0, Math.max(1, shown)),
        selected: fresh ? verbRow : undefined,
      });
    }
    notes.show(current, { layer, romanOf });
    prediction.show(current, { reached: live.reached, step: live.step });
  }

  return live.start(() => clearInterval(animation));
});

/** The attention line under the readout: where the last decoder layer looks (held-out means). */
function lookText(p) {
  if (p.nounOnNoun == null) return '';
  const two = (x) => fmt(x, 2, { fixed: true });
  return (
    `a Hindi noun on its English noun ${two(p.nounOnNoun)}; the verb on the English verb ${two(p.verbOnVerb)}, ` +
    `on the English subject ${two(p.verbOnSubject)}; an adjective on its noun ${two(p.adjectiveOnNoun)}. ` +
    `In the decoder's masked self-attention, the verb on the Hindi subject: ${two(p.verbOnHindiSubject)}.`
  );
}
