// A next-word distribution as bars, most likely first: the words a filter removed are kept in
// place, marked "cut" (the word struck through and "cut" beside it, the empty track hatched), so
// the cut is read in words and not only seen as a missing bar.
import { el } from '../../ui/dom.js';
import { barChart } from '../../ui/bars.js';

export const SHOWN = 10; // rows drawn; the rest are summed up in one line

/**
 * The vocabulary's indices, most likely first under `order` (a distribution), for every chart of
 * one prompt to share: the same word on the same row before and after each filter.
 */
export function ranking(order) {
  return order
    .map((p, i) => [p, i])
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .map(([, i]) => i);
}

/**
 * distributionChart({ title }) -> { node, show({ vocabulary, values, rank, cut }) }
 * values: per vocabulary token; rank: ranking() of the chart group; cut: per token, whether a
 * filter set it to 0 (optional).
 */
export function distributionChart({ title }) {
  const heading = el('h5', {}, title);
  const bars = barChart({ title, labels: [], values: [] });
  const rest = el('p', { class: 'widget-note bars-rest' });
  const node = el('div', { class: 'distribution' }, heading, bars.node, rest);
  return {
    node,
    setTitle(text) {
      heading.textContent = text;
      bars.node.setAttribute('aria-label', text);
    },
    show({ vocabulary, values, rank, cut = [] }) {
      const top = rank.slice(0, SHOWN);
      bars.update({ labels: top.map((i) => vocabulary[i]), values: top.map((i) => values[i]) });
      [...bars.node.children].forEach((row, r) => {
        const removed = Boolean(cut[top[r]]);
        row.classList.toggle('cut', removed);
        if (removed) {
          const label = row.querySelector('.bar-label');
          label.replaceChildren(el('s', {}, label.textContent), ' ', el('span', { class: 'cut-mark' }, 'cut'));
        }
      });
      const hidden = rank.length - top.length;
      const removedHidden = rank.slice(SHOWN).filter((i) => cut[i]).length;
      rest.textContent = hidden
        ? `${hidden} less likely words not shown${removedHidden ? `, ${removedHidden} of them cut` : ''}.`
        : '';
    },
  };
}
