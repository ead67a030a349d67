// Export what a figure shows, loaded on demand (web/src/ui/export-menu.js imports this module the
// first time a learner opens an Export menu, so none of it weighs on the first lesson).
//   - SVG is built from the numbers, not from pixels: rects, lines and paths, with every label
//     and number as <text>, so a slide or a paper can rescale and search it;
//   - PNG is that SVG rasterised at twice its size (crisp on slides);
//   - matrices copy as CSV, JSON and a LaTeX bmatrix, each with the full shortest round-trip
//     value of every entry, so parsing a copy gives back exactly the matrix the engine computed.
import { viridis } from '../ui/colors.js';
import { fmt } from '../ui/format.js';

const NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const num = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

function svgDocument(width, height, title, body) {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="${NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${FONT}" role="img" aria-label="${esc(title)}">\n<title>${esc(title)}</title>\n` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>\n${body}\n</svg>\n`
  );
}

/** A plain string for a title that may be a DOM node (a KaTeX label) or text. */
export function plainTitle(title, fallback = 'figure') {
  if (title == null) return fallback;
  if (typeof title === 'string') return title || fallback;
  const text = title.textContent?.trim();
  return text || fallback;
}

/**
 * heatmapSvg({ title, values, range: 'auto' | { min, max }, rowLabels, colLabels, digits, fixed })
 * (digits and fixed as the figure formats its cells, so the file shows the same numbers)
 * One rect per cell in viridis, the number in every cell (for up to 40 x 40 cells; beyond that
 * the text would be too small to read, and the title says so).
 */
export function heatmapSvg({ title, values, range = 'auto', rowLabels, colLabels, digits = 3, fixed = false }) {
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  let lo = Infinity;
  let hi = -Infinity;
  if (range === 'auto' || !range) {
    for (const row of values)
      for (const x of row) {
        if (!Number.isFinite(x)) continue;
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    if (lo > hi) [lo, hi] = [0, 1];
  } else ({ min: lo, max: hi } = range);
  const withNumbers = rows <= 40 && cols <= 40;
  const cell = withNumbers ? 48 : Math.max(2, Math.floor(640 / Math.max(rows, cols)));
  const left = rowLabels ? 80 : 8;
  const top = 32 + (colLabels ? 20 : 0);
  const width = left + cols * cell + 8;
  const height = top + rows * cell + 40;
  const parts = [`<text x="${left}" y="20" font-size="14" font-weight="600" fill="#1a1a1a">${esc(title)}</text>`];
  if (colLabels)
    colLabels.forEach((l, c) =>
      parts.push(
        `<text x="${left + c * cell + cell / 2}" y="${top - 6}" font-size="11" text-anchor="middle" fill="#1a1a1a">${esc(l)}</text>`,
      ),
    );
  for (let r = 0; r < rows; r++) {
    if (rowLabels)
      parts.push(
        `<text x="${left - 6}" y="${top + r * cell + cell / 2 + 4}" font-size="11" text-anchor="end" fill="#1a1a1a">${esc(rowLabels[r] ?? '')}</text>`,
      );
    for (let c = 0; c < cols; c++) {
      const v = values[r][c];
      const x = left + c * cell;
      const y = top + r * cell;
      const colour = Number.isFinite(v)
        ? viridis(hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0.5)
        : { background: 'rgb(233, 230, 222)', color: '#1a1a1a' };
      parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${colour.background}"/>`);
      if (withNumbers)
        parts.push(
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" font-size="12" text-anchor="middle" fill="${colour.color}">${esc(fmt(v, digits, { fixed }))}</text>`,
        );
    }
  }
  const legendY = top + rows * cell + 24;
  parts.push(
    `<text x="${left}" y="${legendY}" font-size="11" fill="#1a1a1a">colour scale: ${esc(fmt(lo, digits))} (dark) to ${esc(fmt(hi, digits))} (light)${withNumbers ? '' : '; values in the CSV/JSON copy'}</text>`,
  );
  return { svg: svgDocument(width, height, title, parts.join('\n')), width, height };
}

// Presentation properties a CSS class gives a plot's shapes; copied onto each element so the SVG
// looks the same outside the page's stylesheet.
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linejoin',
  'stroke-linecap',
  // Point labels carry a white halo drawn under their fill; without it the halo hides the text.
  'paint-order',
  'opacity',
  'font-size',
  'font-weight',
  'font-family',
  'text-anchor',
  'dominant-baseline',
];

/** A live <svg> (plot2d) as a standalone SVG document: computed styles inlined, focus rings dropped. */
export function liveSvg(svgNode, title) {
  const box = svgNode.viewBox?.baseVal;
  const width = box?.width || svgNode.clientWidth || 320;
  const height = box?.height || svgNode.clientHeight || 320;
  const copy = svgNode.cloneNode(true);
  const from = [svgNode, ...svgNode.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((node, i) => {
    const style = getComputedStyle(node);
    const target = to[i];
    for (const p of STYLE_PROPS) {
      const v = style.getPropertyValue(p);
      if (v && v !== 'none' && v !== 'normal' && v !== 'auto') target.setAttribute(p, v);
      else if (p === 'fill' && v === 'none') target.setAttribute('fill', 'none');
    }
    if (style.display === 'none' || style.visibility === 'hidden') target.setAttribute('display', 'none');
    for (const a of ['tabindex', 'class', 'role', 'aria-hidden', 'style']) target.removeAttribute(a);
  });
  copy.setAttribute('xmlns', NS);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const titleNode = document.createElementNS(NS, 'title');
  titleNode.textContent = title;
  copy.prepend(titleNode);
  const background = document.createElementNS(NS, 'rect');
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height));
  // The plot's own background (dark in dark mode), so the inlined ink stays readable on it.
  const ground = getComputedStyle(svgNode).backgroundColor;
  background.setAttribute('fill', ground && !/^rgba\(.*,\s*0\)$|^transparent$/.test(ground) ? ground : '#ffffff');
  titleNode.after(background);
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
  return { svg: text, width, height };
}

function niceTicks(lo, hi, count = 5) {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * lineChartSvg({ title, xLabel, yLabel, xRange, yRange, series: [{ label, stroke, dash, points: [[x, y]] }] })
 * Axes with tick numbers as <text>, one <path> per series (gaps where y is null), a legend.
 */
export function lineChartSvg({ title, xLabel, yLabel, xRange, yRange, series }) {
  // A line with nothing measured yet (no previous run) is left out, legend entry and all.
  series = series.filter((s) => s.points.some(([x, y]) => Number.isFinite(x) && Number.isFinite(y)));
  const width = 560;
  const legendRows = series.length;
  const plotTop = 34;
  const plotH = 260;
  const left = 56;
  const right = 16;
  const height = plotTop + plotH + 44 + legendRows * 18;
  const plotW = width - left - right;
  const [x0, x1] = xRange;
  const [y0, y1] = yRange;
  const sx = (x) => left + ((x - x0) / (x1 - x0 || 1)) * plotW;
  const sy = (y) => plotTop + plotH - ((y - y0) / (y1 - y0 || 1)) * plotH;
  const parts = [`<text x="${left}" y="20" font-size="14" font-weight="600" fill="#1a1a1a">${esc(title)}</text>`];
  for (const t of niceTicks(y0, y1)) {
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${num(sy(t))}" y2="${num(sy(t))}" stroke="#e2dfd6" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${num(sy(t) + 4)}" font-size="11" text-anchor="end" fill="#1a1a1a">${esc(fmt(t, 3))}</text>`,
    );
  }
  for (const t of niceTicks(x0, x1)) {
    parts.push(
      `<line x1="${num(sx(t))}" x2="${num(sx(t))}" y1="${plotTop + plotH}" y2="${plotTop + plotH + 4}" stroke="#1a1a1a" stroke-width="1"/>`,
      `<text x="${num(sx(t))}" y="${plotTop + plotH + 16}" font-size="11" text-anchor="middle" fill="#1a1a1a">${esc(fmt(t, 3))}</text>`,
    );
  }
  parts.push(
    `<path d="M${left},${plotTop} V${plotTop + plotH} H${left + plotW}" fill="none" stroke="#1a1a1a" stroke-width="1"/>`,
    `<text x="${left + plotW / 2}" y="${plotTop + plotH + 32}" font-size="12" text-anchor="middle" fill="#1a1a1a">${esc(xLabel)}</text>`,
    `<text transform="translate(14 ${plotTop + plotH / 2}) rotate(-90)" font-size="12" text-anchor="middle" fill="#1a1a1a">${esc(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    let d = '';
    let pen = false;
    for (const [x, y] of s.points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${num(sx(x))},${num(sy(Math.min(y1, Math.max(y0, y))))}`;
      pen = true;
    }
    const dash = s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${s.stroke}" stroke-width="${s.width ?? 2}"${dash}/>`);
    const ly = plotTop + plotH + 44 + i * 18;
    parts.push(
      `<line x1="${left}" x2="${left + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.stroke}" stroke-width="${s.width ?? 2}"${dash}/>`,
      `<text x="${left + 36}" y="${ly}" font-size="11" fill="#1a1a1a">${esc(s.label)}</text>`,
    );
  });
  return { svg: svgDocument(width, height, title, parts.join('\n')), width, height };
}

/** Rasterise an SVG document to a PNG Blob at `scale` times its size. */
export async function svgToPng({ svg, width, height }, scale = 2) {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** "Attention weights (A)" -> "attention-weights-a" */
export function fileStem(title) {
  return (
    plainTitle(title)
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'figure'
  );
}

// Shortest text that parses back to the same double; masked (-inf) scores stay recognisable.
const exact = (x) => (Number.isFinite(x) ? String(x) : x > 0 ? 'Infinity' : x < 0 ? '-Infinity' : 'NaN');

export function matrixToCsv(m) {
  return `${m.map((row) => row.map(exact).join(',')).join('\n')}\n`;
}

/** JSON has no infinity: a masked entry becomes null (the CSV and LaTeX keep its sign). */
export function matrixToJson(m) {
  return JSON.stringify(m.map((row) => row.map((x) => (Number.isFinite(x) ? x : null))));
}

function latexNumber(x) {
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : x < 0 ? '-\\infty' : '\\text{NaN}';
  const [mantissa, exponent] = String(x).split('e');
  return exponent === undefined ? mantissa : `${mantissa} \\times 10^{${Number(exponent)}}`;
}

export function matrixToLatex(m) {
  return `\\begin{bmatrix}\n${m.map((row) => `  ${row.map(latexNumber).join(' & ')}`).join(' \\\\\n')}\n\\end{bmatrix}\n`;
}

export const matrixFormats = {
  csv: { label: 'CSV', write: matrixToCsv },
  json: { label: 'JSON', write: matrixToJson },
  latex: { label: 'LaTeX', write: matrixToLatex },
};

/** Copy text; where the clipboard is refused (an iframe without permission), hand it back to show. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** spec: { heatmap: {...} } | { svgNode, title } | { chart: {...} } -> { svg, width, height } */
export function figureSvg(spec) {
  if (spec.heatmap) return heatmapSvg(spec.heatmap);
  if (spec.chart) return lineChartSvg(spec.chart);
  return liveSvg(spec.svgNode, spec.title);
}
