// The n x n score matrix the tiled computation never stores, as a grid: the current tile's cells
// hold its scores (the only scores in memory at that moment), the cells of tiles already done a
// tick, the rest nothing. Tile edges are drawn as thicker lines; the current tile is outlined and
// shaded, so it is found without its colour.
import { el } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';

// Long token names would make eight columns too wide for a phone: the grid numbers them, and the
// table beside it names them.
const label = (name, i) => (name.length <= 3 ? name : String(i + 1));

/** scoreGrid() -> { node, update({ tokens, scores, block, tiles, step }) } */
export function scoreGrid() {
  const title = 'The scores Q Kᵀ/√d_k (row: query, column: key), one tile at a time';
  const caption = el('caption', { class: 'visually-hidden' }, title);
  const table = el('table', { class: 'tile-grid' });
  const node = el(
    'div',
    { class: 'tile-grid-block' },
    el('p', { class: 'tile-grid-title', 'aria-hidden': 'true' }, title),
    el('div', { class: 'trace-scroll' }, table),
  );

  function update({ tokens, scores, block, tiles, step }) {
    const n = tokens.length;
    const current = step > 0 ? tiles[step - 1] : null;
    const done = new Set();
    for (let t = 0; t < step - 1; t++) {
      const tile = tiles[t];
      for (let i = tile.queryStart; i < tile.queryEnd; i++)
        for (let j = tile.keyStart; j < tile.keyEnd; j++) done.add(i * n + j);
    }
    const inCurrent = (i, j) =>
      current && i >= current.queryStart && i < current.queryEnd && j >= current.keyStart && j < current.keyEnd;
    const edge = (x) => (x > 0 && x % block === 0 ? ' edge' : '');
    table.replaceChildren(
      caption,
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'query, key')),
          tokens.map((t, j) => el('th', { scope: 'col', class: `key${edge(j)}`, title: t }, label(t, j))),
        ),
      ),
      el(
        'tbody',
        {},
        tokens.map((t, i) =>
          el(
            'tr',
            { class: edge(i).trim() },
            el('th', { scope: 'row', title: t }, label(t, i)),
            tokens.map((_, j) => {
              const cls = `cell${edge(j)}`;
              if (inCurrent(i, j)) return el('td', { class: `${cls} current` }, fmt(scores[i][j], 3));
              if (done.has(i * n + j))
                return el('td', { class: `${cls} done` }, '✓', el('span', { class: 'visually-hidden' }, ' done'));
              return el('td', { class: cls }, el('span', { class: 'visually-hidden' }, 'not yet'));
            }),
          ),
        ),
      ),
    );
  }
  return { node, update };
}
