// A heatmap drawn on a <canvas>, for matrices too large for numbers in every cell (a 64 x 64
// positional encoding, a 512 x 512 weight matrix). The numbers are still there: hover, or focus
// the canvas and move with the arrow keys, and the readout below names the cell and its value.
// Colours: viridis (colors.js); cells that are not finite (masked scores) are drawn hatched grey.
import { el, newId } from './dom.js';
import { fmt } from './format.js';
import { viridis, viridisGradient } from './colors.js';
import { exportMenu } from './export-menu.js';
import '../styles/heat-canvas.css';

const LUT = Array.from({ length: 256 }, (_, i) =>
  viridis(i / 255)
    .background.match(/\d+/g)
    .map(Number),
);
const MASKED = [233, 230, 222];

/**
 * heatCanvas({ label, values, range: { min, max } | 'auto', rowName, colName, rowLabels, colLabels,
 *              digits, maxSize }) -> { node, update(values, opts), cursor() }
 * rowName/colName name the axes in the readout ("position 3, dimension 5: 0.141").
 */
export function heatCanvas({
  label,
  values,
  range = 'auto',
  rowName = 'row',
  colName = 'column',
  rowLabels,
  colLabels,
  digits = 3,
  maxSize = '24rem',
}) {
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
  const node = el(
    'figure',
    { class: 'heat-canvas-block' },
    el('figcaption', { class: 'matrix-label' }, label),
    canvas,
    legend,
    readout,
  );
  node.append(
    exportMenu({
      title: () => label,
      figure: () => ({
        heatmap: { title: label, values: vals, range: { min: lo, max: hi }, rowLabels, colLabels, digits },
      }),
      matrix: () => vals,
    }),
  );
  let vals = values;
  let lo = 0;
  let hi = 1;
  let cur = null; // [r, c] the readout is showing

  const rows = () => vals.length;
  const cols = () => vals[0]?.length ?? 0;
  const cellText = (r, c) =>
    `${rowLabels?.[r] ?? `${rowName} ${r}`}, ${colLabels?.[c] ?? `${colName} ${c}`}: ${fmt(vals[r][c], digits)}`;

  function draw() {
    const n = rows();
    const m = cols();
    // Whole pixels per cell, so small matrices stay crisp when the CSS scales the canvas.
    const px = Math.max(1, Math.floor(512 / Math.max(n, m)));
    canvas.width = m * px;
    canvas.height = n * px;
    canvas.style.aspectRatio = `${m} / ${n}`;
    // Blocks of whole pixels stay sharp when scaled up; one pixel per cell (n >= 512) shown smaller
    // than its pixels must be smoothed, or nearest-neighbour sampling draws moiré stripes.
    canvas.style.imageRendering = px > 1 ? 'pixelated' : 'auto';
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    // Pixels written straight into an ImageData through a 256-colour table: a 512 x 512 matrix
    // would otherwise be 262,144 fillRect calls per slider step.
    const image = ctx.createImageData(m * px, n * px);
    const data = image.data;
    const rowBytes = m * px * 4;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < m; c++) {
        const v = vals[r][c];
        const rgb = Number.isFinite(v)
          ? LUT[Math.round((hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0.5) * 255)]
          : MASKED;
        for (let y = 0; y < px; y++) {
          let o = (r * px + y) * rowBytes + c * px * 4;
          for (let x = 0; x < px; x++, o += 4) {
            data[o] = rgb[0];
            data[o + 1] = rgb[1];
            data[o + 2] = rgb[2];
            data[o + 3] = 255;
          }
        }
      }
    }
    ctx.putImageData(image, 0, 0);
    if (px >= 6) {
      // Hatch the masked cells, as the masked cells of a matrix table are.
      ctx.strokeStyle = '#b9b5aa';
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < m; c++) {
          if (Number.isFinite(vals[r][c])) continue;
          ctx.beginPath();
          ctx.moveTo(c * px, (r + 1) * px);
          ctx.lineTo((c + 1) * px, r * px);
          ctx.stroke();
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
    if (range === 'auto') {
      // A loop, not Math.min(...values): 262,144 arguments can overflow the call stack.
      lo = Infinity;
      hi = -Infinity;
      for (const row of vals) {
        for (const x of row) {
          if (!Number.isFinite(x)) continue;
          if (x < lo) lo = x;
          if (x > hi) hi = x;
        }
      }
      if (lo > hi) [lo, hi] = [0, 1];
    } else {
      ({ min: lo, max: hi } = range);
    }
    canvas.setAttribute(
      'aria-label',
      `${typeof label === 'string' ? label : 'Heatmap'}: ${rows()} by ${cols()}; focus and use the arrow keys to read values`,
    );
    // The ends are read as decimals: 0.00, not 4.03e-4 (the read-out gives a cell's exact value).
    legend.replaceChildren(
      fmt(lo, 2, { fixed: true }),
      el('span', { class: 'ramp', style: { background: viridisGradient() } }),
      fmt(hi, 2, { fixed: true }),
    );
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
