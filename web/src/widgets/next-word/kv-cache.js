// The KV cache, token by token: a sentence is written from the prompt one word per press, and
// the first layer's K and V grow by one row for each token read (each row the token's key or
// value, width numbers; every layer keeps its own pair), beside the engine's count of the numbers
// held and the multiply-adds each new token cost with and without the cache.
import { el, messageLine } from '../../ui/dom.js';
import { capitalise } from '../../live/sentence.js';
import { costPlot } from './cost-plot.js';

/**
 * kvCache({ ask, prompt(), sampling(), setBusy }) -> { node, start(), setWidth(width, layers) }
 * sampling(): generate()'s options for the sentence (temperature, topK, topP, seed).
 */
export function kvCache({ ask, prompt, sampling, setBusy }) {
  let run = null; // { tokens (the prompt's, <bos> first), cached, uncached, shown, step }
  let width = 0;
  let layers = 0;
  const status = messageLine();
  const startButton = el(
    'button',
    { type: 'button', class: 'button', dataset: { preset: 'kv-start' }, onclick: () => start() },
    'Start from the prompt',
  );
  const nextButton = el(
    'button',
    { type: 'button', class: 'button', disabled: true, onclick: () => advance() },
    'Write the next word',
  );
  const written = el('p', { class: 'translation kv-sentence', 'aria-live': 'polite' });
  const counts = el('p', { class: 'readout kv-counts' });
  const matrices = el('div', { class: 'row kv-matrices' });
  const plot = costPlot();

  function matrix(name, rows, newest) {
    return el(
      'figure',
      { class: 'panel kv-matrix', dataset: { kv: name } },
      el('figcaption', {}, `${name} of layer 1: ${rows.length} rows × ${width}`),
      el(
        'ol',
        { class: 'kv-rows' },
        ...rows.map((token, i) =>
          el(
            'li',
            { class: i === newest ? 'kv-row newest' : 'kv-row' },
            el('span', { class: 'kv-token' }, token),
            el('span', { class: 'kv-cells', 'aria-hidden': 'true' }),
            i === newest ? el('span', { class: 'kv-new' }, 'new') : null,
          ),
        ),
      ),
    );
  }

  function draw() {
    const { tokens, cached, uncached, shown } = run;
    const steps = cached.steps.slice(0, shown);
    const last = steps.at(-1);
    // After the step at position p the cache holds the tokens at positions 0..p: the prompt and
    // the words drawn before this one (the word just drawn is read at the next step).
    const words = [...tokens, ...cached.tokens];
    const rows = last ? words.slice(0, last.position + 1) : [];
    written.replaceChildren(
      el('span', { class: 'sample-prompt' }, tokens.filter((t) => t !== '<bos>').join(' ')),
      ' ',
      el('strong', {}, cached.tokens.slice(0, shown).join(' ')),
    );
    matrices.replaceChildren(matrix('K', rows, rows.length - 1), matrix('V', rows, rows.length - 1));
    counts.textContent = last
      ? `Word ${shown} (“${last.token}”, after position ${last.position}): the cache holds ${last.cacheEntries.toLocaleString('en')} numbers (K and V, ${layers} layers); this word cost ${last.multiplyAdds.toLocaleString('en')} multiply-adds with the cache, ${uncached.steps[shown - 1].multiplyAdds.toLocaleString('en')} without.`
      : '';
    plot.show(
      cached.steps.map((s) => s.position),
      cached.steps.map((s) => s.multiplyAdds),
      uncached.steps.map((s) => s.multiplyAdds),
      shown,
    );
    nextButton.disabled = shown >= cached.steps.length;
  }

  async function start() {
    setBusy(true);
    const text = prompt();
    const options = { ...sampling(), maxTokens: 64 };
    const [cached, uncached, read] = await Promise.all([
      ask('generate', text, { ...options, cache: true }),
      ask('generate', text, { ...options, cache: false }),
      ask('next', text),
    ]);
    setBusy(false);
    // null: the widget went, or its worker was replaced, while the questions were out.
    if (!cached || !uncached || !read) return;
    const failed = [cached, uncached, read].find((r) => !r.ok);
    if (failed) return status.show(`${capitalise(failed.message)}.`);
    if (!cached.value.steps.length) return status.show('The prompt fills the model’s context: nothing to write.');
    status.clear();
    run = { tokens: read.value.tokens, cached: cached.value, uncached: uncached.value, shown: 1 };
    // The cache changes the cost, never the words: the two runs must agree token for token.
    same.textContent =
      cached.value.tokens.join(' ') === uncached.value.tokens.join(' ')
        ? 'With the cache and without, the model writes the same words.'
        : 'The cached and uncached runs wrote different words: please report this.';
    draw();
    nextButton.focus();
  }
  function advance() {
    if (!run || run.shown >= run.cached.steps.length) return;
    run.shown += 1;
    draw();
  }
  const same = el('p', { class: 'widget-note' });

  return {
    node: el(
      'section',
      { class: 'kv-cache' },
      el('h4', { class: 'maps-title' }, 'The KV cache: writing token by token'),
      el('div', { class: 'controls' }, startButton, nextButton),
      status.node,
      written,
      counts,
      matrices,
      plot.node,
      same,
    ),
    start,
    setShape(w, l) {
      width = w;
      layers = l;
    },
  };
}
