// A heatmap drawn on a <canvas>, for matrices too large for numbers in every cell (a 64 x 64
// positional encoding, a 512 x 512 weight matrix). The numbers are still there: hover, or focus
// the canvas and move with the arrow keys, and the readout below names the cell and its value.
// Colours: viridis (colors.js); cells that are not finite (masked scores) are drawn hatched grey.
import { el, newId } from './dom.js';
import { fmt } from './format.js';
import { viridis, viridisGradient } from './colors.js';
import '../styles/heat-canvas.css';

/**
 * heatCanvas({ label, values, range: { min, max } | 'auto', rowName, colName, rowLabels, colLabels,
 *              digits, maxSize }) -> { node, update(values, opts), cursor() }
 * rowName/colName name the axes in the readout ("position 3, dimension 5: 0.141").
 */
export function heatCanvas({ label, values, range = 'auto', rowName = 'row', colName = 'column', rowLabels, colLabels, digits = 3, maxSize = '24rem' }) {
  const readoutId = newId('heat');
  const canvas = el('canvas', {
    class: 'heat-canvas',
    tabindex: '0',
    role: 'img',
    'aria-describedby': readoutId,
    style: { maxWidth: maxSize },
  });
  const readout = el('p', { class: 'heat-readout', id: readoutId, 'aria-live': 'polite' });
  const legend = el('div', { class: 'heat-legend', 'aria-hidden': 'true' });
  const node = el('figure', { class: 'heat-canvas-block' }, el('figcaption', { class: 'matrix-label' }, label), canvas, legend, readout);
  let vals = values;
  let lo = 0;
  let hi = 1;
  let cur = null; // [r, c] the readout is showing

  const rows = () => vals.length;
  const cols = () => vals[0]?.length ?? 0;
  const cellText = (r, c) => `${rowLabels?.[r] ?? `${rowName} ${r}`}, ${colLabels?.[c] ?? `${colName} ${c}`}: ${fmt(vals[r][c], digits)}`;

  function draw() {
    const n = rows();
    const m = cols();
    // Whole pixels per cell, so small matrices stay crisp when the CSS scales the canvas.
    const px = Math.max(1, Math.floor(512 / Math.max(n, m)));
    canvas.width = m * px;
    canvas.height = n * px;
    canvas.style.aspectRatio = `${m} / ${n}`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < m; c++) {
        const v = vals[r][c];
        if (Number.isFinite(v)) {
          ctx.fillStyle = viridis(hi > lo ? (v - lo) / (hi - lo) : 0.5).background;
          ctx.fillRect(c * px, r * px, px, px);
        } else {
          ctx.fillStyle = '#e9e6de';
          ctx.fillRect(c * px, r * px, px, px);
          if (px >= 6) {
            ctx.strokeStyle = '#b9b5aa';
            ctx.beginPath();
            ctx.moveTo(c * px, (r + 1) * px);
            ctx.lineTo((c + 1) * px, r * px);
            ctx.stroke();
          }
        }
      }
    }
    if (cur && px >= 4) {
      ctx.strokeStyle = '#d55e00';
      ctx.lineWidth = Math.max(2, px / 6);
      ctx.strokeRect(cur[1] * px + 1, cur[0] * px + 1, px - 2, px - 2);
    }
  }

  function show(r, c) {
    cur = [r, c];
    readout.textContent = cellText(r, c);
    draw();
  }

  function update(next, opts = {}) {
    vals = next;
    if (opts.rowLabels !== undefined) rowLabels = opts.rowLabels;
    if (opts.colLabels !== undefined) colLabels = opts.colLabels;
    const finite = vals.flat().filter(Number.isFinite);
    if (range === 'auto') {
      lo = finite.length ? Math.min(...finite) : 0;
      hi = finite.length ? Math.max(...finite) : 1;
    } else {
      ({ min: lo, max: hi } = range);
    }
    canvas.setAttribute('aria-label', `${typeof label === 'string' ? label : 'Heatmap'}: ${rows()} by ${cols()}; focus and use the arrow keys to read values`);
    legend.replaceChildren(fmt(lo, 2), el('span', { class: 'ramp', style: { background: viridisGradient() } }), fmt(hi, 2));
    if (cur && (cur[0] >= rows() || cur[1] >= cols())) cur = null;
    if (cur) show(cur[0], cur[1]);
    else {
      readout.textContent = 'Hover or focus the map (arrow keys) to read a value.';
      draw();
    }
  }

  canvas.addEventListener('pointermove', (e) => {
    const box = canvas.getBoundingClientRect();
    if (!box.width || !box.height) return;
    const c = Math.min(cols() - 1, Math.max(0, Math.floor(((e.clientX - box.left) / box.width) * cols())));
    const r = Math.min(rows() - 1, Math.max(0, Math.floor(((e.clientY - box.top) / box.height) * rows())));
    if (!cur || cur[0] !== r || cur[1] !== c) show(r, c);
  });
  canvas.addEventListener('focus', () => {
    if (!cur) show(0, 0);
  });
  canvas.addEventListener('keydown', (e) => {
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const d = moves[e.key];
    if (!d) return;
    e.preventDefault();
    const [r, c] = cur ?? [0, 0];
    const step = e.shiftKey ? 10 : 1;
    show(Math.max(0, Math.min(rows() - 1, r + d[0] * step)), Math.max(0, Math.min(cols() - 1, c + d[1] * step)));
  });

  update(values);
  return { node, update, cursor: () => cur, readout };
}
