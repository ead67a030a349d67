// Each pair of dimensions as a small circle: the query's pair (solid arrow, tone a) and the key's
// (dashed arrow, tone b) as they are after turning, the speed that pair turns at, and its share
// of the score. The arrows' ends are the engine's numbers, drawn at a scale that fits the largest.
import { el } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';

const S = 100;
const R = 40;
const svg = (tag, props, ...children) => el(`svg:${tag}`, props, ...children);

/** pairCircles(count) -> { node, update({ q, k, speeds, shares }) } (q, k: the turned vectors) */
export function pairCircles(count) {
  const cards = Array.from({ length: count }, (_, i) => {
    const drawing = svg('svg', { viewBox: `0 0 ${S} ${S}`, class: 'pair-drawing', 'aria-hidden': 'true' });
    const speed = el('span', { class: 'pair-speed' });
    const share = el('span', { class: 'pair-share' });
    const arrows = el('span', { class: 'visually-hidden' });
    const card = el(
      'li',
      { class: 'pair-card' },
      drawing,
      el('span', { class: 'pair-name' }, `pair ${i + 1}`),
      speed,
      share,
      arrows,
    );
    return { card, drawing, speed, share, arrows };
  });
  const node = el(
    'ol',
    { class: 'pair-cards', 'aria-label': 'Each pair of dimensions, turned' },
    cards.map((c) => c.card),
  );

  function arrow(x, y, scale, cls) {
    const [tx, ty] = [S / 2 + x * scale, S / 2 - y * scale];
    // The head: two short strokes back from the tip, drawn here so that no marker id is shared.
    const len = Math.hypot(tx - S / 2, ty - S / 2);
    if (len < 1) return [];
    const [ux, uy] = [(tx - S / 2) / len, (ty - S / 2) / len];
    const head = (side) => `L${tx - 7 * ux + side * 4 * uy},${ty - 7 * uy - side * 4 * ux}`;
    return [
      svg('line', { class: `pair-arrow ${cls}`, x1: S / 2, y1: S / 2, x2: tx, y2: ty }),
      svg('path', { class: `pair-head ${cls}`, d: `M${tx},${ty} ${head(1)} M${tx},${ty} ${head(-1)}` }),
    ];
  }

  function update({ q, k, speeds, shares }) {
    let largest = 0;
    for (let i = 0; i < q.length; i++) largest = Math.max(largest, Math.abs(q[i]), Math.abs(k[i]));
    cards.forEach((c, i) => {
      const [qx, qy, kx, ky] = [q[2 * i], q[2 * i + 1], k[2 * i], k[2 * i + 1]];
      const scale = largest > 0 ? R / (largest * Math.SQRT2) : 0;
      c.drawing.replaceChildren(
        svg('circle', { class: 'pair-ring', cx: S / 2, cy: S / 2, r: R }),
        ...arrow(kx, ky, scale, 'key'),
        ...arrow(qx, qy, scale, 'query'),
      );
      c.speed.textContent = `${fmt(speeds[i], speeds[i] < 0.1 ? 4 : 1)}° a place`;
      c.share.textContent = `share ${fmt(shares[i], 2)}`;
      c.arrows.textContent = `query (${fmt(qx, 2)}, ${fmt(qy, 2)}), key (${fmt(kx, 2)}, ${fmt(ky, 2)})`;
    });
  }
  return { node, update };
}
