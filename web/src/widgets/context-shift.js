// Lesson 1: the same word, moved by its neighbours. The learner types or picks a sentence; each
// word's hand-made vector (content/vocabulary.json) is mixed with its neighbours by the engine's
// selfAttention (identity projections, so scores are plain dot products). A 2-D plot on two chosen
// axes shows every word before (hollow) and after (filled) with an arrow; bars compare the chosen
// word's numbers before and after on every axis; a table lists its scores and attention weights.
import vocabulary from '../../../content/vocabulary.json';
import { el, newId, attachMessage } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { select, tryEngine, hideControls } from '../ui/controls.js';
import { plot2d } from '../ui/plot2d.js';
import { identity } from '../ui/data.js';
import { attentionLines } from '../ui/attention-lines.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { MAX_CHARS } from './context-shift.schema.js';
import './context-shift.css';

const MAX_WORDS = 12;

const axes = vocabulary.axes;
const lexicon = new Map(Object.entries(vocabulary.words).map(([w, vec]) => [w.toLowerCase(), vec]));
const ambiguous = new Set((vocabulary.ambiguous || []).map((w) => w.toLowerCase()));

/** The examples offered: the lesson's two sentences, then the vocabulary's. */
const presetsOf = (config) => [
  ...new Set([config.sentence, config.compare, ...(vocabulary.sentences || [])].filter(Boolean)),
];

const widget = {
  config: configSchema,
  state: {
    s: param.text({ maxLength: MAX_CHARS }), // the sentence
    f: param.integer({ min: 0, max: MAX_WORDS - 1 }), // the index of the word followed
    x: param.choice(axes), // the plot's axes, by name
    y: param.choice(axes),
  },
  // Focus and axes: chosen from the sentence when the link does not say.
  defaults: (config) => ({ s: config.sentence ?? presetsOf(config)[0] ?? '' }),
};

/** Split a sentence into words; returns { ok, words } or { ok: false, message }. */
export function tokenize(text) {
  const s = String(text ?? '');
  if (!s.trim()) return { ok: false, message: 'The sentence is empty: type a few words, or pick an example.' };
  if (s.length > MAX_CHARS) {
    return {
      ok: false,
      message: `The sentence is ${s.length} characters long; keep it under ${MAX_CHARS} (at most ${MAX_WORDS} words).`,
    };
  }
  const words = s
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  if (words.length === 0) return { ok: false, message: 'The sentence has no words in it, only punctuation.' };
  if (words.length > MAX_WORDS)
    return { ok: false, message: `The sentence has ${words.length} words; at most ${MAX_WORDS} fit in this figure.` };
  const unknown = [...new Set(words.filter((w) => !lexicon.has(w.toLowerCase())))];
  if (unknown.length) {
    const list = unknown
      .slice(0, 6)
      .map((w) => `“${w.length > 24 ? `${w.slice(0, 24)}…` : w}”`)
      .join(', ');
    return {
      ok: false,
      message: `Not in this lesson's vocabulary: ${list}${unknown.length > 6 ? ` and ${unknown.length - 6} more` : ''}. Use the words of the examples (the list is below).`,
    };
  }
  return { ok: true, words };
}

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const presets = presetsOf(config);
  let words = [];
  let focusWord = config.focus ? String(config.focus).toLowerCase() : null;

  // The plot's axes follow the word being followed (the two it leans on most), until the learner
  // picks axes; a new sentence hands the choice back to the word.
  const rankAxes = (word) => {
    const vec = lexicon.get(word);
    if (!vec) return axes;
    return axes
      .map((a, i) => [a, vec[i], i])
      .sort((p, q) => q[1] - p[1] || p[2] - q[2])
      .map((p) => p[0]);
  };
  const configAxes = Array.isArray(config.axes) && config.axes.every((a) => axes.includes(a)) ? config.axes : null;
  let autoAxes = v.x === undefined && v.y === undefined && !configAxes;
  v.x ??= configAxes?.[0] ?? rankAxes(focusWord)[0];
  v.y ??= configAxes?.[1] ?? rankAxes(focusWord).find((a) => a !== v.x);

  // ---- sentence input
  const inputId = newId('sentence');
  const input = el('input', {
    id: inputId,
    type: 'text',
    value: v.s,
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'sentence-input',
    maxlength: String(MAX_CHARS),
  });
  const inputBox = el('div', { class: 'field sentence-field' }, el('label', { for: inputId }, 'Sentence'), input);
  const message = attachMessage(input, inputBox);
  input.addEventListener('input', () => {
    v.s = input.value;
    v.f = undefined;
    autoAxes = true;
    update();
  });
  const quick = [config.sentence, config.compare].filter(Boolean);
  const quickButtons = el(
    'div',
    { class: 'presets' },
    quick.map((q) =>
      el(
        'button',
        { type: 'button', class: 'button small', 'aria-pressed': 'false', onclick: () => pickSentence(q) },
        q,
      ),
    ),
  );
  const presetSelect = select({
    label: 'More examples',
    options: [{ value: '', label: 'Pick a sentence…' }, ...presets.map((p) => ({ value: p, label: p }))],
    value: '',
    onChange(p) {
      if (p) pickSentence(p);
      presetSelect.input.value = '';
    },
  });
  function pickSentence(text) {
    v.s = text;
    input.value = text;
    v.f = undefined;
    autoAxes = true;
    update();
  }

  // ---- word and axes pickers
  const focusBox = el('div', { class: 'presets focus-picker', role: 'group', 'aria-label': 'Word to follow' });
  const axisX = select({
    label: 'Horizontal axis',
    options: axes.map((a) => ({ value: a, label: a })),
    value: v.x,
    onChange: (a) => ((v.x = a), (autoAxes = false), update()),
  });
  const axisY = select({
    label: 'Vertical axis',
    options: axes.map((a) => ({ value: a, label: a })),
    value: v.y,
    onChange: (a) => ((v.y = a), (autoAxes = false), update()),
  });

  // ---- views
  const plot = plot2d({ title: 'Word vectors before and after attention', xLabel: v.x, yLabel: v.y });
  const makeLegend = () =>
    el(
      'p',
      { class: 'legend' },
      el('span', {}, el('span', { class: 'swatch hollow' }), 'before (embedding)'),
      el('span', {}, el('span', { class: 'swatch tone-a' }), 'after attention'),
    );
  const legend = makeLegend();
  const compareTitle = el('h4', {});
  const compareBox = el('div', { class: 'trace-scroll' });
  const weightsTitle = el('h4', {});
  const weightsBox = el('div', { class: 'trace-scroll' });
  const lines = attentionLines({
    title: 'Where each word looks',
    tokens: [],
    weights: [],
    onSelect: (i) => ((v.f = i), update()),
  });
  const vocabList = el(
    'details',
    { class: 'vocab-list' },
    el('summary', {}, `The vocabulary (${lexicon.size} words)`),
    el('p', { class: 'widget-note' }, [...lexicon.keys()].sort().join(', ')),
  );

  const examplesBox = el(
    'div',
    { class: 'controls' },
    el('div', { class: 'presets' }, el('span', { class: 'presets-label' }, 'Try'), quickButtons),
    presetSelect.node,
  );
  root.append(
    el('h3', { class: 'widget-title' }, 'One word, two meanings'),
    el('div', { class: 'controls' }, inputBox),
    examplesBox,
    el(
      'div',
      { class: 'controls' },
      el('div', {}, el('span', { class: 'presets-label' }, 'Follow the word'), focusBox),
      axisX.node,
      axisY.node,
    ),
    el(
      'div',
      { class: 'row' },
      el('div', { class: 'panel' }, plot.node, legend),
      el('div', { class: 'panel' }, compareTitle, compareBox, makeLegend(), weightsTitle, weightsBox),
    ),
    lines.node,
    vocabList,
  );
  hideControls(config, {
    sentence: inputBox,
    examples: examplesBox,
    axes: [axisX.node, axisY.node],
    vocabulary: vocabList,
  });

  function renderFocusButtons() {
    focusBox.replaceChildren(
      ...words.map((w, i) =>
        el(
          'button',
          {
            type: 'button',
            class: 'button small',
            'aria-pressed': String(i === v.f),
            onclick: () => ((v.f = i), update()),
          },
          w,
        ),
      ),
    );
  }

  function render() {
    const t = tokenize(v.s);
    if (!t.ok) {
      message.show(t.message);
      return false;
    }
    const X = t.words.map((w) => lexicon.get(w.toLowerCase()));
    const I = identity(axes.length);
    const res = tryEngine(message, () => engine.selfAttention({ X, Wq: I, Wk: I, Wv: I }));
    if (!res) return false;
    words = t.words;
    if (!(v.f >= 0 && v.f < words.length)) {
      const byConfig = words.findIndex((w) => w.toLowerCase() === focusWord);
      const byAmbiguity = words.findIndex((w) => ambiguous.has(w.toLowerCase()));
      v.f = byConfig >= 0 ? byConfig : byAmbiguity >= 0 ? byAmbiguity : 0;
    }
    focusWord = words[v.f].toLowerCase();
    if (autoAxes) {
      [v.x, v.y] = rankAxes(focusWord);
      axisX.input.value = v.x;
      axisY.input.value = v.y;
    }
    renderFocusButtons();
    lines.update({ tokens: words, weights: res.weights, selected: v.f });
    // The sentence showing is the one pressed; picking another from the list releases it.
    for (const b of quickButtons.children) b.setAttribute('aria-pressed', String(b.textContent === v.s));

    const xi = axes.indexOf(v.x);
    const yi = axes.indexOf(v.y);
    const points = [];
    const arrows = [];
    words.forEach((w, i) => {
      const mine = i === v.f;
      const before = X[i];
      const after = res.context[i];
      points.push({
        id: `b${i}`,
        label: `${w}, before`,
        quiet: !mine,
        hollow: true,
        x: before[xi],
        y: before[yi],
        tone: mine ? 'a' : 'muted',
      });
      points.push({ id: `a${i}`, label: mine ? `${w}′` : w, x: after[xi], y: after[yi], tone: mine ? 'a' : 'muted' });
      arrows.push({
        from: [before[xi], before[yi]],
        to: [after[xi], after[yi]],
        tone: mine ? 'a' : 'muted',
        dashed: !mine,
        gap: 5,
      });
    });
    // The chosen word last, so it is drawn on top.
    const order = (p) => (p.tone === 'a' ? 1 : 0);
    points.sort((p, q) => order(p) - order(q));
    plot.update({ points, arrows, xLabel: v.x, yLabel: v.y });

    const w = words[v.f];
    // One scale for both bars of every axis, so before and after compare by length.
    const longest = Math.max(1e-9, ...X[v.f], ...res.context[v.f]);
    const barWidth = (x) => `${((100 * Math.max(0, x)) / longest).toFixed(1)}%`;
    compareTitle.textContent = `“${w}” before and after`;
    compareBox.replaceChildren(
      el(
        'table',
        { class: 'trace axes-table' },
        el('caption', { class: 'visually-hidden' }, `The vector of ${w} on every axis, before and after attention`),
        el(
          'thead',
          {},
          el('tr', {}, el('td'), el('th', { scope: 'col' }, 'before'), el('th', { scope: 'col' }, 'after'), el('td')),
        ),
        el(
          'tbody',
          {},
          axes.map((a, k) =>
            el(
              'tr',
              { class: a === v.x || a === v.y ? 'on-plot' : '' },
              el('th', { scope: 'row' }, a),
              el('td', {}, fmt(X[v.f][k], 2)),
              el('td', {}, fmt(res.context[v.f][k], 2)),
              el(
                'td',
                { class: 'bar-cell pair', 'aria-hidden': 'true' },
                el(
                  'span',
                  { class: 'bar-track' },
                  el('span', { class: 'bar-fill before', style: { width: barWidth(X[v.f][k]) } }),
                ),
                el(
                  'span',
                  { class: 'bar-track' },
                  el('span', { class: 'bar-fill', style: { width: barWidth(res.context[v.f][k]) } }),
                ),
              ),
            ),
          ),
        ),
      ),
    );
    weightsTitle.textContent = `How much “${w}” takes from each word`;
    // Score (dot product / √d, as the engine scaled it) and the softmax weight, word by word.
    weightsBox.replaceChildren(
      el(
        'table',
        { class: 'trace weights-table' },
        el('caption', { class: 'visually-hidden' }, `Scores and attention weights of ${w} for every word`),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, 'word'),
            el('th', { scope: 'col' }, 'score'),
            el('th', { scope: 'col' }, 'weight'),
            el('td'),
          ),
        ),
        el(
          'tbody',
          {},
          words.map((word, j) =>
            el(
              'tr',
              { class: j === v.f ? 'on-plot' : '' },
              el('th', { scope: 'row', class: 'bar-label' }, word),
              el('td', {}, fmt(res.scores[v.f][j], 2, { fixed: true })),
              el('td', { class: 'bar-value' }, fmt(res.weights[v.f][j], 3, { fixed: true })),
              el(
                'td',
                { class: 'bar-cell', 'aria-hidden': 'true' },
                el(
                  'span',
                  { class: 'bar-track' },
                  el('span', {
                    class: 'bar-fill',
                    style: { width: `${(100 * Math.min(1, Math.max(0, res.weights[v.f][j]))).toFixed(1)}%` },
                  }),
                ),
              ),
            ),
          ),
        ),
      ),
      el(
        'p',
        { class: 'widget-note' },
        `Score: the dot product of the two word vectors, divided by √${axes.length}, the square root of the ${axes.length} numbers per word (a dot product adds up one product per number, so it tends to grow with the count; dividing by √${axes.length} keeps the scores on the same scale whatever the count, as lesson 3 explains). Softmax turns the scores into weights.`,
      ),
    );
    return true;
  }
  return { render };
});
