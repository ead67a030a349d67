// Lesson 7: positional encoding. (1) The sinusoidal matrix PE (engine positionalEncoding) as a
// heatmap, n and d editable, values on hover / arrow keys. (2) Two sentences with the same words
// in another order (dog bites man / man bites dog) through the same self-attention: without PE
// each word gets the same context in both sentences (the rows are only permuted); with PE added
// to the embeddings (the engine adds), the contexts differ. Every number is the engine's; the JS
// only compares two engine results to say "same" or "different".
import { el, newId, attachMessage, messageLine } from '../ui/dom.js';
import { fmtVector } from '../ui/format.js';
import { numberField } from '../ui/number-field.js';
import { checkbox, tryEngine } from '../ui/controls.js';
import { matrixView } from '../ui/matrix-view.js';
import { heatCanvas } from '../ui/heat-canvas.js';
import { tex } from '../ui/tex.js';
import { identity } from '../ui/data.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { MAX_N, MAX_D, SENTENCE_CHARS, DEFAULT_WORDS } from './positional.schema.js';

const MAX_WORDS = 8;
const sentence = param.text({ maxLength: SENTENCE_CHARS });

const widget = {
  config: configSchema,
  state: {
    n: param.integer({ min: 1, max: MAX_N }),
    d: param.integer({ min: 1, max: MAX_D }),
    pe: param.boolean(),
    s1: sentence,
    s2: sentence,
  },
  defaults(config) {
    const sentences = config.sentences ?? ['dog bites man', 'man bites dog'];
    return { n: config.n ?? 16, d: config.d ?? 16, pe: config.pe ?? true, s1: sentences[0], s2: sentences[1] };
  },
};

const near = (a, b) => a.every((x, k) => Math.abs(x - b[k]) <= 1e-9 * Math.max(1, Math.abs(x)));

/** Split a sentence into known words: { ok, words } or { ok: false, message }. */
function parseSentence(text, vocab) {
  const parts = String(text ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, message: 'The sentence is empty: type a few words.' };
  if (parts.length > MAX_WORDS)
    return { ok: false, message: `The sentence has ${parts.length} words; at most ${MAX_WORDS} are allowed here.` };
  const unknown = parts.filter((w) => !Object.hasOwn(vocab, w.toLowerCase()));
  if (unknown.length) {
    const shown = unknown[0].length > 30 ? `${unknown[0].slice(0, 30)}…` : unknown[0];
    return {
      ok: false,
      message: `“${shown}” is not in this example’s vocabulary. Use: ${Object.keys(vocab).join(', ')}.`,
    };
  }
  return { ok: true, words: parts.map((w) => w.toLowerCase()) };
}

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const vocab = Object.fromEntries(Object.entries(config.words ?? DEFAULT_WORDS).map(([w, x]) => [w.toLowerCase(), x]));
  const width = Object.values(vocab)[0].length;
  const I = identity(width);
  const W = { Wq: config.Wq ?? I, Wk: config.Wk ?? I, Wv: config.Wv ?? I };
  const defaults = widget.defaults(config);
  for (const key of ['s1', 's2']) if (!parseSentence(v[key], vocab).ok) v[key] = defaults[key];

  // ---- part 1: the PE heatmap
  const heat = heatCanvas({
    label: 'PE: one row per position, one column per dimension',
    values: [[0]],
    range: { min: -1, max: 1 },
    rowName: 'position',
    colName: 'dimension',
  });
  const heatMessage = messageLine();
  const firstRows = el('p', { class: 'readout', 'aria-live': 'polite' });
  const nField = numberField({
    label: `Positions n (1–${MAX_N})`,
    value: v.n,
    min: 1,
    max: MAX_N,
    integer: true,
    name: 'n',
    width: '5rem',
    onChange: (x) => ((v.n = x), update()),
  });
  const dField = numberField({
    label: `Dimensions d (1–${MAX_D})`,
    value: v.d,
    min: 1,
    max: MAX_D,
    integer: true,
    name: 'd',
    width: '5rem',
    onChange: (x) => ((v.d = x), update()),
  });

  // ---- part 2: word order
  const peBox = checkbox({
    label: 'Add the positional encoding to the embeddings',
    checked: v.pe,
    onChange: (on) => ((v.pe = on), update()),
  });
  const sentenceField = (key, label) => {
    const id = newId('sentence');
    const input = el('input', {
      id,
      type: 'text',
      class: 'sentence-input',
      value: v[key],
      autocomplete: 'off',
      spellcheck: 'false',
      maxlength: String(SENTENCE_CHARS),
    });
    const node = el('div', { class: 'field', style: { flex: '1 1 11rem' } }, el('label', { for: id }, label), input);
    const message = attachMessage(input, node);
    input.addEventListener('input', () => {
      const r = parseSentence(input.value, vocab);
      message.show(r.ok ? '' : r.message);
      if (r.ok) {
        v[key] = r.words.join(' ');
        update();
      }
    });
    return { node, input, message };
  };
  const f1 = sentenceField('s1', 'Sentence 1');
  const f2 = sentenceField('s2', 'Sentence 2');
  const engineMessage = messageLine();
  const outputs = el('div', { class: 'matrix-row' });
  const comparison = el('ul', { class: 'compare-list', 'aria-live': 'polite' });

  root.append(
    el('h3', { class: 'widget-title' }, 'Positional encoding'),
    el('div', { class: 'controls' }, nField.node, dField.node),
    heatMessage.node,
    heat.node,
    firstRows,
    el('h4', {}, 'Does attention notice word order?'),
    el(
      'p',
      { class: 'widget-note' },
      `Words: ${Object.keys(vocab).join(', ')} (${width} numbers each). The same W_Q, W_K, W_V for both sentences.`,
    ),
    el('div', { class: 'controls' }, f1.node, f2.node, peBox.node),
    engineMessage.node,
    el('div', { class: 'scroll-x' }, outputs),
    comparison,
  );

  function attend(words) {
    const X = words.map((w) => vocab[w]);
    const input = v.pe ? engine.residual(X, engine.positionalEncoding(words.length, width)) : X;
    return engine.selfAttention({ X: input, ...W });
  }

  function render() {
    const pe = tryEngine(heatMessage, () => engine.positionalEncoding(v.n, v.d));
    if (pe) {
      heat.update(pe);
      firstRows.textContent = `PE[0] = ${fmtVector(pe[0].slice(0, 8), 3)}${v.d > 8 ? ' …' : ''}${pe[1] ? `   PE[1] = ${fmtVector(pe[1].slice(0, 8), 3)}${v.d > 8 ? ' …' : ''}` : ''}`;
    }
    const w1 = v.s1.split(' ');
    const w2 = v.s2.split(' ');
    const r1 = tryEngine(engineMessage, () => attend(w1));
    const r2 = r1 && tryEngine(engineMessage, () => attend(w2));
    if (!r1 || !r2) return;
    outputs.replaceChildren(
      matrixView({
        name: 'context 1',
        label: tex`\text{context, sentence 1}`,
        values: r1.context,
        rowLabels: w1,
        digits: 3,
      }).node,
      matrixView({
        name: 'context 2',
        label: tex`\text{context, sentence 2}`,
        values: r2.context,
        rowLabels: w2,
        digits: 3,
      }).node,
    );
    const shared = [...new Set(w1)].filter((w) => w2.includes(w));
    const items = shared.map((w) => {
      const a = r1.context[w1.indexOf(w)];
      const b = r2.context[w2.indexOf(w)];
      const same = near(a, b);
      return el(
        'li',
        {},
        el('strong', {}, `“${w}”`),
        ` ${fmtVector(a, 3)} vs ${fmtVector(b, 3)} `,
        el('span', { class: `verdict ${same ? 'same' : 'differ'}` }, same ? 'same' : 'different'),
      );
    });
    comparison.replaceChildren(
      ...(items.length ? items : [el('li', {}, 'The two sentences share no word to compare.')]),
      el(
        'li',
        { class: 'widget-note' },
        v.pe
          ? 'With positions added, a word’s context depends on where it stands.'
          : 'Without positions, each word’s context ignores the order (first occurrence compared).',
      ),
    );
  }
  return { render };
});
