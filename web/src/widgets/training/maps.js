// The attention maps of one sentence, one heatmap per head of each layer, untrained ("before")
// beside the current model ("now"). Built on the UI kit's matrixView (viridis, numbers in the cells).
// While training runs the "now" maps are refreshed in place, cell by cell, so a keyboard user
// exploring the cells keeps their focus.
import { el } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';
import { matrixView } from '../../ui/matrix-view.js';
import { attentionLines } from '../../ui/attention-lines.js';
import { refreshCells } from '../../live/refresh-cells.js';
import { beforeNow } from '../../live/before-now.js';

const HEAT = { min: 0, max: 1 }; // attention weights: a fixed scale, so colours compare across steps

function refresh(view, name, values, tokens) {
  refreshCells(
    view,
    values,
    (r, c, v) => `${name}: “${tokens[r]}” looks at “${tokens[c]}” with weight ${fmt(v, 4, { fixed: true })}`,
  );
}

function headMaps(kind) {
  const box = el('div', { class: 'head-maps' });
  let views = [];
  let shape = '';
  return {
    box,
    /**
     * layers[layer][head][i][j]; tokens label rows (the word looking) and columns (the word
     * looked at).
     */
    show(layers, tokens, query) {
      const heads = layers[0].length;
      const names = layers.flatMap((layer, l) =>
        layer.map((_, h) => {
          const head = heads > 1 ? `head ${h + 1}` : 'one head';
          return layers.length > 1 ? `Layer ${l + 1}, ${head}` : head[0].toUpperCase() + head.slice(1);
        }),
      );
      const weights = layers.flat();
      const rowLabels = tokens.map((t, i) => (i === query ? `${t} ▸` : t));
      const key = `${layers.length}|${weights.length}|${rowLabels.join(' ')}`;
      if (key === shape) {
        weights.forEach((w, h) => refresh(views[h], views[h].name, w, tokens));
        return;
      }
      shape = key;
      views = weights.map((w, h) =>
        matrixView({
          name: layers.length > 1 ? `${kind}, ${names[h].toLowerCase()}` : `${kind}, head ${h + 1}`,
          label: names[h],
          values: w,
          digits: 2,
          heat: HEAT,
          rowLabels,
          colLabels: tokens,
        }),
      );
      weights.forEach((w, h) => refresh(views[h], views[h].name, w, tokens));
      box.replaceChildren(...views.map((v) => el('div', { class: 'matrix-scroll' }, v.node)));
    },
  };
}

/** attentionMaps() -> { node, show(view, step) } ; view from the worker (see web/src/models/trainer.js). */
export function attentionMaps() {
  const before = headMaps('Before training');
  const now = headMaps('Now');
  const nowTitle = el('h4', {}, 'Now');
  const beforePrediction = el('p', { class: 'prediction' });
  const nowPrediction = el('p', { class: 'prediction' });
  const beforeLayers = el('p', { class: 'prediction layer-story' });
  const nowLayers = el('p', { class: 'prediction layer-story' });
  const lines = attentionLines({ title: 'Now, head 1, as lines', tokens: [], weights: [] });
  let linesSentence = '';
  const node = el(
    'div',
    { class: 'attention-maps' },
    ...beforeNow({
      before: [beforePrediction, beforeLayers, before.box],
      now: [nowTitle, nowPrediction, nowLayers, now.box],
      legend:
        'Row: the word that looks. Column: the word it looks at. Each row sums to 1. ▸ marks the word the answer is asked at.',
    }),
    lines.node,
  );

  function predictionText(p, fallback) {
    if (!p) return fallback;
    const i = p.candidates.indexOf(p.word);
    const n = p.candidates.length;
    return `At “${p.tokens[p.position]}” the model answers “${p.word}” (${fmt(100 * p.probabilities[i], 0)}% sure; a blind guess among the ${n} would be ${fmt(100 / n, 0)}%).`;
  }

  /**
   * Early against late layers in one sentence: where the asked word's row looks most in each
   * layer (first head), e.g. layer 1 at "tired", layer 2 at "animal". Empty for one layer.
   */
  function layersText(layers, tokens, query) {
    if (!layers || layers.length < 2 || query < 0) return '';
    const parts = layers.map((layer, l) => {
      const row = layer[0][query];
      const j = row.indexOf(Math.max(...row));
      return `in layer ${l + 1} mostly at “${tokens[j]}” (${fmt(row[j], 2, { fixed: true })})`;
    });
    return `The row of “${tokens[query]}” looks ${parts.join(', ')}.`;
  }

  return {
    node,
    show(v, step) {
      const query = v.predictNow ? v.predictNow.position : -1;
      node.classList.toggle('long', v.tokens.length > 7); // too wide side by side: stack them
      // Every layer's maps where the worker sends them (a two-layer run shows what the first
      // layer gathers beside what the second does with it); the last layer's alone otherwise.
      before.show(v.beforeLayers ?? [v.before], v.tokens, query);
      now.show(v.nowLayers ?? [v.now], v.tokens, query);
      // A new sentence starts the picture at the word the answer is asked at; after that the
      // learner's pick stays while training refreshes the weights.
      const sentence = v.tokens.join(' ');
      const start = sentence !== linesSentence && query >= 0 ? query : undefined;
      linesSentence = sentence;
      lines.update({ tokens: v.tokens, weights: v.now[0], selected: start });
      nowTitle.textContent = `Now (step ${step.toLocaleString('en')})`;
      const why = v.predictMessage ? `No prediction: ${v.predictMessage}` : '';
      beforePrediction.textContent = predictionText(v.predictBefore, why);
      nowPrediction.textContent = predictionText(v.predictNow, why);
      beforeLayers.textContent = layersText(v.beforeLayers, v.tokens, query);
      nowLayers.textContent = layersText(v.nowLayers, v.tokens, query);
    },
  };
}
