// The sampling lab: temperature, top-k and top-p applied to the next word's distribution, each
// filter's effect drawn (the model's own probabilities, after T, after top-k, after top-p: what is
// sampled from), a seeded draw, and 20 sampled sentences each judged by the grammar. Every
// distribution and verdict is the engine's (generate(), grammatical(), asked of the worker).
import { el, messageLine } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';
import { temperatureSlider } from '../../ui/controls.js';
import { numberField } from '../../ui/number-field.js';
import { capitalise } from '../../live/sentence.js';
import { distributionChart, ranking } from './distribution.js';
import { TOP_K_MAX, SAMPLE_SEED_MAX } from '../next-word.schema.js';

export const SENTENCES = 20;

/** "the girl" + ["drinks", "<eos>"] as shown: the prompt's words, then the sample's. */
export function sentenceNode(promptTokens, tokens) {
  return el(
    'span',
    { class: 'sample-words' },
    el('span', { class: 'sample-prompt' }, promptTokens.filter((t) => t !== '<bos>').join(' ')),
    ' ',
    el('strong', {}, tokens.join(' ')),
  );
}

/**
 * samplingLab({ values, ask, save, prompt(), setBusy(on) }) -> { node, refresh(), sampleSentences() }
 * values: the widget's URL values t, k, p, draw (changed here, then save()); ask: the live kit's.
 */
export function samplingLab({ values: v, ask, save, prompt, setBusy }) {
  const status = messageLine();
  const charts = {
    model: distributionChart({ title: 'The model’s probabilities (T = 1)' }),
    temperature: distributionChart({ title: 'After temperature' }),
    topK: distributionChart({ title: 'After top-k' }),
    topP: distributionChart({ title: 'After top-p: what the word is drawn from' }),
  };
  const drawn = el('p', { class: 'readout drawn-word', 'aria-live': 'polite' });
  const changed = () => {
    save();
    refresh();
  };
  const t = temperatureSlider({
    value: v.t,
    onInput: (x) => {
      v.t = x;
      changed();
    },
  });
  const k = numberField({
    label: 'top-k (0: every word)',
    value: v.k,
    min: 0,
    max: TOP_K_MAX,
    integer: true,
    onChange: (x) => {
      v.k = x;
      changed();
    },
  });
  const p = numberField({
    label: 'top-p',
    value: v.p,
    min: 0.01,
    max: 1,
    step: 0.05,
    onChange: (x) => {
      v.p = x;
      changed();
    },
  });
  const seed = numberField({
    label: 'Sampling seed',
    value: v.draw,
    min: 0,
    max: SAMPLE_SEED_MAX,
    integer: true,
    onChange: (x) => {
      v.draw = x;
      changed();
    },
  });
  const sampleButton = el(
    'button',
    { type: 'button', class: 'button', dataset: { preset: 'sample' }, onclick: () => sampleSentences() },
    `Sample ${SENTENCES} sentences`,
  );
  const list = el('ol', { class: 'sample-list' });
  const tally = el('p', { class: 'readout sample-tally', 'aria-live': 'polite' });
  const options = (extra) => ({ temperature: v.t, seed: v.draw, maxTokens: 1, ...extra });

  let seq = 0;
  async function refresh() {
    const mine = ++seq;
    const text = prompt();
    setBusy(true);
    const [a, b, c] = await Promise.all([
      ask('generate', text, options({ topK: 0, topP: 1 })),
      ask('generate', text, options({ topK: v.k, topP: 1 })),
      ask('generate', text, options({ topK: v.k, topP: v.p })),
    ]);
    setBusy(false);
    if (mine !== seq || !a || !b || !c) return; // a newer setting, or the widget is gone
    const failed = [a, b, c].find((r) => !r.ok);
    if (failed) return status.show(`${capitalise(failed.message)}.`);
    const [sa, sb, sc] = [a, b, c].map((r) => r.value.steps[0]);
    if (!sa) return status.show('The prompt fills the model’s context (or ends the sentence): no word follows it.');
    status.clear();
    const vocabulary = vocabularyOf();
    const rank = ranking(sa.unfiltered);
    charts.model.show({ vocabulary, values: sa.unfiltered, rank });
    charts.temperature.setTitle(`After temperature T = ${fmt(v.t, 2)}`);
    charts.temperature.show({ vocabulary, values: sa.probabilities, rank });
    charts.topK.setTitle(v.k ? `After top-k, k = ${v.k}` : 'After top-k (k = 0: nothing cut)');
    charts.topK.show({
      vocabulary,
      values: sb.probabilities,
      rank,
      cut: sb.probabilities.map((x, i) => x === 0 && sa.probabilities[i] > 0),
    });
    charts.topP.setTitle(`After top-p, p = ${fmt(v.p, 2)}: what the word is drawn from`);
    charts.topP.show({
      vocabulary,
      values: sc.probabilities,
      rank,
      cut: sc.probabilities.map((x, i) => x === 0 && sa.probabilities[i] > 0),
    });
    drawn.replaceChildren('Drawn with seed ', String(v.draw), ': ', el('strong', {}, sc.token));
  }

  let vocabularyOf = () => [];
  async function sampleSentences() {
    setBusy(true);
    const text = prompt();
    const [r, tokens] = await Promise.all([
      ask('samples', text, { temperature: v.t, topK: v.k, topP: v.p, seed: v.draw }, SENTENCES),
      ask('next', text),
    ]);
    setBusy(false);
    if (!r || !tokens) return;
    if (!r.ok || !tokens.ok) return status.show(`${capitalise(r.ok ? tokens.message : r.message)}.`);
    const good = r.value.filter((s) => s.grammatical).length;
    list.replaceChildren(
      ...r.value.map((s) =>
        el(
          'li',
          { class: s.grammatical ? 'grammatical' : 'ungrammatical' },
          sentenceNode(tokens.value.tokens, s.tokens),
          el('span', { class: 'verdict' }, s.grammatical ? '✓ grammatical' : '✗ not grammatical'),
        ),
      ),
    );
    tally.textContent = `${good} of ${SENTENCES} grammatical (seeds ${v.draw} to ${v.draw + SENTENCES - 1}, step ${r.step.toLocaleString('en')}).`;
    list.closest('.live-widget')?.setAttribute('data-grammatical', String(good));
  }

  const node = el(
    'section',
    { class: 'sampling-lab' },
    el('h4', { class: 'maps-title' }, 'The sampling lab'),
    el('div', { class: 'controls' }, t.node, k.node, p.node, seed.node),
    status.node,
    // In the order they are applied: left to right, then the next row.
    el(
      'div',
      { class: 'row distributions' },
      el('div', { class: 'panel' }, charts.model.node),
      el('div', { class: 'panel' }, charts.temperature.node),
    ),
    el(
      'div',
      { class: 'row distributions' },
      el('div', { class: 'panel' }, charts.topK.node),
      el('div', { class: 'panel' }, charts.topP.node),
    ),
    drawn,
    el('div', { class: 'controls' }, sampleButton),
    tally,
    list,
  );
  return {
    node,
    refresh,
    sampleSentences,
    setVocabulary(words) {
      vocabularyOf = () => words;
    },
  };
}
