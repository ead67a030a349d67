import { THEME_EVENT } from '../state/theme.js';

// Viridis (perceptually uniform, readable with the common colour-vision deficiencies and in
// greyscale), sampled at 11 stops from matplotlib's table and interpolated linearly.
const VIRIDIS = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

/** t in [0, 1] -> { background, color } with a text colour that stays readable on it. */
export function viridis(t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const rgb = VIRIDIS[i].map((c, k) => Math.round(c + (VIRIDIS[i + 1][k] - c) * f));
  return { background: `rgb(${rgb.join(',')})`, color: readableInk(rgb) };
}

/** Black or white, whichever contrasts more with rgb (WCAG relative luminance); >= 4.5:1 always. */
function readableInk(rgb) {
  const lin = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const L = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  return 1.05 / (L + 0.05) >= (L + 0.05) / 0.05 ? '#fff' : '#000';
}

/** A CSS gradient of the scale, for legends. */
export function viridisGradient() {
  return `linear-gradient(to right, ${VIRIDIS.map((c, i) => `rgb(${c.join(',')}) ${(i * 100) / (VIRIDIS.length - 1)}%`).join(', ')})`;
}

/**
 * A colour of the page's palette (a CSS custom property of <html>, e.g. '--ink'), as it is now,
 * for drawings that cannot use CSS: canvases (uPlot's axes). Read once per theme: a chart redraws
 * many times a second while a model trains, and a style lookup then may force a recalculation.
 * `fallback` outside a browser.
 */
const palette = new Map();
globalThis.addEventListener?.(THEME_EVENT, () => palette.clear());
export function themeColor(name, fallback = '#000') {
  if (typeof document === 'undefined') return fallback;
  if (!palette.has(name)) {
    palette.set(name, getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback);
  }
  return palette.get(name);
}

/** A uPlot axis in the page's colours, read at every draw (a canvas cannot use CSS variables). */
export const themedAxis = (axis) => ({
  ...axis,
  stroke: () => themeColor('--ink'),
  grid: { stroke: () => themeColor('--grid'), width: 1 },
  ticks: { stroke: () => themeColor('--axis'), width: 1 },
});

/** Repaint a uPlot chart whenever the theme changes; returns the function that stops it. */
export function repaintOnThemeChange(plot) {
  const repaint = () => plot.redraw(false, true);
  globalThis.addEventListener?.(THEME_EVENT, repaint);
  return () => globalThis.removeEventListener?.(THEME_EVENT, repaint);
}
