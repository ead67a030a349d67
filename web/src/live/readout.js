// A live model's current figures as text (the curves' numbers, readable without the chart): a
// table of training batches against held-out sentences, and a line of attention figures under it.
import { el } from '../ui/dom.js';
import { fmt } from '../ui/format.js';

const FORMAT = {
  loss: (x) => fmt(x, 3),
  percent: (x) => `${fmt(100 * x, 1, { fixed: true })}%`,
};

/**
 * readoutTable({ rows, note, noteText, mirror }) -> { node, show(point, step), clear() }
 * rows: [{ label, train: key | null, heldOut: key, format: 'loss' | 'percent' }]; a point's
 * key that is null or missing leaves its cell as it was. note: the label of the line under the
 * table; noteText(point): its text ('' leaves it as it was). mirror: keys copied into the node's
 * data attributes (for tests and the page's checks). heldOutLabel: the held-out column's heading
 * (a model whose examples are not sentences names its own).
 */
export function readoutTable({
  rows,
  note,
  noteText: describe = () => '',
  mirror = [],
  heldOutLabel = 'held-out sentences',
}) {
  const cells = new Map(); // key -> [td, format]
  const cell = (key, format) => {
    const td = el('td', {}, '—');
    if (key) cells.set(key, [td, FORMAT[format]]);
    return td;
  };
  const stepCell = el('span', { class: 'readout-big' }, '0');
  const noteText = el('span', {}, '—');
  const node = el(
    'div',
    { class: 'train-readout' },
    el('p', { class: 'readout' }, 'Step ', stepCell),
    el(
      'div',
      { class: 'trace-scroll scroll-cue' },
      el(
        'table',
        { class: 'trace' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('td'),
            el('th', { scope: 'col' }, 'training batches'),
            el('th', { scope: 'col' }, heldOutLabel),
          ),
        ),
        el(
          'tbody',
          {},
          rows.map((r) =>
            el('tr', {}, el('th', { scope: 'row' }, r.label), cell(r.train, r.format), cell(r.heldOut, r.format)),
          ),
        ),
      ),
    ),
    el('p', { class: 'readout attention-readout' }, note, noteText),
  );
  return {
    node,
    show(p, step) {
      const text = describe(p);
      stepCell.textContent = step.toLocaleString('en');
      for (const [key, [td, format]] of cells) if (p[key] != null) td.textContent = format(p[key]);
      if (text) noteText.textContent = text;
      for (const key of mirror) if (p[key] != null) node.dataset[key] = String(p[key]);
    },
    clear() {
      stepCell.textContent = '0';
      for (const [td] of cells.values()) td.textContent = '—';
      noteText.textContent = '—';
      for (const key of mirror) delete node.dataset[key];
    },
  };
}
