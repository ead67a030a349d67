// Lesson 12's small multiples: one card per attention head, with its prefix-matching and
// previous-token scores over training (the worker's grid) as two small lines, the phase change as
// a dashed line across them, the scores now as text, and a button that silences the head. The
// lines are SVG drawn from the grid; the numbers beside them carry everything the lines show.
import { el } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 200;
const H = 64;
const PAD = 2;

function svg(tag, attrs = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** "Layer 2, head 1": a head named for the learner (layer and head from 0). */
export const headName = (layer, head) => `Layer ${layer + 1}, head ${head + 1}`;

/** SVG points of one score over the grid, on a step axis 0..last. */
function points(grid, pick, layer, head, last) {
  return grid
    .map((g) => {
      const v = pick(g)?.[layer]?.[head];
      if (!Number.isFinite(v)) return null;
      const x = PAD + ((W - 2 * PAD) * g.step) / Math.max(1, last);
      const y = H - PAD - (H - 2 * PAD) * Math.min(1, Math.max(0, v));
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .filter(Boolean)
    .join(' ');
}

function card(layer, head, onSilence) {
  const name = headName(layer, head);
  const prefix = svg('polyline', { class: 'spark-prefix', fill: 'none' });
  const previous = svg('polyline', { class: 'spark-previous', fill: 'none' });
  const mark = svg('line', { class: 'spark-mark', y1: 0, y2: H, visibility: 'hidden' });
  const frame = svg('rect', { class: 'spark-frame', x: 0.5, y: 0.5, width: W - 1, height: H - 1, fill: 'none' });
  const half = svg('line', { class: 'spark-half', x1: 0, x2: W, y1: H / 2, y2: H / 2 });
  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'spark',
    'aria-hidden': 'true',
    preserveAspectRatio: 'none',
  });
  chart.append(frame, half, mark, previous, prefix);
  const numbers = el('p', { class: 'head-numbers' }, '—');
  const button = el(
    'button',
    {
      type: 'button',
      class: 'button small',
      dataset: { layer: String(layer), head: String(head) },
      onclick: () => onSilence(layer, head),
    },
    'Silence this head',
  );
  const node = el(
    'figure',
    { class: 'head-card', dataset: { layer: String(layer), head: String(head) } },
    el('figcaption', {}, name),
    chart,
    numbers,
    button,
  );
  return {
    node,
    button,
    draw(grid, markStep) {
      const last = grid.at(-1)?.step ?? 0;
      prefix.setAttribute(
        'points',
        points(grid, (g) => g.prefixMatching, layer, head, last),
      );
      previous.setAttribute(
        'points',
        points(grid, (g) => g.previousToken, layer, head, last),
      );
      if (Number.isFinite(markStep) && last > 0) {
        const x = PAD + ((W - 2 * PAD) * markStep) / last;
        mark.setAttribute('x1', x.toFixed(1));
        mark.setAttribute('x2', x.toFixed(1));
        mark.setAttribute('visibility', 'visible');
      } else mark.setAttribute('visibility', 'hidden');
      const g = grid.at(-1);
      const p = g?.prefixMatching?.[layer]?.[head];
      const t = g?.previousToken?.[layer]?.[head];
      if (Number.isFinite(p) && Number.isFinite(t)) {
        numbers.textContent = `prefix-matching ${fmt(p, 2, { fixed: true })}, previous-token ${fmt(t, 2, { fixed: true })} (step ${g.step.toLocaleString('en')})`;
        node.dataset.prefix = String(p);
        node.dataset.previous = String(t);
      }
    },
  };
}

/**
 * headCards({ onSilence(layer, head) }) -> { node, setShape(layers, heads), draw(grid, markStep),
 *   cards() }
 * grid: the run's evaluated steps so far, each with prefixMatching / previousToken [layer][head].
 */
export function headCards({ onSilence }) {
  const box = el('div', { class: 'head-cards' });
  const legend = el(
    'p',
    { class: 'widget-note spark-legend' },
    el('span', { class: 'spark-prefix-swatch', 'aria-hidden': 'true' }),
    'prefix-matching (solid), ',
    el('span', { class: 'spark-previous-swatch', 'aria-hidden': 'true' }),
    'previous-token (dashed): each from 0 to 1 over the steps so far. The dotted line is 0.5, the dashed upright line the phase change.',
  );
  let cards = [];
  let shape = '';
  return {
    node: el('div', { class: 'head-multiples' }, legend, box),
    setShape(layers, heads) {
      const key = `${layers}x${heads}`;
      if (key === shape) return;
      shape = key;
      cards = [];
      for (let l = 0; l < layers; l++) for (let h = 0; h < heads; h++) cards.push(card(l, h, onSilence));
      box.style.setProperty('--heads', String(heads));
      box.replaceChildren(...cards.map((c) => c.node));
    },
    draw(grid, markStep) {
      for (const c of cards) c.draw(grid, markStep);
    },
    cards: () => cards,
  };
}
