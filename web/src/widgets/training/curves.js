// Live training curves: loss, and accuracy with the attention on the noun, against the step.
// uPlot draws them (small, fast canvas charts with a hover legend); the current numbers are
// also printed as text by the widget, so nothing depends on reading a line.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el, newId } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';

// Okabe-Ito colours (colour-blind safe), told apart by dash pattern as well.
const TRAIN = { stroke: '#0072b2', width: 2 };
const HELDOUT = { stroke: '#d55e00', width: 2, dash: [7, 4] };
const ATTENTION = { stroke: '#009e73', width: 2, dash: [2, 3] };
const MAX_POINTS = 2000; // beyond this, every other old point is dropped (the shape stays)
const HEIGHT = 190;

function chart({ title, yLabel, series, range }) {
  const id = newId('curve');
  const holder = el('div', { class: 'curve-canvas', role: 'img', 'aria-labelledby': id });
  const node = el('figure', { class: 'curve' }, el('figcaption', { id, class: 'curve-title' }, title), holder);
  const opts = {
    width: 320,
    height: HEIGHT,
    scales: { x: { time: false }, y: { range } },
    series: [
      { label: 'step', value: (u, v) => (v == null ? '—' : String(v)) },
      ...series.map((s) => ({
        ...s,
        spanGaps: true,
        points: { show: false },
        value: (u, v) => (v == null ? '—' : fmt(v, 3)),
      })),
    ],
    axes: [
      { label: 'step', size: 36, labelSize: 16, font: '11px sans-serif', labelFont: '600 11px sans-serif' },
      { label: yLabel, size: 44, labelSize: 16, font: '11px sans-serif', labelFont: '600 11px sans-serif' },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
  const plot = new uPlot(opts, [[], ...series.map(() => [])], holder);
  return { node, holder, plot };
}

/**
 * curves() -> { node, push(point), clear(), destroy() }
 * point: { step, trainLoss, trainAccuracy, heldoutLoss, heldoutAccuracy, attention } (null = not measured)
 */
export function curves() {
  const loss = chart({
    title: 'Loss (cross-entropy)',
    yLabel: 'loss',
    series: [
      { label: 'training', ...TRAIN },
      { label: 'held-out', ...HELDOUT },
    ],
    range: (u, min, max) => [0, Math.max(0.5, Number.isFinite(max) ? max * 1.05 : 2.5)],
  });
  const acc = chart({
    title: 'Accuracy and attention on the noun',
    yLabel: 'fraction',
    series: [
      { label: 'training acc.', ...TRAIN },
      { label: 'held-out acc.', ...HELDOUT },
      { label: 'attention', ...ATTENTION },
    ],
    range: [0, 1],
  });
  const node = el('div', { class: 'curves' }, loss.node, acc.node);
  let points = [];
  let frame = 0;

  function draw() {
    frame = 0;
    node.dataset.points = String(points.length);
    const col = (k) => points.map((p) => p[k] ?? null);
    const steps = col('step');
    loss.plot.setData([steps, col('trainLoss'), col('heldoutLoss')]);
    acc.plot.setData([steps, col('trainAccuracy'), col('heldoutAccuracy'), col('attention')]);
  }
  // Redraw once per animation frame at most, however many points arrive.
  const schedule = () => {
    frame ||= requestAnimationFrame(draw);
  };

  const resize = new ResizeObserver(() => {
    for (const c of [loss, acc]) {
      const width = Math.max(200, Math.floor(c.node.clientWidth));
      if (width !== c.plot.width) c.plot.setSize({ width, height: HEIGHT });
    }
  });
  resize.observe(node);

  return {
    node,
    push(point) {
      const last = points[points.length - 1];
      // A point for the same step (pause right after a chunk) replaces the last one.
      if (last && last.step === point.step) points[points.length - 1] = { ...last, ...definedOnly(point) };
      else points.push(point);
      if (points.length > MAX_POINTS) points = points.filter((p, i) => i % 2 === 0 || i === points.length - 1);
      schedule();
    },
    clear() {
      points = [];
      schedule();
    },
    get length() {
      return points.length;
    },
    destroy() {
      resize.disconnect();
      cancelAnimationFrame(frame);
      loss.plot.destroy();
      acc.plot.destroy();
    },
  };
}

function definedOnly(point) {
  return Object.fromEntries(Object.entries(point).filter(([, v]) => v !== null && v !== undefined));
}
