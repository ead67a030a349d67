// A small 2-D vector plot in SVG: points (optionally draggable with mouse, touch or arrow keys),
// arrows from the origin or between two positions, axes with names. Coordinates are data units.
import { el } from './dom.js';
import { fmt } from './format.js';
import { exportMenu } from './export-menu.js';

const SIZE = 320;
const PAD = 34;

const svg = (tag, attrs = {}, ...children) => el(`svg:${tag}`, attrs, ...children);

/**
 * plot2d({ title, xLabel, yLabel, range: [lo, hi] | 'auto', step, points, arrows, onMove })
 *   points: [{ id, label, x, y, draggable, tone, hollow, quiet }]    tone: 'a' | 'b' | 'c' | 'muted' (CSS colour)
 *   hollow: a ring, not a disc (a "before" position); quiet: the label is only read out, not drawn
 *   arrows: [{ from: [x, y], to: [x, y], tone, dashed, gap, plain }]   gap: stop that many px short of
 *     `to`; plain: a line without an arrow head (a guide, such as a projection)
 *   arcs: [{ from: [x, y], to: [x, y], label }]: the angle at the origin between two directions
 * onMove(id, x, y) is called while a point is dragged or moved with the keyboard (snapped to step).
 * -> { node, update({ points, arrows, range, xLabel, yLabel }) }
 */
export function plot2d({
  title,
  xLabel = 'x',
  yLabel = 'y',
  range = 'auto',
  step = 0.5,
  points = [],
  arrows = [],
  onMove,
}) {
  const root = svg('svg', {
    viewBox: `0 0 ${SIZE} ${SIZE}`,
    class: 'plot2d',
    role: 'group',
    'aria-label': title,
  });
  const defs = svg('defs');
  for (const tone of ['a', 'b', 'c', 'muted']) {
    defs.append(
      svg(
        'marker',
        {
          id: `arrow-${tone}-${(plot2d.n = (plot2d.n || 0) + 1)}`,
          class: `marker tone-${tone}`,
          viewBox: '0 0 10 10',
          refX: '9',
          refY: '5',
          markerWidth: '7',
          markerHeight: '7',
          orient: 'auto-start-reverse',
        },
        svg('path', { d: 'M0,0 L10,5 L0,10 z' }),
      ),
    );
  }
  const markerId = Object.fromEntries([...defs.children].map((m) => [m.getAttribute('class').split('tone-')[1], m.id]));
  const grid = svg('g', { class: 'plot-grid', 'aria-hidden': 'true' });
  const arrowLayer = svg('g', { class: 'plot-arrows', 'aria-hidden': 'true' });
  const pointLayer = svg('g', { class: 'plot-points' });
  root.append(defs, grid, arrowLayer, pointLayer);

  let state = { points, arrows, arcs: [], range, xLabel, yLabel };
  let lo = -5;
  let hi = 5;
  let dragging = null;
  let unlabelled = []; // context points with no room for a label, named under the plot instead

  const sx = (x) => PAD + ((x - lo) / (hi - lo)) * (SIZE - 2 * PAD);
  const sy = (y) => SIZE - PAD - ((y - lo) / (hi - lo)) * (SIZE - 2 * PAD);
  const snap = (v) => Math.max(lo, Math.min(hi, Math.round(v / step) * step));

  function computeRange() {
    if (Array.isArray(state.range)) {
      [lo, hi] = state.range;
      return;
    }
    // One range for both axes (so angles look true), covering the origin and every point.
    const xs = [0];
    for (const p of state.points) xs.push(p.x, p.y);
    for (const a of state.arrows) xs.push(...a.from, ...a.to);
    const finite = xs.filter(Number.isFinite);
    let a = Math.min(...finite);
    let b = Math.max(...finite);
    if (b - a < 2) b = a + 2;
    const pad = (b - a) * 0.12;
    lo = a - pad;
    hi = b + pad;
  }

  function drawGrid() {
    const span = hi - lo;
    const tick = span <= 3 ? 0.5 : span <= 12 ? 1 : span <= 30 ? 5 : 10 ** Math.floor(Math.log10(span / 2));
    const lines = [];
    for (let v = Math.ceil(lo / tick) * tick; v <= hi; v += tick) {
      const major = Math.abs(v) < 1e-9;
      lines.push(svg('line', { x1: sx(v), x2: sx(v), y1: sy(lo), y2: sy(hi), class: major ? 'axis' : 'gridline' }));
      lines.push(svg('line', { y1: sy(v), y2: sy(v), x1: sx(lo), x2: sx(hi), class: major ? 'axis' : 'gridline' }));
    }
    const labelEvery = Math.max(1, Math.round((hi - lo) / tick / 6));
    let k = 0;
    for (let v = Math.ceil(lo / tick) * tick; v <= hi; v += tick, k++) {
      if (Math.abs(v) < 1e-9 || k % labelEvery) continue;
      lines.push(svg('text', { x: sx(v), y: sy(0) + 13, class: 'tick', 'text-anchor': 'middle' }, fmt(v, 1)));
      lines.push(svg('text', { x: sx(0) - 5, y: sy(v) + 4, class: 'tick', 'text-anchor': 'end' }, fmt(v, 1)));
    }
    // Axis names sit in the margin, clear of the data.
    lines.push(
      svg('text', { x: SIZE - 6, y: SIZE - 8, class: 'axis-name', 'text-anchor': 'end' }, `${state.xLabel} →`),
    );
    lines.push(svg('text', { x: 6, y: 16, class: 'axis-name' }, `↑ ${state.yLabel}`));
    grid.replaceChildren(...lines);
  }

  function drawArrows() {
    arrowLayer.replaceChildren(
      ...state.arrows
        .filter((a) => [...a.from, ...a.to].every(Number.isFinite))
        .map((a) => {
          // Stop `gap` pixels short of the tip, so the head stays visible beside a point there.
          const [x1, y1, x2, y2] = [sx(a.from[0]), sy(a.from[1]), sx(a.to[0]), sy(a.to[1])];
          const len = Math.hypot(x2 - x1, y2 - y1);
          const k = len > 0 ? Math.max(0, len - (a.gap ?? 0)) / len : 0;
          return svg('line', {
            x1,
            y1,
            x2: x1 + (x2 - x1) * k,
            y2: y1 + (y2 - y1) * k,
            class: `arrow tone-${a.tone || 'a'}${a.dashed ? ' dashed' : ''}`,
            'marker-end': !a.plain && len > (a.gap ?? 0) + 4 ? `url(#${markerId[a.tone || 'a']})` : undefined,
          });
        }),
      ...(state.arcs ?? []).flatMap((arc) => drawArc(arc)),
    );
  }

  // The angle between two directions from the origin: a circular arc of fixed radius, the short
  // way round, with its label just outside the middle of the arc.
  function drawArc({ from, to, label }) {
    const R = 26;
    const ox = sx(0);
    const oy = sy(0);
    // Screen angles (y grows downwards).
    const t1 = Math.atan2(sy(from[1]) - oy, sx(from[0]) - ox);
    let d = Math.atan2(sy(to[1]) - oy, sx(to[0]) - ox) - t1;
    if (d > Math.PI) d -= 2 * Math.PI;
    if (d < -Math.PI) d += 2 * Math.PI;
    if (![t1, d].every(Number.isFinite) || Math.abs(d) < 1e-6) return [];
    const at = (t, r) => [ox + r * Math.cos(t), oy + r * Math.sin(t)];
    const [x1, y1] = at(t1, R);
    const [x2, y2] = at(t1 + d, R);
    const [lx, ly] = at(t1 + d / 2, R + 14);
    return [
      svg('path', { d: `M${x1},${y1} A${R},${R} 0 0 ${d > 0 ? 1 : 0} ${x2},${y2}`, class: 'angle-arc' }),
      label ? svg('text', { x: lx, y: ly + 4, 'text-anchor': 'middle', class: 'angle-label' }, label) : null,
    ].filter(Boolean);
  }

  function describe(p) {
    return `${p.label} at (${fmt(p.x, 2)}, ${fmt(p.y, 2)})${p.draggable ? '. Arrow keys move it.' : ''}`;
  }

  // Put each label beside its point where it covers no other label or point: the highlighted
  // points choose first. Text width is estimated (11px font), which is close enough for short words.
  // Points drawn on top of each other (the small words of a sentence often are) share one label,
  // "I, the, at", instead of three printed over each other. A label with no room beside its point
  // tries further out, joined to it by a thin line; only then does a context point go unlabelled
  // (its name is still read out, and the caller can list it).
  const NEAR = 4; // px: points closer than this are one spot on screen
  function placeLabels(points) {
    const boxes = points.map((p) => ({ x0: sx(p.x) - 7, x1: sx(p.x) + 7, y0: sy(p.y) - 7, y1: sy(p.y) + 7 }));
    const overlaps = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
    const near = [
      [9, -8, 'start'],
      [9, 16, 'start'],
      [-9, -8, 'end'],
      [-9, 16, 'end'],
      [0, -13, 'middle'],
      [0, 22, 'middle'],
    ];
    const far = [2, 3].flatMap((k) => near.map(([dx, dy, a]) => [dx * k, dy * k - (k - 1) * 4, a, true]));
    const spots = [...near, ...far];
    const placed = new Map();
    const skipped = [];
    const byPriority = points.map((p, i) => [p, i]).sort(([p], [q]) => (q.tone !== 'muted') - (p.tone !== 'muted'));
    const labelled = new Set();
    for (const [p, i] of byPriority) {
      if (!p.label || p.quiet || labelled.has(i)) continue;
      const cx = sx(p.x);
      const cy = sy(p.y);
      // Everyone at this spot with the same standing shares the label.
      const group = byPriority.filter(
        ([q, k]) =>
          q.label &&
          !q.quiet &&
          !labelled.has(k) &&
          (q.tone === 'muted') === (p.tone === 'muted') &&
          Math.hypot(sx(q.x) - cx, sy(q.y) - cy) < NEAR,
      );
      for (const [, k] of group) labelled.add(k);
      const members = new Set(group.map(([, k]) => k));
      const text = group.map(([q]) => q.label).join(', ');
      const w = 6.4 * text.length;
      const boxFor = ([dx, dy, anchor]) => {
        const x0 = cx + dx - (anchor === 'end' ? w : anchor === 'middle' ? w / 2 : 0);
        return { x0, x1: x0 + w, y0: cy + dy - 10, y1: cy + dy + 2 };
      };
      const free = spots.find((spot) => {
        const b = boxFor(spot);
        return (
          b.x0 >= 0 &&
          b.x1 <= SIZE &&
          b.y0 >= 0 &&
          b.y1 <= SIZE &&
          !boxes.some((o, k) => !members.has(k) && overlaps(b, o)) &&
          ![...placed.values()].some((o) => overlaps(b, o.box))
        );
      });
      if (!free && p.tone === 'muted') {
        skipped.push(...group.map(([q]) => q.label));
        continue;
      }
      const spot = free ?? near[0];
      placed.set(i, { spot, box: boxFor(spot), text });
    }
    return { placed, skipped };
  }

  function drawPoints() {
    const focusedId = document.activeElement?.closest?.('.plot-point')?.dataset.id;
    const visible = state.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    const { placed: labels, skipped } = placeLabels(visible);
    unlabelled = skipped;
    const nodes = visible.map((p, i) => {
      const label = labels.get(i);
      const spot = label?.spot;
      // A label moved out from its point is tied to it by a line towards the text's near edge.
      const leader =
        spot?.[3] &&
        svg('line', {
          class: 'point-leader',
          x1: 0,
          y1: 0,
          x2: spot[0] - Math.sign(spot[0]) * 2,
          y2: spot[1] - (spot[1] < 0 ? -2 : 10),
        });
      const g = svg(
        'g',
        {
          class: `plot-point tone-${p.tone || 'a'}${p.draggable ? ' draggable' : ''}${p.hollow ? ' hollow' : ''}`,
          transform: `translate(${sx(p.x)},${sy(p.y)})`,
          'data-id': p.id,
          tabindex: p.draggable ? '0' : undefined,
          role: p.draggable ? 'button' : 'img',
          'aria-roledescription': p.draggable ? 'movable point' : undefined,
          'aria-label': describe(p),
        },
        svg('circle', { r: p.draggable ? 7 : 4.5 }),
        leader || null,
        spot ? svg('text', { x: spot[0], y: spot[1], 'text-anchor': spot[2], class: 'point-label' }, label.text) : null,
      );
      if (p.draggable) {
        g.addEventListener('pointerdown', (e) => {
          dragging = p.id;
          root.setPointerCapture(e.pointerId); // the point node is redrawn while dragging
          e.preventDefault();
        });
        g.addEventListener('keydown', (e) => {
          const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
          if (!d) return;
          e.preventDefault();
          const k = step * (e.shiftKey ? 4 : 1);
          onMove?.(p.id, snap(p.x + d[0] * k), snap(p.y + d[1] * k));
        });
      }
      return g;
    });
    pointLayer.replaceChildren(...nodes);
    if (focusedId) pointLayer.querySelector(`[data-id="${CSS.escape(focusedId)}"]`)?.focus();
  }

  root.addEventListener('pointermove', (e) => {
    if (!dragging) return;
    const m = root.getScreenCTM();
    if (!m) return;
    const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    const x = lo + ((pt.x - PAD) / (SIZE - 2 * PAD)) * (hi - lo);
    const y = lo + ((SIZE - PAD - pt.y) / (SIZE - 2 * PAD)) * (hi - lo);
    onMove?.(dragging, snap(x), snap(y));
  });
  const stop = () => {
    dragging = null;
  };
  root.addEventListener('pointerup', stop);
  root.addEventListener('pointercancel', stop);

  function render() {
    // While dragging, keep the scale still so the point stays under the pointer.
    if (!dragging) computeRange();
    drawGrid();
    drawArrows();
    drawPoints();
  }

  const crowded = el('p', { class: 'widget-note plot-unlabelled' });
  const showUnlabelled = () => {
    crowded.textContent = unlabelled.length
      ? `Also on the plot, with no room for their names: ${unlabelled.join(', ')}.`
      : '';
    crowded.hidden = unlabelled.length === 0;
  };
  render();
  showUnlabelled();
  // The plot and its Export menu (the SVG file is this very drawing, styles inlined).
  const node = el(
    'div',
    { class: 'plot2d-block' },
    root,
    crowded,
    exportMenu({ title: () => title, figure: () => ({ svgNode: root }) }),
  );
  return {
    node,
    svg: root,
    update(next) {
      state = { ...state, ...next };
      render();
      showUnlabelled();
    },
  };
}
