// A small line chart in SVG: a few series of (x, y) points, each told apart by more than its
// colour (solid or dashed, circles, squares or no markers), axes with the ticks the caller
// names, optional logarithmic axes, and labelled marks (the current value). Coordinates are data
// units; the scales are only geometry. An Export menu saves it as SVG or PNG.
import { el } from './dom.js';
import { exportMenu } from './export-menu.js';

const W = 480;
const H = 260;
const PAD = { left: 72, right: 18, top: 30, bottom: 44 };
const svg = (tag, props, ...children) => el(`svg:${tag}`, props, ...children);

/**
 * Round values from lo to hi for an axis: steps of 1, 2 or 5 times a power of ten, about `count`
 * of them (geometry for labels, not data).
 */
export function niceTicks(lo, hi, count = 5) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * power).find((s) => s >= raw);
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * linePlot({ title, xLabel, yLabel, logX, logY }) -> { node, svg, update({ series, marks, xTicks, yTicks, xRange, yRange }) }
 *   series: [{ x: [], y: [], tone: 'a' | 'b' | 'c' | 'muted', dashed, marker: 'circle' | 'square' }]
 *   marks: [{ x, y, label, tone }]: a ring at a point with its label, and a guide line down to the axis
 *   xTicks, yTicks: [{ at, label }]; xRange, yRange: [lo, hi] (default: the data's extent)
 */
export function linePlot({ title, xLabel, yLabel, logX = false, logY = false }) {
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'line-plot', role: 'img', 'aria-label': title });
  const node = el('figure', { class: 'line-plot-figure' }, root);
  node.append(exportMenu({ title: () => title, figure: () => ({ svgNode: root }) }));

  function update({ series = [], marks = [], xTicks = [], yTicks = [], xRange, yRange, label }) {
    if (label) root.setAttribute('aria-label', `${title}. ${label}`);
    const tx = (v) => (logX ? Math.log10(v) : v);
    const ty = (v) => (logY ? Math.log10(v) : v);
    const xs = series.flatMap((s) => s.x).map(tx);
    const ys = series.flatMap((s) => s.y).map(ty);
    const [x0, x1] = xRange ? xRange.map(tx) : [Math.min(...xs), Math.max(...xs)];
    let [y0, y1] = yRange ? yRange.map(ty) : [Math.min(...ys), Math.max(...ys)];
    if (!(y1 > y0)) [y0, y1] = [y0 - 1, y0 + 1];
    const spanX = x1 > x0 ? x1 - x0 : 1;
    const sx = (v) => PAD.left + ((tx(v) - x0) / spanX) * (W - PAD.left - PAD.right);
    const sy = (v) => H - PAD.bottom - ((ty(v) - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
    const bottom = H - PAD.bottom;
    const kids = [
      ...yTicks.flatMap((t) => [
        svg('line', { class: 'gridline', x1: PAD.left, x2: W - PAD.right, y1: sy(t.at), y2: sy(t.at) }),
        svg('text', { class: 'tick', x: PAD.left - 6, y: sy(t.at) + 4, 'text-anchor': 'end' }, t.label),
      ]),
      ...xTicks.map((t) =>
        svg('text', { class: 'tick', x: sx(t.at), y: bottom + 16, 'text-anchor': 'middle' }, t.label),
      ),
      svg('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: bottom, y2: bottom }),
      svg('line', { class: 'axis', x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: bottom }),
      svg('text', { class: 'axis-name', x: (W + PAD.left) / 2, y: H - 6, 'text-anchor': 'middle' }, xLabel),
      svg('text', { class: 'axis-name', x: 6, y: 16 }, `↑ ${yLabel}`),
    ];
    for (const s of series) {
      const points = s.x.map((x, i) => [sx(x), sy(s.y[i])]);
      kids.push(
        svg('polyline', {
          class: `series tone-${s.tone ?? 'a'}${s.dashed ? ' dashed' : ''}`,
          points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '),
        }),
      );
      for (const [x, y] of s.marker ? points : []) {
        kids.push(
          s.marker === 'square'
            ? svg('rect', { class: `marker tone-${s.tone ?? 'a'}`, x: x - 4, y: y - 4, width: 8, height: 8 })
            : svg('circle', { class: `marker tone-${s.tone ?? 'a'}`, cx: x, cy: y, r: 4 }),
        );
      }
    }
    for (const m of marks) {
      const [x, y] = [sx(m.x), sy(m.y)];
      const right = x < W - 150;
      kids.push(
        svg('line', { class: 'guide', x1: x, x2: x, y1: y, y2: bottom }),
        svg('circle', { class: `mark tone-${m.tone ?? 'a'}`, cx: x, cy: y, r: 6 }),
        svg(
          'text',
          {
            class: 'mark-label',
            x: right ? x + 10 : x - 10,
            y: Math.max(PAD.top + 10, y - 10),
            'text-anchor': right ? 'start' : 'end',
          },
          m.label,
        ),
      );
    }
    root.replaceChildren(...kids);
  }
  return { node, svg: root, update };
}
