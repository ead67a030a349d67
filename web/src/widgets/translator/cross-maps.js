// The cross-attention matrix of one translation: Hindi rows (the word being written, with its
// romanisation under it), English columns (the word it asks), before training beside now, as
// heat maps with the numbers in the cells. Rows not yet written (the word-by-word animation) are
// kept in place but hidden, so the table does not jump as they appear.
import { el } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';
import { matrixView } from '../../ui/matrix-view.js';
import { refreshCells } from '../../live/refresh-cells.js';

const HEAT = { min: 0, max: 1 }; // attention weights: a fixed scale, so colours compare across steps

/** A Hindi word with its romanisation under it. */
export function hindiWord(word, roman) {
  return el(
    'span',
    { class: 'hindi-word' },
    el('span', { lang: 'hi', class: 'deva' }, word),
    el('span', { class: 'roman' }, roman || ' '),
  );
}

/**
 * crossMap(kind) -> { node, show(translation, { layer, head, revealed, romanOf, explain }) }
 * explain: a sentence under the map (e.g. why its rows are not the translation's words), or ''.
 */
export function crossMap(kind) {
  let view = null;
  let shape = '';
  const box = el('div', { class: 'matrix-scroll scroll-cue' });
  const note = el('p', { class: 'widget-note' });
  // On a narrow screen the English columns may not all fit: say so, and shade the edge that has more.
  const hint = el(
    'p',
    { class: 'scroll-hint', hidden: true },
    'More English words to the right: scroll the map sideways.',
  );
  const node = el('div', { class: 'cross-map' }, box, hint, note);
  // The matrix's own figure is the box that scrolls (the UI kit's matrix view).
  const cue = () => {
    const s = view?.node;
    const more = Boolean(s) && s.scrollWidth - s.clientWidth > 1;
    hint.hidden = !more;
    node.classList.toggle('more-right', more && s.scrollLeft + s.clientWidth < s.scrollWidth - 1);
    node.classList.toggle('more-left', more && s.scrollLeft > 1);
  };
  box.addEventListener('scroll', cue, { passive: true, capture: true });
  new ResizeObserver(cue).observe(box);
  return {
    node,
    show(t, { layer, head, revealed, romanOf, explain = '' }) {
      const rows = t.output;
      const weights = t.cross[layer]?.[head] ?? [];
      note.textContent = rows.length ? explain : 'The model wrote no Hindi word for this sentence.';
      const key = `${rows.join(' ')}|${t.source.join(' ')}`;
      if (!rows.length) {
        box.replaceChildren();
        shape = key;
        view = null;
        return;
      }
      if (key !== shape || !view) {
        shape = key;
        view = matrixView({
          name: `${kind}, cross-attention`,
          label: `${kind}: layer ${layer + 1}, head ${head + 1}`,
          values: weights,
          digits: 2,
          heat: HEAT,
          rowLabels: rows.map((w, i) => `${w} (${t.romanized[i] ?? romanOf(w)})`),
          colLabels: t.source,
        });
        view.node.querySelectorAll('tbody th').forEach((th, i) => {
          th.replaceChildren(hindiWord(rows[i], t.romanized[i] ?? romanOf(rows[i])));
        });
        box.replaceChildren(view.node);
      }
      view.node.querySelector('.matrix-label').firstChild.textContent = `${kind}: layer ${layer + 1}, head ${head + 1}`;
      refreshCells(
        view,
        weights,
        (r, c, v) =>
          `${kind}: writing “${rows[r]}” (${t.romanized[r] ?? ''}), weight ${fmt(v, 4, { fixed: true })} on “${t.source[c]}”`,
      );
      rows.forEach((_, r) => view.cell(r, 0)?.parentElement.classList.toggle('unwritten', r >= revealed));
      cue();
    },
  };
}
