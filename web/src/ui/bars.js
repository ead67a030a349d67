// Horizontal bars for a vector of values in [0, max] (softmax weights, attention weights), with
// the number printed beside each bar so nothing depends on reading a length or a colour.
import { el } from './dom.js';
import { fmt } from './format.js';

/**
 * barChart({ title, labels, values, max = 1, digits = 3 }) -> { node, update({ labels, values }) }
 */
export function barChart({ title, labels, values, max = 1, digits = 3 }) {
  const list = el('ul', { class: 'bars', 'aria-label': title });
  function render(ls, vs) {
    list.replaceChildren(
      ...vs.map((v, i) => {
        const frac = Number.isFinite(v) && max > 0 ? Math.max(0, Math.min(1, v / max)) : 0;
        return el(
          'li',
          { class: 'bar-row' },
          el('span', { class: 'bar-label' }, ls[i] ?? String(i + 1)),
          el(
            'span',
            { class: 'bar-track', 'aria-hidden': 'true' },
            el('span', { class: 'bar-fill', style: { width: `${(frac * 100).toFixed(2)}%` } }),
          ),
          el('span', { class: 'bar-value' }, fmt(v, digits, { fixed: true })),
        );
      }),
    );
  }
  render(labels, values);
  return {
    node: list,
    update({ labels: ls = labels, values: vs }) {
      labels = ls;
      render(ls, vs);
    },
  };
}
