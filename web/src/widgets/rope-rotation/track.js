// Two positions on one line, each a handle the learner drags with a pointer or moves with the
// keyboard (a slider each, in the ARIA sense: arrows by one place, Page Up / Page Down by ten,
// Home and End), and the distance between them drawn as a bracket. The query's handle is a
// circle and the key's a square, so the two are told apart without their colours.
import { el } from '../../ui/dom.js';

const W = 600;
const H = 100;
const PAD = 22;
const AXIS = 70;
const svg = (tag, props, ...children) => el(`svg:${tag}`, props, ...children);

/**
 * positionTrack({ max, handles: [{ key, label, name, shape, tone }], onMove(key, value) })
 * -> { node, update(values: { [key]: position }) }
 */
export function positionTrack({ max, handles, onMove }) {
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'position-track', role: 'group' });
  root.setAttribute('aria-label', `Positions 0 to ${max}: drag a handle, or focus it and use the arrow keys`);
  const x = (p) => PAD + (p / max) * (W - 2 * PAD);
  const ticks = [];
  const every = max > 80 ? 16 : max > 40 ? 8 : max > 16 ? 4 : 1; // labels at most every 8 % of the width
  for (let p = 0; p <= max; p += 1) {
    const major = p % every === 0 || p === max;
    ticks.push(
      svg('line', {
        class: major ? 'tick-major' : 'tick-minor',
        x1: x(p),
        x2: x(p),
        y1: AXIS,
        y2: AXIS + (major ? 8 : 4),
      }),
    );
    // On a phone only every other label is kept (rope-rotation.css), at a size that can be read.
    const wide = p % (2 * every) === 0 || p === max;
    if (major)
      ticks.push(
        svg(
          'text',
          { class: `tick${wide ? '' : ' narrow-hidden'}`, x: x(p), y: AXIS + 22, 'text-anchor': 'middle' },
          String(p),
        ),
      );
  }
  const bracket = svg('g', { class: 'distance', 'aria-hidden': 'true' });
  root.append(svg('line', { class: 'axis', x1: PAD, x2: W - PAD, y1: AXIS, y2: AXIS }), ...ticks, bracket);

  let values = {};
  let dragging = null;
  const nodes = handles.map((h) => {
    const shape =
      h.shape === 'square' ? svg('rect', { x: -11, y: -11, width: 22, height: 22 }) : svg('circle', { r: 12 });
    const g = svg(
      'g',
      {
        class: `handle tone-${h.tone}`,
        tabindex: '0',
        role: 'slider',
        'aria-label': h.label,
        'aria-valuemin': '0',
        'aria-valuemax': String(max),
        'data-key': h.key,
      },
      shape,
      svg('text', { class: 'handle-name', y: -17, 'text-anchor': 'middle' }, h.name),
    );
    g.addEventListener('pointerdown', (e) => {
      dragging = h.key;
      root.setPointerCapture(e.pointerId);
      g.focus();
      e.preventDefault();
    });
    g.addEventListener('keydown', (e) => {
      const now = values[h.key];
      const to = {
        ArrowLeft: now - 1,
        ArrowDown: now - 1,
        ArrowRight: now + 1,
        ArrowUp: now + 1,
        PageDown: now - 10,
        PageUp: now + 10,
        Home: 0,
        End: max,
      }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      const next = Math.max(0, Math.min(max, to));
      if (next !== now) onMove(h.key, next);
    });
    root.append(g);
    return g;
  });

  // The position under the pointer, or null where the page cannot say.
  const positionAt = (e) => {
    const m = root.getScreenCTM();
    if (!m) return null;
    const at = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse()).x;
    return Math.max(0, Math.min(max, Math.round(((at - PAD) / (W - 2 * PAD)) * max)));
  };
  // A press on the track away from the handles takes the nearer one there (a handle is a small
  // target for a finger).
  root.addEventListener('pointerdown', (e) => {
    if (dragging) return;
    const p = positionAt(e);
    if (p === null) return;
    const nearest = handles.reduce((a, b) => (Math.abs(values[b.key] - p) < Math.abs(values[a.key] - p) ? b : a));
    dragging = nearest.key;
    root.setPointerCapture(e.pointerId);
    nodes[handles.indexOf(nearest)].focus();
    e.preventDefault();
    if (p !== values[dragging]) onMove(dragging, p);
  });
  root.addEventListener('pointermove', (e) => {
    if (!dragging) return;
    const p = positionAt(e);
    if (p !== null && p !== values[dragging]) onMove(dragging, p);
  });
  const stop = () => {
    dragging = null;
  };
  root.addEventListener('pointerup', stop);
  root.addEventListener('pointercancel', stop);

  function update(next) {
    values = { ...next };
    handles.forEach((h, i) => {
      const p = values[h.key];
      nodes[i].setAttribute('transform', `translate(${x(p)},${AXIS - 16})`);
      nodes[i].setAttribute('aria-valuenow', String(p));
      nodes[i].setAttribute('aria-valuetext', `${h.name} = ${p}`);
    });
    // The distance from the first handle to the second, as a bracket above them.
    const [a, b] = handles.map((h) => values[h.key]);
    bracket.replaceChildren(...(a === b ? [] : [svg('path', { d: `M${x(a)},16 V5 H${x(b)} V16` })]));
  }
  return { node: root, update };
}
