// Multiply-adds per new token against its position, with and without the KV cache, as an SVG
// line chart (two Okabe-Ito colours, one dashed, different markers, so colour is not needed) and
// the same numbers as a table beside it.
import { el } from '../../ui/dom.js';

const W = 360;
const H = 220;
const PAD = { left: 64, right: 12, top: 12, bottom: 40 };
const svg = (tag, props, ...children) => el(`svg:${tag}`, props, ...children);

/** costPlot() -> { node, show(positions, withCache, without, upTo) } */
export function costPlot() {
  const figure = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'cost-plot',
    role: 'img',
    'aria-label': 'Multiply-adds per new token against its position, with and without the KV cache',
  });
  const body = el('tbody');
  const table = el(
    'table',
    { class: 'trace' },
    el('thead', {}, el('tr', {}, el('th', {}, 'position'), el('th', {}, 'with cache'), el('th', {}, 'without'))),
    body,
  );
  const node = el(
    'div',
    { class: 'row cost-row' },
    el(
      'figure',
      { class: 'panel cost-figure' },
      figure,
      el(
        'figcaption',
        { class: 'legend' },
        el('span', {}, el('span', { class: 'swatch tone-a' }), 'with the cache (circles)'),
        el('span', {}, el('span', { class: 'swatch tone-b dashed' }), 'without (squares, dashed)'),
      ),
    ),
    el('div', { class: 'panel trace-scroll' }, table),
  );
  // Nothing to draw until the first word is written (an empty plot reads as a black box in dark mode).
  node.hidden = true;
  return {
    node,
    show(positions, withCache, without, upTo) {
      node.hidden = false;
      const n = Math.min(upTo, positions.length);
      // x from the prompt's last position (the first word's) to the sentence's last.
      const minX = positions[0] ?? 0;
      const spanX = Math.max(1, (positions.at(-1) ?? 1) - minX);
      const maxY = Math.max(1, ...without, ...withCache);
      const x = (p) => PAD.left + 8 + ((p - minX) / spanX) * (W - PAD.left - PAD.right - 16);
      const y = (v) => H - PAD.bottom - (v / maxY) * (H - PAD.top - PAD.bottom);
      const line = (values, cls) =>
        svg('polyline', {
          class: cls,
          points: values
            .slice(0, n)
            .map((v, i) => `${x(positions[i]).toFixed(1)},${y(v).toFixed(1)}`)
            .join(' '),
        });
      const marks = (values, cls, square) =>
        values
          .slice(0, n)
          .map((v, i) =>
            square
              ? svg('rect', { class: cls, x: x(positions[i]) - 3.5, y: y(v) - 3.5, width: 7, height: 7 })
              : svg('circle', { class: cls, cx: x(positions[i]), cy: y(v), r: 4 }),
          );
      const ticks = [0, maxY / 2, maxY].map((v) =>
        svg(
          'text',
          { x: PAD.left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' },
          Math.round(v).toLocaleString('en'),
        ),
      );
      const xTicks = positions.map((p) =>
        svg('text', { x: x(p), y: H - PAD.bottom + 16, class: 'tick', 'text-anchor': 'middle' }, String(p)),
      );
      figure.replaceChildren(
        svg('line', { class: 'axis', x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }),
        svg('line', { class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom }),
        ...ticks,
        ...xTicks,
        svg('text', { x: (W + PAD.left) / 2, y: H - 6, class: 'tick', 'text-anchor': 'middle' }, 'position'),
        line(without, 'without'),
        line(withCache, 'with'),
        ...marks(without, 'without', true),
        ...marks(withCache, 'with', false),
      );
      body.replaceChildren(
        ...positions
          .slice(0, n)
          .map((p, i) =>
            el(
              'tr',
              {},
              el('td', {}, String(p)),
              el('td', {}, withCache[i].toLocaleString('en')),
              el('td', {}, without[i].toLocaleString('en')),
            ),
          ),
      );
    },
  };
}
