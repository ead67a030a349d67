// Horizontal bars for a vector of values in [min, max] (softmax weights and attention weights in
// [0, 1]; cosines in [-1, 1], drawn left of a zero line when negative), with the number printed
// beside each bar so nothing depends on reading a length or a colour.
import { el } from './dom.js';
import { fmt } from './format.js';

/** Where a value's bar starts and how wide it is, as fractions of the track. */
export function barSpan(v, min, max) {
  if (!Number.isFinite(v) || !(max > min)) return { start: 0, width: 0 };
  const at = (x) => (Math.max(min, Math.min(max, x)) - min) / (max - min);
  const zero = at(0);
  const end = at(v);
  return { start: Math.min(zero, end), width: Math.abs(end - zero) };
}

/**
 * barChart({ title, labels, values, min = 0, max = 1, digits = 3 }) -> { node, update({ labels, values }) }
 */
export function barChart({ title, labels, values, min = 0, max = 1, digits = 3 }) {
  const list = el('ul', { class: 'bars', 'aria-label': title });
  if (min < 0) list.classList.add('bars-signed');
  const zero = barSpan(0, min, max).start;
  function render(ls, vs) {
    list.replaceChildren(
      ...vs.map((v, i) => {
        const { start, width } = barSpan(v, min, max);
        return el(
          'li',
          { class: 'bar-row' },
          el('span', { class: 'bar-label' }, ls[i] ?? String(i + 1)),
          el(
            'span',
            { class: 'bar-track', 'aria-hidden': 'true' },
            el('span', {
              class: 'bar-fill',
              style: { marginLeft: `${(start * 100).toFixed(2)}%`, width: `${(width * 100).toFixed(2)}%` },
            }),
            min < 0 ? el('span', { class: 'bar-zero', style: { left: `${(zero * 100).toFixed(2)}%` } }) : null,
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
